package lyceum.projections;

import java.util.List;
import lyceum.events.EventTags;
import lyceum.events.ExperimentEvent;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.projection.Projection;
import org.apache.pekko.projection.eventsourced.EventEnvelope;

/** An experiment's iterations ({@link ExperimentIterationsTable}) from the experiment tag. */
public final class ExperimentIterationsProjection {

    public static final String NAME = "experiment-iterations";

    private ExperimentIterationsProjection() {}

    /** Starts one projection per tag on the coordinator nodes of the cluster. */
    public static void init(ActorSystem<?> system, ReadSide readSide) {
        TaggedProjections.init(system, NAME, tags(), () -> new ExperimentIterationsHandler(readSide));
    }

    public static Projection<EventEnvelope<ExperimentEvent>> create(
            ActorSystem<?> system, ReadSide readSide, String tag) {
        return TaggedProjections.create(system, NAME, tag, () -> new ExperimentIterationsHandler(readSide));
    }

    public static List<String> tags() {
        return List.of(EventTags.EXPERIMENT);
    }
}
