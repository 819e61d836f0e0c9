package lyceum.problem;

import java.util.List;
import lyceum.events.ProblemEvent;
import lyceum.events.ProblemEvent.ProblemRegistered;
import lyceum.problem.ProblemActor.Command;
import lyceum.problem.ProblemActor.Register;
import lyceum.problem.ProblemActor.TrainingData;
import lyceum.problem.ProblemState.Unregistered;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EffectFactories;

/**
 * The commands of a problem not registered yet. The coordinator registers a problem with its first
 * command: that command carries the registration, which is journaled before the command is handled as a
 * registered problem's.
 */
final class Registration {

    private final ActorContext<Command> context;
    private final String entityId;
    private final EffectFactories<ProblemEvent, ProblemState> effects;

    Registration(ActorContext<Command> context, String entityId, EffectFactories<ProblemEvent, ProblemState> effects) {
        this.context = context;
        this.entityId = entityId;
        this.effects = effects;
    }

    Effect<ProblemEvent, ProblemState> onRegister(Unregistered state, Register cmd) {
        return effects.persist(cmd.problem()).thenReply(cmd.replyTo(), s -> Done.getInstance());
    }

    /** Training data of a problem never registered, and never sampled: none. */
    Effect<ProblemEvent, ProblemState> noTrainingData(ProblemActor.CollectTrainingData cmd) {
        return effects.none().thenRun(s -> cmd.replyTo().tell(new TrainingData(entityId, List.of())));
    }

    /**
     * Journals the registration a first command carries, then handles the command again as a registered
     * problem's. Without one (an older node's command), it is dropped, and the coordinator's repeat finds
     * the problem no further on.
     */
    Effect<ProblemEvent, ProblemState> first(ProblemRegistered registration, Command cmd, String what) {
        if (registration == null) {
            context.getLog().warn("{}: {} asked before registration", entityId, what);
            return effects.none();
        }
        String carried = ProblemActor.entityId(registration.experimentId(), registration.problemId());
        if (!entityId.equals(carried)) {
            context.getLog().error("{}: {} carries the registration of {}; not registered", entityId, what, carried);
            return effects.none();
        }
        return effects.persist(registration).thenRun(s -> context.getSelf().tell(cmd));
    }
}
