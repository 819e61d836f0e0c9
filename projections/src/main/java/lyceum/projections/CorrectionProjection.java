package lyceum.projections;

import lyceum.events.EventTags;
import org.apache.pekko.actor.typed.ActorSystem;

/** The corrections ({@link CorrectionTable}) from the problem tags. */
public final class CorrectionProjection {

    public static final String NAME = "corrections";

    private CorrectionProjection() {}

    /** Starts one projection per tag on the coordinator nodes of the cluster. */
    public static void init(ActorSystem<?> system, ReadSide readSide) {
        TaggedProjections.init(system, NAME, EventTags.problemTags(), () -> new CorrectionHandler(readSide));
    }
}
