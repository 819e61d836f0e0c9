package lyceum.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import lyceum.projections.SharedCassandra;
import org.junit.jupiter.api.Test;

/** The replay benchmark on a small journal of its own, in the shared Cassandra 5. */
class ReplayBenchmarkTest {

    @Test
    void replaysItsOwnJournalAgainstADriverScanOfTheSameRows() {
        Map<String, Object> config = Map.of();
        int problems = 40;
        BenchResult first = ReplayBenchmark.run(
                SharedCassandra.get().nodeConfig(config), problems * BenchJournal.eventsPerProblem(), 1, System.err);

        long events = (long) problems * BenchJournal.eventsPerProblem()
                + BenchJournal.experimentEvents("x", problems).size();
        assertThat(first.benchmark()).isEqualTo("replay");
        assertThat(first.unit()).isEqualTo("events/s");
        assertThat(first.measured()).isPositive();
        assertThat(first.baseline()).isPositive();
        assertThat(first.details())
                .containsEntry("events", events)
                .containsEntry("scan_rows", events)
                .containsEntry("problems", problems);
        assertThat((double) first.details().get("journal_write_seconds")).isPositive();
        // the shared Cassandra is an embedded node: its process is found and its CPU time read
        assertThat((List<?>) first.details().get("replay_cassandra_cpu_seconds"))
                .singleElement()
                .satisfies(seconds -> assertThat((double) seconds).isNotNaN().isNotNegative());

        BenchResult again = ReplayBenchmark.run(
                SharedCassandra.get().nodeConfig(config), problems * BenchJournal.eventsPerProblem(), 1, System.err);
        assertThat(again.details()).containsEntry("journal_write_seconds", 0.0).containsEntry("events", events);
    }
}
