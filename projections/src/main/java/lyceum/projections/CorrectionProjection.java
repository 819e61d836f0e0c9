package lyceum.projections;

import java.util.List;
import lyceum.events.EventTags;
import lyceum.events.ProblemEvent;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.projection.Projection;
import org.apache.pekko.projection.eventsourced.EventEnvelope;

/** The corrections ({@link CorrectionTable}) from the problem tags. */
public final class CorrectionProjection {

    public static final String NAME = "corrections";

    private CorrectionProjection() {}

    /** Starts one projection per tag on the coordinator nodes of the cluster. */
    public static void init(ActorSystem<?> system, ReadSide readSide) {
        TaggedProjections.init(system, NAME, tags(), () -> new CorrectionHandler(readSide));
    }

    public static Projection<EventEnvelope<ProblemEvent>> create(ActorSystem<?> system, ReadSide readSide, String tag) {
        return TaggedProjections.create(system, NAME, tag, () -> new CorrectionHandler(readSide));
    }

    public static List<String> tags() {
        return EventTags.problemTags();
    }
}
