package lyceum.projections.metrics;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * How long metrics wait for the problem projections to catch up with an iteration the experiment has
 * finished: the events behind them are journaled before the experiment's, but each projection reads
 * its tag on its own schedule. Retries start at {@code firstDelay} and double up to {@code maxDelay};
 * after {@code giveUpAfter} the metrics are stored marked incomplete.
 */
public record CatchUp(Duration firstDelay, Duration maxDelay, Duration giveUpAfter) {

    public static final String PATH = "lyceum.projections.iteration-metrics.catch-up";

    public CatchUp {
        positive("first-delay", firstDelay);
        positive("max-delay", maxDelay);
        positive("give-up-after", giveUpAfter);
    }

    /** Reads {@value #PATH}; defaults in cluster-config's {@code lyceum/read-models.conf}. */
    public static CatchUp fromConfig(Config config) {
        return new CatchUp(
                config.getDuration(PATH + ".first-delay"),
                config.getDuration(PATH + ".max-delay"),
                config.getDuration(PATH + ".give-up-after"));
    }

    private static void positive(String key, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(PATH + "." + key + " must be positive, found " + value);
        }
    }

    Duration next(Duration delay) {
        Duration doubled = delay.multipliedBy(2);
        return doubled.compareTo(maxDelay) > 0 ? maxDelay : doubled;
    }
}
