package lyceum.projections.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.Map;
import lyceum.events.ExperimentEvent;
import lyceum.events.IterationCounts;
import lyceum.metrics.IterationMetrics;
import lyceum.metrics.IterationMetricsAccumulator;
import lyceum.metrics.journal.IterationReadout;
import org.junit.jupiter.api.Test;

class ExpectationsTest {

    @Test
    void critiquedGreedyAnswersAreExpectedPerSplitAndWaitedFor() {
        var evaluated = new ExperimentEvent.Evaluated(
                "exp",
                1,
                "m1",
                Map.of("held-out", 0.5),
                IterationCounts.evaluated("held-out", new IterationCounts.SplitCounts(0, 4, 2, 0, 4), 0));
        // the same counts as journals before typed counts held them
        var journaledBefore = new ExperimentEvent.Evaluated(
                "exp",
                1,
                "m1",
                Map.of("held-out", 0.5),
                IterationCounts.fromStringKeyed(Map.of(
                        "held-out.total",
                        4L,
                        "held-out.correct",
                        2L,
                        "held-out.refined",
                        4L,
                        "held-out.refined.flagged",
                        3L,
                        "held-out.refined.correct",
                        3L)));

        Map<String, Long> expected = IterationMetricsHandler.expectedEvaluations(evaluated);

        assertThat(expected).containsOnly(entry("held-out", 4L), entry("held-out.refined", 4L));
        assertThat(IterationMetricsHandler.expectedEvaluations(journaledBefore)).isEqualTo(expected);
        IterationMetrics metrics = new IterationMetricsAccumulator(1).result();
        Expectations expectations = new Expectations(null, expected, Map.of());
        var lagging =
                new IterationReadout(metrics, 0, Map.of("held-out", 4L), Map.of(), Map.of("held-out", 3L), Map.of(), 0);
        assertThat(expectations.shortfalls(lagging, MetricsStage.COMPLETED))
                .containsExactly("3 of 4 held-out refined evaluations");
        var caughtUp =
                new IterationReadout(metrics, 0, Map.of("held-out", 4L), Map.of(), Map.of("held-out", 4L), Map.of(), 0);
        assertThat(expectations.shortfalls(caughtUp, MetricsStage.COMPLETED)).isEmpty();
    }

    @Test
    void everyRegisteredProblemIsWaitedForBeforeTheOriginalDataCounts() {
        IterationMetrics metrics = new IterationMetricsAccumulator(0).result();
        Expectations expectations = new Expectations(6L, Map.of(), Map.of("train", 6L, "test", 2L));

        var lagging =
                new IterationReadout(metrics, 6, Map.of(), Map.of(), Map.of(), Map.of("train", 4L, "test", 2L), 0);
        assertThat(expectations.shortfalls(lagging, MetricsStage.SAMPLED))
                .containsExactly("4 of 6 train problems registered");
        var caughtUp =
                new IterationReadout(metrics, 6, Map.of(), Map.of(), Map.of(), Map.of("train", 6L, "test", 2L), 0);
        assertThat(expectations.shortfalls(caughtUp, MetricsStage.SAMPLED)).isEmpty();
    }
}
