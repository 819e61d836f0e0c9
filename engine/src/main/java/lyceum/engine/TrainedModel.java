package lyceum.engine;

import java.util.Map;

/** A checkpoint written by a trainer: where it is, its content hash (the model version) and its losses. */
public record TrainedModel(
        String modelVersion, String checkpointPath, int exampleCount, Map<String, Double> lossSummary) {}
