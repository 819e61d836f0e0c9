package lyceum.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import lyceum.projections.SharedCassandra;
import org.junit.jupiter.api.Test;

/** The re-grading benchmark on a small journal of its own, in the shared Cassandra 5. */
class RegradeBenchmarkTest {

    @Test
    void regradesTheReplayBenchmarksJournalAgainstAPlainReplayOfIt() {
        int problems = 30;
        BenchResult result = RegradeBenchmark.run(
                SharedCassandra.get().nodeConfig(Map.of()), problems * BenchJournal.eventsPerProblem(), 2, System.err);

        long events = (long) problems * BenchJournal.eventsPerProblem()
                + BenchJournal.experimentEvents("x", problems).size();
        assertThat(result.benchmark()).isEqualTo("regrade");
        assertThat(result.measured()).isPositive();
        assertThat(result.baseline()).isPositive();
        assertThat(result.details()).containsEntry("events", events).containsEntry("problems", problems);
        assertThat((List<?>) result.details().get("regrade_seconds")).hasSize(2);
        // the journal's own verdicts are those of the current grader: re-grading changes none of them
        assertThat(result.details()).containsEntry("changed_verdicts", 0L);
    }
}
