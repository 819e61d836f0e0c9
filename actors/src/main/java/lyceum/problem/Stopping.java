package lyceum.problem;

import java.time.Duration;
import java.time.Instant;
import lyceum.events.ProblemEvent;
import lyceum.problem.ProblemActor.Command;
import lyceum.problem.ProblemActor.Stop;
import lyceum.problem.ProblemState.Registered;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EffectFactories;

/**
 * A registered problem asked to stop by its shard (passivation, hand-off). The answers it awaits
 * (generations, verdicts) come to this entity, not through the shard, so it goes on until they are
 * journaled and answered: stopping at once would drop them and leave the coordinator to time out and ask
 * again. Messages sent through the shard meanwhile wait there for the next incarnation.
 */
final class Stopping {

    /** How often a problem asked to stop looks again whether it still owes an answer. */
    private static final Duration CHECK_EVERY = Duration.ofSeconds(1);

    private final ActorContext<Command> context;
    private final String entityId;
    private final Duration stopWait;
    private final SamplingRounds sampling;
    private final Evaluations evaluations;
    private final AnswerRouting answers;
    private final EffectFactories<ProblemEvent, ProblemState> effects;
    /** When the shard first asked this problem to stop; null until then. */
    private Instant asked;

    Stopping(
            ActorContext<Command> context,
            String entityId,
            Duration stopWait,
            SamplingRounds sampling,
            Evaluations evaluations,
            AnswerRouting answers,
            EffectFactories<ProblemEvent, ProblemState> effects) {
        this.context = context;
        this.entityId = entityId;
        this.stopWait = stopWait;
        this.sampling = sampling;
        this.evaluations = evaluations;
        this.answers = answers;
        this.effects = effects;
    }

    /**
     * Stops once no command awaits an answer, or when {@code stopWait} has passed. The first look comes
     * behind what the mailbox already holds, such as the command a first registration sends itself again.
     */
    Effect<ProblemEvent, ProblemState> onStop(Registered state, Stop stop) {
        if (asked == null) {
            asked = Instant.now();
            return effects.none().thenRun(s -> context.getSelf().tell(Stop.INSTANCE));
        }
        boolean owes = sampling.owesAnswers()
                || evaluations.owesAnswers()
                || !answers.gradingQueue().isEmpty();
        if (owes && Instant.now().isBefore(asked.plus(stopWait))) {
            context.scheduleOnce(CHECK_EVERY, context.getSelf(), Stop.INSTANCE);
            return effects.none();
        }
        if (owes) {
            context.getLog().warn("{}: stopping with answers still owed after {}", entityId, stopWait);
        }
        return effects.stop();
    }
}
