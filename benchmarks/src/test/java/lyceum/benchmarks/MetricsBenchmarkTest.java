package lyceum.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import lyceum.metrics.IterationMetrics;
import org.junit.jupiter.api.Test;

class MetricsBenchmarkTest {

    @Test
    void aSmallRunReportsBothSizesAndTheirRatio() {
        BenchResult result = MetricsBenchmark.run(4_000, 8, 1);
        assertThat(result.benchmark()).isEqualTo("metrics.iteration");
        assertThat(result.unit()).isEqualTo("ms");
        assertThat(result.measured()).isPositive();
        assertThat(result.baseline()).isPositive();
        assertThat(result.ratio()).isFinite().isPositive();
        assertThat(((Map<?, ?>) result.details().get("small")).get("samples")).isEqualTo(400);
        assertThat(((Map<?, ?>) result.details().get("large")).get("samples")).isEqualTo(4_000);
        assertThat(((Map<?, ?>) result.details().get("large")).get("problems")).isEqualTo(500);
    }

    @Test
    void syntheticIterationsAreReproducibleAndCarryHardProblems() {
        var a = MetricsBenchmark.syntheticIteration(50, 8, 9);
        var b = MetricsBenchmark.syntheticIteration(50, 8, 9);
        assertThat(a).isEqualTo(b);
        IterationMetrics m = MetricsBenchmark.computeMetrics(a);
        assertThat(m.samples()).isEqualTo(400);
        assertThat(m.hardestBucket()).isEqualTo(5);
        assertThat(m.coverageAfterResample()).isGreaterThanOrEqualTo(m.coverage());
        assertThat(m.semanticDiversity().get("all")).isBetween(0.0, 1.0);
    }
}
