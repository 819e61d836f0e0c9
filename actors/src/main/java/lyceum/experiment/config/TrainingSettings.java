package lyceum.experiment.config;

import java.time.Duration;
import java.util.List;
import lyceum.workers.TrainingDataFormat;

/**
 * How each iteration trains ({@code experiment.training}). {@link ExperimentConfig} implements it, so its
 * records keep their names {@code ExperimentConfig.Training} and so on.
 */
public interface TrainingSettings {

    /**
     * How each iteration trains. {@code backend} {@code command} runs the gpu node's trainer profile
     * {@code profile} (lyceum.trainers.NAME in the node's configuration) on the set written in
     * {@code dataFormat}. {@code initialEpochs}, {@code epochs} and {@code learningRate} are 0 for a
     * training command the experiment gives none: its placeholders are then empty and the trainer uses its
     * own. {@code command} and {@code commandTimeout} are only read from experiments journaled when an
     * experiment carried the trainer's argv; a node no longer runs it. {@code fineTuneLearningRate} is the
     * peak learning rate of the trainings after M_0, null for {@code learningRate} (as experiments
     * journaled before it trained).
     */
    public record Training(
            TrainFrom from,
            boolean includeOriginal,
            boolean includeEarlierIterations,
            int initialEpochs,
            int epochs,
            double learningRate,
            String backend,
            String profile,
            List<String> command,
            Duration commandTimeout,
            String dataFormat,
            Double fineTuneLearningRate) {

        public Training {
            // Configs journaled before the data formats existed wrote Lyceum's own.
            dataFormat = dataFormat == null ? TrainingDataFormat.LYCEUM.key() : dataFormat;
        }

        public TrainingDataFormat format() {
            return TrainingDataFormat.of(dataFormat);
        }

        /** The peak learning rate of iteration {@code t}'s training: M_0's is {@code learningRate}. */
        public double learningRateAt(int t) {
            return t == 0 || fineTuneLearningRate == null ? learningRate : fineTuneLearningRate;
        }

        /** What a journaled argv without a profile asks for: a name no node defines, so it is refused. */
        public static final String JOURNALED_ARGV = "(an argv journaled before trainer profiles)";

        /** The gpu node's trainer profile to run, or null for the node's own trainer. */
        public String trainerProfile() {
            if (!"command".equals(backend)) {
                return null;
            }
            return profile != null && !profile.isEmpty() ? profile : JOURNALED_ARGV;
        }
    }

    public enum TrainFrom {
        BASE,
        PREVIOUS
    }
}
