package lyceum.engine;

import java.util.List;

/**
 * Train a model. {@code baseModelVersion} is null to train from scratch (iteration 0), otherwise the
 * checkpoint to start from (the base model, or M_t, as the experiment says). {@code seed} makes the run
 * reproducible.
 */
public record TrainingJob(
        String experimentId,
        int iteration,
        String baseModelVersion,
        List<TrainingExample> examples,
        int epochs,
        double learningRate,
        long seed) {}
