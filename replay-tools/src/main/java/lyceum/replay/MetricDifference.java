package lyceum.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One metric of one iteration that differs between two computations.
 *
 * @param metric the metric's JSON path in {@code metrics --json}, e.g. {@code pass_at_k.1} or
 *     {@code length.accepted.p50}
 * @param before the value on the reference side (stored, or computed with the journaled verdicts);
 *     null when absent there
 * @param after the recomputed value; null when absent
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record MetricDifference(int iteration, String metric, JsonNode before, JsonNode after) {}
