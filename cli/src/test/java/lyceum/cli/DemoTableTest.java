package lyceum.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import lyceum.metrics.GreedyResult;
import lyceum.metrics.IterationMetricsAccumulator;
import lyceum.metrics.Uncertainty;
import org.junit.jupiter.api.Test;

class DemoTableTest {

    @Test
    void anIterationThatSampledNothingShowsItsAccuracyFromTheMetricsAndNoCoverage() {
        var m0 = new IterationMetricsAccumulator(0)
                .addGreedy(new GreedyResult("held-out", "t1", true, 0))
                .addGreedy(new GreedyResult("held-out", "t2", false, 0))
                .addGreedy(new GreedyResult("held-out", "t3", true, 2))
                .addGreedy(new GreedyResult("held-in", "p1", true, 0))
                .result();

        DemoTable table = DemoTable.of("exp-1", "vanilla", List.of(m0));

        assertThat(table.hardestBucket()).as("no training problem was sampled").isZero();
        DemoTable.Row row = table.rows().get(0);
        assertThat(row.heldOutAccuracy()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(row.heldOutAccuracyInterval()).isEqualTo(Uncertainty.wilson(2, 3));
        assertThat(row.hardestBucketAccuracy()).isEqualTo(0.5);
        assertThat(row.heldInAccuracy()).isEqualTo(1.0);
        assertThat(row.coverage()).isNull();
        assertThat(row.accepted()).isNull();
        assertThat(row.hardestBucketCoverageInterval()).isNull();
        assertThat(table.render()).contains("66.7% (").contains("50.0%");
    }
}
