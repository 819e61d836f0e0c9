package lyceum.projections.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import lyceum.metrics.IterationMetrics;
import lyceum.metrics.journal.MetricsFromEvents;
import lyceum.projections.ExperimentScript;
import org.junit.jupiter.api.Test;

class IterationMetricsJsonTest {

    @Test
    void metricsReadBackEqualToWhatWasWritten() {
        List<IterationMetrics> metrics = MetricsFromEvents.compute(
                "exp-j", ExperimentScript.generate("exp-j", 3, 10, 4, 3, 2).events());
        for (IterationMetrics m : metrics) {
            String json = IterationMetricsJson.write(m);
            assertThat(json).contains("\"coverage_after_resample\"", "\"metrics_version\"");
            assertThat(IterationMetricsJson.read(json)).isEqualTo(m);
        }
    }

    @Test
    void testTimeFiguresReadBackEqualAndAreAbsentWithoutEvaluationSamples() {
        List<IterationMetrics> metrics = MetricsFromEvents.compute(
                "exp-t", ExperimentScript.generate("exp-t", 3, 10, 4, 3, 2, 4).events());
        for (IterationMetrics m : metrics) {
            String json = IterationMetricsJson.write(m);
            assertThat(json).contains("\"test_time\"", "\"best-of-n\"", "\"samples_per_problem\":4");
            assertThat(IterationMetricsJson.read(json)).isEqualTo(m);
        }
        assertThat(IterationMetricsJson.write(MetricsFromEvents.compute(
                                "exp-j",
                                ExperimentScript.generate("exp-j", 3, 10, 4, 3, 2)
                                        .events())
                        .get(1)))
                .doesNotContain("test_time");
    }

    @Test
    void somethingElseIsRefusedWithTheReason() {
        assertThatThrownBy(() -> IterationMetricsJson.read("{\"iteration\": \"x\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not iteration metrics");
    }
}
