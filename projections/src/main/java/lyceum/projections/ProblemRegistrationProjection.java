package lyceum.projections;

import lyceum.events.EventTags;
import org.apache.pekko.actor.typed.ActorSystem;

/** The registered problems ({@link ProblemTable}) from the problem tags. */
public final class ProblemRegistrationProjection {

    public static final String NAME = "problems";

    private ProblemRegistrationProjection() {}

    /** Starts one projection per tag on the coordinator nodes of the cluster. */
    public static void init(ActorSystem<?> system, ReadSide readSide) {
        TaggedProjections.init(system, NAME, EventTags.problemTags(), () -> new ProblemRegistrationHandler(readSide));
    }
}
