package lyceum.model;

/**
 * Optimiser settings a job does not carry. {@code batchSize} counts sequences; the learning rate warms
 * up linearly over {@code warmupFraction} of the steps (at most {@code maxWarmupSteps}) and then
 * follows a cosine down to {@code minLearningRateRatio} of its peak. Gradients are clipped to a global
 * norm of {@code maxGradientNorm}. {@code maxSteps} caps a run (0 = no cap), for benchmarks.
 */
public record TrainingSettings(
        int batchSize,
        double warmupFraction,
        int maxWarmupSteps,
        double minLearningRateRatio,
        double weightDecay,
        double maxGradientNorm,
        int logEverySteps,
        int maxSteps) {

    public static TrainingSettings defaults() {
        return new TrainingSettings(16, 0.05, 100, 0.1, 0.01, 1.0, 20, 0);
    }

    public TrainingSettings withBatchSize(int size) {
        return new TrainingSettings(
                size,
                warmupFraction,
                maxWarmupSteps,
                minLearningRateRatio,
                weightDecay,
                maxGradientNorm,
                logEverySteps,
                maxSteps);
    }

    public TrainingSettings withMaxSteps(int steps) {
        return new TrainingSettings(
                batchSize,
                warmupFraction,
                maxWarmupSteps,
                minLearningRateRatio,
                weightDecay,
                maxGradientNorm,
                logEverySteps,
                steps);
    }

    public TrainingSettings withLogEverySteps(int steps) {
        return new TrainingSettings(
                batchSize,
                warmupFraction,
                maxWarmupSteps,
                minLearningRateRatio,
                weightDecay,
                maxGradientNorm,
                steps,
                maxSteps);
    }
}
