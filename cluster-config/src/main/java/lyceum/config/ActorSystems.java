package lyceum.config;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;

/** Ending an actor system the one way every command, tool and benchmark does. */
public final class ActorSystems {

    /** Long enough for cluster leave and the journal's last writes; a system slower than this is left to exit. */
    static final Duration TERMINATION_WAIT = Duration.ofSeconds(30);

    private ActorSystems() {}

    /** Terminates {@code system} and waits for it up to {@link #TERMINATION_WAIT}; never throws. */
    public static void terminate(ActorSystem<?> system) {
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(TERMINATION_WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            // terminating anyway
        }
    }
}
