package lyceum.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import lyceum.metrics.IterationMetrics;
import lyceum.projections.metrics.IterationMetricsJson;
import org.junit.jupiter.api.Test;

class MetricsComparisonTest {

    static final List<IterationMetrics> METRICS = MetricsFromScript.threeIterations();

    @Test
    void equalMetricsAreIdentical() {
        MetricsComparison c = MetricsComparison.between(METRICS, List.copyOf(METRICS));
        assertThat(c.identical()).isTrue();
        assertThat(c.comparedIterations()).containsExactly(0, 1, 2);
    }

    @Test
    void everyChangedLeafIsNamedByItsJsonPath() throws Exception {
        IterationMetrics one = METRICS.get(1);
        double passAt1 = one.passAtK().get(1) + 0.25;
        ObjectNode tree = (ObjectNode) new ObjectMapper().readTree(IterationMetricsJson.write(one));
        tree.put("metrics_version", "old");
        ((ObjectNode) tree.get("pass_at_k")).put("1", passAt1);
        IterationMetrics changed = IterationMetricsJson.read(tree.toString());

        MetricsComparison c = MetricsComparison.between(List.of(METRICS.get(0), changed), METRICS);

        assertThat(c.metrics())
                .extracting(MetricDifference::iteration, MetricDifference::metric)
                .containsExactly(tuple(1, "metrics_version"), tuple(1, "pass_at_k.1"));
        assertThat(c.metrics().get(1).before().asDouble()).isEqualTo(passAt1);
        assertThat(c.metrics().get(1).after().asDouble())
                .isEqualTo(one.passAtK().get(1));
        assertThat(c.onlyAfter()).containsExactly(2);
        assertThat(c.onlyBefore()).isEmpty();
        assertThat(c.identical()).isFalse();
    }

    @Test
    void nestedAndListValuesAreComparedToo() {
        Map<String, com.fasterxml.jackson.databind.JsonNode> leaves = MetricsComparison.flatten(METRICS.get(1));
        assertThat(leaves)
                .containsKeys(
                        "coverage",
                        "greedy_accuracy.held-out",
                        "length.accepted_count",
                        "length.bin_edges[0]",
                        "disparity.spread");
    }
}
