package lyceum.model;

import java.util.List;
import java.util.Map;

/**
 * The JSON beside a checkpoint's parameters: everything needed to rebuild and audit the model without
 * any other store. {@code parametersSha256} guards the parameter file against corruption; the model
 * version is the first 16 hex digits of the hash over parameters, config and vocabulary.
 */
public record CheckpointManifest(
        String modelVersion,
        String parentModelVersion,
        ModelConfig config,
        List<String> vocabulary,
        String parametersSha256,
        Map<String, Object> training) {}
