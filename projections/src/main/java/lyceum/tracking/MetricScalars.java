package lyceum.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import lyceum.metrics.IterationMetrics;

/**
 * Every scalar of an iteration's metrics under its JSON path ({@code coverage}, {@code pass_at_k.1},
 * {@code greedy_accuracy.held-out}, {@code length.js_divergence}): the names the intervals use, and the
 * one list of per-iteration figures the dashboard charts, the report draws and the tracking files hold.
 */
public final class MetricScalars {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * Left out: the intervals (they belong to the figures), histograms (not a figure per iteration), the
     * iteration itself (the step) and the per-subset diversity copies (semantic_diversity keeps their
     * headline).
     */
    private static final Set<String> SKIPPED = Set.of(
            "iteration",
            "intervals",
            "correct_histogram",
            "correct_histogram_after_resample",
            "diversity_by_subset",
            "hardest_bucket");

    private MetricScalars() {}

    /** Scalars sorted by name; undefined (null or NaN) figures are absent. */
    public static SortedMap<String, Double> of(IterationMetrics metrics) {
        SortedMap<String, Double> out = new TreeMap<>();
        JsonNode tree = MAPPER.valueToTree(metrics);
        for (Iterator<Map.Entry<String, JsonNode>> it = tree.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!SKIPPED.contains(field.getKey())) {
                collect(field.getKey(), field.getValue(), out);
            }
        }
        return out;
    }

    /** Each iteration's scalars, keyed by iteration. */
    public static SortedMap<Integer, SortedMap<String, Double>> of(List<IterationMetrics> iterations) {
        SortedMap<Integer, SortedMap<String, Double>> out = new TreeMap<>();
        iterations.forEach(m -> out.put(m.iteration(), of(m)));
        return out;
    }

    private static void collect(String path, JsonNode node, Map<String, Double> out) {
        if (node.isNumber()) {
            double value = node.asDouble();
            if (!Double.isNaN(value) && !Double.isInfinite(value)) {
                out.put(path, value);
            }
        } else if (node.isObject()) {
            node.fields().forEachRemaining(f -> {
                if (!f.getKey().endsWith("histogram")) {
                    collect(path + "." + f.getKey(), f.getValue(), out);
                }
            });
        }
    }
}
