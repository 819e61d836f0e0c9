package lyceum.projections;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import lyceum.events.EventTags;
import lyceum.events.ExperimentEvent;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.javadsl.Handler;

/**
 * The stored iteration metrics ({@link IterationMetricsTable}) from the experiment tag. A projection of
 * its own, so that waiting for the problem projections to catch up never delays experiment status.
 */
public final class IterationMetricsProjection {

    public static final String NAME = "iteration-metrics";

    private IterationMetricsProjection() {}

    public static void init(ActorSystem<?> system, ReadSide readSide) {
        TaggedProjections.init(system, NAME, List.of(EventTags.EXPERIMENT), handler(system, readSide));
    }

    private static Supplier<Handler<EventEnvelope<ExperimentEvent>>> handler(ActorSystem<?> system, ReadSide readSide) {
        CatchUp catchUp = CatchUp.fromConfig(system.settings().config());
        Executor blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
        var tracking =
                lyceum.tracking.TrackingFiles.fromConfig(system.settings().config());
        return () -> new IterationMetricsHandler(readSide, catchUp, blocking, tracking);
    }
}
