package lyceum.projections;

import lyceum.events.EventTags;
import org.apache.pekko.actor.typed.ActorSystem;

/** The evaluation answers ({@link EvaluationTable}, {@link EvaluationSampleTable}) from the problem tags. */
public final class EvaluationProjection {

    public static final String NAME = "evaluations";

    private EvaluationProjection() {}

    /** Starts one projection per tag on the coordinator nodes of the cluster. */
    public static void init(ActorSystem<?> system, ReadSide readSide) {
        TaggedProjections.init(system, NAME, EventTags.problemTags(), () -> new EvaluationHandler(readSide));
    }
}
