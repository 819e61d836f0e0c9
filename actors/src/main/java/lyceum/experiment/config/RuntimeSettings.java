package lyceum.experiment.config;

import java.time.Duration;

/**
 * How the coordinator paces and retries its work ({@code experiment.runtime}). {@link ExperimentConfig} implements it, so its
 * records keep their names {@code ExperimentConfig.Runtime} and so on.
 */
public interface RuntimeSettings {

    /**
     * @param maxAttempts asks of one problem, or trainings of one iteration, before it counts as failed
     * @param retryBackoff the wait before the second attempt; it doubles with each further one
     */
    public record Runtime(
            int window,
            int progressEvery,
            Duration generationTimeout,
            Duration trainingTimeout,
            int maxAttempts,
            Duration retryBackoff) {

        /**
         * Configs journaled before bounded retries read without a backoff (and with 0 attempts): they ran
         * with 5 attempts and a 2s backoff, which this keeps. An experiment file always has a backoff.
         */
        public Runtime {
            if (retryBackoff == null) {
                maxAttempts = maxAttempts > 0 ? maxAttempts : 5;
                retryBackoff = Duration.ofSeconds(2);
            }
        }

        /** The wait before attempt {@code next} (2, 3, ...): the backoff doubled per attempt, at most 64 times. */
        public Duration backoffBefore(int next) {
            return retryBackoff.multipliedBy(1L << Math.min(Math.max(next - 2, 0), 6));
        }
    }
}
