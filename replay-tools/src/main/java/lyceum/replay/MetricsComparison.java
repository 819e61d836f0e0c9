package lyceum.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lyceum.metrics.IterationMetrics;
import lyceum.projections.metrics.IterationMetricsJson;

/**
 * Every metric that differs between two lists of iteration metrics, compared exactly leaf by leaf in
 * their {@code metrics --json} form, so any new metric is compared without code here.
 *
 * @param comparedIterations iterations present on both sides
 * @param onlyBefore iterations only the reference side has
 * @param onlyAfter iterations only the recomputed side has (for example not yet stored by the read side)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record MetricsComparison(
        List<Integer> comparedIterations,
        List<Integer> onlyBefore,
        List<Integer> onlyAfter,
        List<MetricDifference> metrics) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public static MetricsComparison between(List<IterationMetrics> before, List<IterationMetrics> after) {
        Map<Integer, IterationMetrics> a = BothSides.byIteration(before);
        Map<Integer, IterationMetrics> b = BothSides.byIteration(after);
        List<Integer> both = new ArrayList<>();
        List<Integer> onlyBefore = new ArrayList<>();
        List<Integer> onlyAfter = new ArrayList<>();
        List<MetricDifference> differences = new ArrayList<>();
        for (int t : BothSides.keys(a, b)) {
            if (!b.containsKey(t)) {
                onlyBefore.add(t);
            } else if (!a.containsKey(t)) {
                onlyAfter.add(t);
            } else {
                both.add(t);
                differences.addAll(differences(t, a.get(t), b.get(t)));
            }
        }
        return new MetricsComparison(both, onlyBefore, onlyAfter, differences);
    }

    /** Nothing differs and both sides hold the same iterations. */
    public boolean identical() {
        return onlyBefore.isEmpty() && onlyAfter.isEmpty() && metrics.isEmpty();
    }

    private static List<MetricDifference> differences(int iteration, IterationMetrics before, IterationMetrics after) {
        Map<String, JsonNode> a = flatten(before);
        Map<String, JsonNode> b = flatten(after);
        List<MetricDifference> out = new ArrayList<>();
        for (String path : BothSides.keys(a, b)) {
            JsonNode x = a.getOrDefault(path, NullNode.getInstance());
            JsonNode y = b.getOrDefault(path, NullNode.getInstance());
            if (!x.equals(y)) {
                out.add(new MetricDifference(iteration, path, x.isNull() ? null : x, y.isNull() ? null : y));
            }
        }
        return out;
    }

    /** Leaf values by dotted path; array elements as {@code path[i]}. */
    static Map<String, JsonNode> flatten(IterationMetrics metrics) {
        try {
            Map<String, JsonNode> leaves = new LinkedHashMap<>();
            flatten("", MAPPER.readTree(IterationMetricsJson.write(metrics)), leaves);
            return leaves;
        } catch (Exception e) {
            throw new IllegalStateException("metrics of iteration " + metrics.iteration() + " are not JSON", e);
        }
    }

    private static void flatten(String path, JsonNode node, Map<String, JsonNode> leaves) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                flatten(path.isEmpty() ? field.getKey() : path + "." + field.getKey(), field.getValue(), leaves);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                flatten(path + "[" + i + "]", node.get(i), leaves);
            }
        } else {
            leaves.put(path, node);
        }
    }
}
