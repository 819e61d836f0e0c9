package lyceum.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import lyceum.metrics.IterationMetrics;
import org.junit.jupiter.api.Test;

class ExperimentDiffTest {

    @Test
    void figuresOfBothSidesAndTheirDeltaPerIteration() {
        List<IterationMetrics> a = MetricsFromScript.of("exp-a", 9, 2);
        List<IterationMetrics> b = MetricsFromScript.of("exp-b", 31, 1);

        ExperimentDiff diff = ExperimentDiff.of("exp-a", a, "exp-b", b);

        assertThat(diff.iterations())
                .extracting(ExperimentDiff.IterationDiff::presentIn)
                .containsExactly("both", "both", "a");
        ExperimentDiff.IterationDiff one = diff.iterations().get(1);
        assertThat(one.metrics())
                .extracting(ExperimentDiff.Figure::metric)
                .contains(
                        "coverage",
                        "coverage_after_resample",
                        "accepted",
                        "pass_at_k.1",
                        "greedy_accuracy.held-out",
                        "greedy_accuracy.held-in",
                        "distinct_4",
                        "hardest_bucket_coverage",
                        "hardest_bucket_share_accepted");
        assertThat(figure(one, "coverage").a()).isEqualTo(a.get(1).coverage());
        assertThat(figure(one, "coverage").b()).isEqualTo(b.get(1).coverage());
        assertThat(figure(one, "accepted").delta())
                .isEqualTo((double) (b.get(1).accepted() - a.get(1).accepted()));
        assertThat(figure(one, "greedy_accuracy.held-out").delta())
                .isCloseTo(
                        b.get(1).greedyAccuracy().get("held-out")
                                - a.get(1).greedyAccuracy().get("held-out"),
                        within(1e-15));
        assertThat(figure(one, "distinct_4").a()).isEqualTo(a.get(1).distinct4());
        assertThat(diff.iterations().get(2).metrics()).allSatisfy(f -> {
            assertThat(f.b()).isNull();
            assertThat(f.delta()).isNull();
        });
        assertThat(diff.render()).contains("A = exp-a, B = exp-b").contains("iteration 2 (only in A)");
    }

    private static ExperimentDiff.Figure figure(ExperimentDiff.IterationDiff row, String metric) {
        return row.metrics().stream()
                .filter(f -> f.metric().equals(metric))
                .findFirst()
                .orElseThrow();
    }
}
