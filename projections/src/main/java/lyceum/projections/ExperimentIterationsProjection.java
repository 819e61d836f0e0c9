package lyceum.projections;

import java.util.List;
import lyceum.events.EventTags;
import org.apache.pekko.actor.typed.ActorSystem;

/** An experiment's iterations ({@link ExperimentIterationsTable}) from the experiment tag. */
public final class ExperimentIterationsProjection {

    public static final String NAME = "experiment-iterations";

    private ExperimentIterationsProjection() {}

    /** Starts one projection per tag on the coordinator nodes of the cluster. */
    public static void init(ActorSystem<?> system, ReadSide readSide) {
        TaggedProjections.init(
                system, NAME, List.of(EventTags.EXPERIMENT), () -> new ExperimentIterationsHandler(readSide));
    }
}
