package lyceum.projections.iterations;

import java.util.Map;

/**
 * One iteration of an experiment as the status read model holds it.
 *
 * @param modelVersion the model the iteration ends with (the sampling model when training was skipped)
 * @param trainingSkipped why training was skipped, null when it ran
 */
public record IterationStatus(
        int iteration,
        String samplingModelVersion,
        Map<String, Long> samplingCounters,
        String datasetHash,
        Integer exampleCount,
        String modelVersion,
        String checkpointPath,
        String trainingSkipped,
        Map<String, Double> accuracyBySplit,
        boolean completed) {}
