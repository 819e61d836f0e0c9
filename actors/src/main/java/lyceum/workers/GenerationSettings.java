package lyceum.workers;

import com.typesafe.config.Config;

/**
 * {@code lyceum.generation}: how the pool batches requests for the workers, and how much of an engine's
 * text a worker passes on. Defaults in cluster-config's {@code lyceum/generation.conf}.
 */
public record GenerationSettings(GenerationPool.Settings pool, int maxOutputChars) {

    public static final String PATH = "lyceum.generation";

    public GenerationSettings {
        atLeastOne("batch-size", pool.batchSize());
        atLeastOne("batches-per-worker", pool.batchesPerWorker());
        atLeastOne("max-attempts", pool.maxAttempts());
        atLeastOne("max-output-chars", maxOutputChars);
        if (pool.batchTimeout().isNegative() || pool.batchTimeout().isZero()) {
            throw new IllegalArgumentException(PATH + ".batch-timeout must be positive, found " + pool.batchTimeout());
        }
        if (pool.backoff().isNegative()) {
            throw new IllegalArgumentException(PATH + ".retry-backoff must not be negative, found " + pool.backoff());
        }
    }

    public static GenerationSettings fromConfig(Config config) {
        return new GenerationSettings(
                new GenerationPool.Settings(
                        config.getInt(PATH + ".batch-size"),
                        config.getInt(PATH + ".batches-per-worker"),
                        config.getDuration(PATH + ".batch-timeout"),
                        config.getInt(PATH + ".max-attempts"),
                        config.getDuration(PATH + ".retry-backoff")),
                config.getInt(PATH + ".max-output-chars"));
    }

    /** What a worker's engine text becomes before it leaves the worker. */
    public GenerationOutput output() {
        return new GenerationOutput(maxOutputChars);
    }

    private static void atLeastOne(String key, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(PATH + "." + key + " must be at least 1, found " + value);
        }
    }
}
