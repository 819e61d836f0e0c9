package lyceum.problem;

import java.time.Duration;
import org.apache.pekko.actor.typed.BackoffSupervisorStrategy;
import org.apache.pekko.actor.typed.SupervisorStrategy;

/** How Lyceum's persistent entities meet a failed journal write: restart from the journal, backing off. */
public final class JournalBackoff {
    public static final BackoffSupervisorStrategy STRATEGY =
            SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(10), 0.2);

    private JournalBackoff() {}
}
