package lyceum.projections;

import java.util.List;
import lyceum.events.EventTags;
import lyceum.events.ProblemEvent;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.projection.Projection;
import org.apache.pekko.projection.eventsourced.EventEnvelope;

/** The registered problems ({@link ProblemTable}) from the problem tags. */
public final class ProblemRegistrationProjection {

    public static final String NAME = "problems";

    private ProblemRegistrationProjection() {}

    /** Starts one projection per tag on the coordinator nodes of the cluster. */
    public static void init(ActorSystem<?> system, ReadSide readSide) {
        TaggedProjections.init(system, NAME, tags(), () -> new ProblemRegistrationHandler(readSide));
    }

    public static Projection<EventEnvelope<ProblemEvent>> create(ActorSystem<?> system, ReadSide readSide, String tag) {
        return TaggedProjections.create(system, NAME, tag, () -> new ProblemRegistrationHandler(readSide));
    }

    public static List<String> tags() {
        return EventTags.problemTags();
    }
}
