package lyceum.projections;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * How long metrics wait for the problem projections to catch up with an iteration the experiment has
 * finished: the events behind them are journaled before the experiment's, but each projection reads
 * its tag on its own schedule. Retries start at {@code firstDelay} and double up to {@code maxDelay};
 * after {@code giveUpAfter} the metrics are stored marked incomplete.
 */
public record CatchUp(Duration firstDelay, Duration maxDelay, Duration giveUpAfter) {

    public static CatchUp fromConfig(Config config) {
        Config c = config.getConfig("lyceum.projections.iteration-metrics.catch-up");
        return new CatchUp(c.getDuration("first-delay"), c.getDuration("max-delay"), c.getDuration("give-up-after"));
    }

    Duration next(Duration delay) {
        Duration doubled = delay.multipliedBy(2);
        return doubled.compareTo(maxDelay) > 0 ? maxDelay : doubled;
    }
}
