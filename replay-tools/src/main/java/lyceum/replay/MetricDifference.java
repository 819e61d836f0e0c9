package lyceum.replay;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One metric of one iteration that differs between two computations.
 *
 * @param metric the metric's JSON path in {@code metrics --json}, e.g. {@code pass_at_k.1} or
 *     {@code length.accepted.p50}
 * @param before the value on the reference side (stored, or computed with the journaled verdicts);
 *     null when absent there
 * @param after the recomputed value; null when absent
 */
public record MetricDifference(
        @JsonProperty("iteration") int iteration,
        @JsonProperty("metric") String metric,
        @JsonProperty("before") JsonNode before,
        @JsonProperty("after") JsonNode after) {}
