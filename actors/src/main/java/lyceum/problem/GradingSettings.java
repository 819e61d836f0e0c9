package lyceum.problem;

import com.typesafe.config.Config;
import java.time.Duration;

/** {@code lyceum.grading}: the time budget of one grade. Defaults in cluster-config's {@code lyceum/grading.conf}. */
public record GradingSettings(Duration budget) {

    public static final String BUDGET = "lyceum.grading.budget";

    public GradingSettings {
        if (budget.isNegative() || budget.isZero()) {
            throw new IllegalArgumentException(BUDGET + " must be positive, found " + budget);
        }
    }

    public static GradingSettings fromConfig(Config config) {
        return new GradingSettings(config.getDuration(BUDGET));
    }
}
