package lyceum.projections;

import lyceum.events.EventTags;
import org.apache.pekko.actor.typed.ActorSystem;

/** The samples and their decisions ({@link SampleTable}) from the problem tags. */
public final class SampleProjection {

    public static final String NAME = "samples";

    private SampleProjection() {}

    /** Starts one projection per tag on the coordinator nodes of the cluster. */
    public static void init(ActorSystem<?> system, ReadSide readSide) {
        TaggedProjections.init(system, NAME, EventTags.problemTags(), () -> new SampleHandler(readSide));
    }
}
