package lyceum.projections.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import lyceum.metrics.IterationMetrics;

/**
 * {@link IterationMetrics} as the JSON that {@code lyceum metrics --json} prints and the
 * iteration_metrics table stores (snake_case keys); reading it back gives an equal record.
 */
public final class IterationMetricsJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            // Stored by an older metrics version, a record may lack or add fields.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private IterationMetricsJson() {}

    public static String write(IterationMetrics metrics) {
        try {
            return MAPPER.writeValueAsString(metrics);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("metrics of iteration " + metrics.iteration(), e);
        }
    }

    public static IterationMetrics read(String json) {
        try {
            return MAPPER.readValue(json, IterationMetrics.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not iteration metrics: " + e.getOriginalMessage(), e);
        }
    }
}
