// A little over 400 lines: the entity's protocol (its commands and replies, with the shorter constructors
// older callers use) stays nested here as Pekko's samples keep it; the work is in the handler classes.
package lyceum.problem;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import lyceum.engine.GenerationRequest;
import lyceum.engine.ModelRef;
import lyceum.engine.TrainingExample;
import lyceum.events.EventTags;
import lyceum.events.LyceumSerializable;
import lyceum.events.ProblemEvent;
import lyceum.events.ProblemEvent.ProblemRegistered;
import lyceum.events.RequestKey;
import lyceum.events.RequestKey.EvaluationOf;
import lyceum.experiment.config.ExperimentConfig;
import lyceum.grading.Grader;
import lyceum.grading.Verdict;
import lyceum.problem.ProblemState.Registered;
import lyceum.problem.ProblemState.Unregistered;
import lyceum.workers.GenerationPool;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerBuilder;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EffectFactories;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;

/**
 * One problem of one experiment: registers it, samples it each iteration (with resample rounds and
 * hints when the strategy guides, or feedback on wrong samples as {@link FeedbackRounds} plans it),
 * grades each sample, decides acceptance, and answers evaluation and training-data requests.
 * Everything it decides is journaled; a command for work it already holds is answered from its state
 * without a second event, so the coordinator may repeat any command.
 *
 * <p>This class holds the commands and replies and picks the handler of each per state ({@link ProblemState}
 * holds the states and how events change them): {@link Registration} before registration; then
 * {@link SamplingRounds} (with {@link ReferenceScoring}), {@link Evaluations}, {@link GreedyRefinement},
 * {@link TrainingDataCollection}, {@link AnswerRouting} for generation answers, routed by their
 * {@link RequestKey}, and {@link Stopping} when the shard passivates the problem.
 */
public final class ProblemActor extends EventSourcedBehavior<ProblemActor.Command, ProblemEvent, ProblemState> {

    public static final EntityTypeKey<Command> ENTITY_KEY = EntityTypeKey.create(Command.class, "Problem");

    public static String entityId(String experimentId, String problemId) {
        return experimentId + "|" + problemId;
    }

    // ---- commands ----

    public sealed interface Command extends LyceumSerializable {}

    /**
     * Registers the problem ahead of its work. The coordinator does not send it: the first
     * {@link RunSampling} or {@link Evaluate} carries the registration, which saves a round trip and an
     * entity start per problem.
     */
    public record Register(ProblemRegistered problem, ActorRef<Done> replyTo) implements Command {}

    /**
     * {@code prompts}: the experiment's templates; absent (from an older node), the default ones.
     * {@code experimentSeed}: the experiment's configured seed, from which sampling seeds derive (see
     * SampleId#seed(Long)). {@code registration}: the problem as the catalog gives it, journaled first
     * when the problem is not registered yet (see {@link Register}); null from an older node.
     */
    public record RunSampling(
            int iteration,
            ModelRef model,
            ExperimentConfig.Strategy strategy,
            ExperimentConfig.Acceptance acceptance,
            ActorRef<SamplingSummary> replyTo,
            ExperimentConfig.PromptTemplates prompts,
            Long experimentSeed,
            ProblemRegistered registration)
            implements Command {

        public RunSampling {
            prompts = prompts == null ? ExperimentConfig.PromptTemplates.LEGACY : prompts;
        }

        /** With the default templates, no experiment seed and no registration. */
        public RunSampling(
                int iteration,
                ModelRef model,
                ExperimentConfig.Strategy strategy,
                ExperimentConfig.Acceptance acceptance,
                ActorRef<SamplingSummary> replyTo) {
            this(iteration, model, strategy, acceptance, replyTo, null, null, null);
        }
    }

    /**
     * {@code experimentSeed}: as in {@link RunSampling}, for the sampled answers; absent from an older node.
     * {@code registration}: as in {@link RunSampling}.
     */
    public record Evaluate(
            int iteration,
            String split,
            ModelRef model,
            ExperimentConfig.Evaluation evaluation,
            ActorRef<EvaluationSummary> replyTo,
            ExperimentConfig.PromptTemplates prompts,
            Long experimentSeed,
            ProblemRegistered registration)
            implements Command {

        public Evaluate {
            prompts = prompts == null ? ExperimentConfig.PromptTemplates.LEGACY : prompts;
        }

        /** With the default templates, no experiment seed and no registration. */
        public Evaluate(
                int iteration,
                String split,
                ModelRef model,
                ExperimentConfig.Evaluation evaluation,
                ActorRef<EvaluationSummary> replyTo) {
            this(iteration, split, model, evaluation, replyTo, null, null, null);
        }
    }

    /**
     * {@code prompts}: the templates whose sample prompt the reference rationale trains with.
     * {@code registration}: as in {@link RunSampling}; iteration 0 collects reference rationales before
     * any sampling, so this may be a problem's first command.
     */
    public record CollectTrainingData(
            int iteration,
            boolean includeOriginal,
            boolean includeEarlierIterations,
            ActorRef<TrainingData> replyTo,
            ExperimentConfig.PromptTemplates prompts,
            ProblemRegistered registration)
            implements Command {

        public CollectTrainingData {
            prompts = prompts == null ? ExperimentConfig.PromptTemplates.LEGACY : prompts;
        }

        /** With the default templates and no registration. */
        public CollectTrainingData(
                int iteration,
                boolean includeOriginal,
                boolean includeEarlierIterations,
                ActorRef<TrainingData> replyTo) {
            this(iteration, includeOriginal, includeEarlierIterations, replyTo, null, null);
        }
    }

    /**
     * A generation answer; {@code verdict} is null as it arrives and, for an answer to be graded, the
     * verdict once the grading dispatcher has given it.
     */
    record GenerationReply(GenerationPool.Reply reply, Verdict verdict) implements Command {}

    /** The grading dispatcher's verdict on an answer. */
    record GradeDone(GenerationPool.Generated generated, Verdict verdict) implements Command {}

    /**
     * The shard's stop message (passivation, hand-off): the problem stops once it owes no command an
     * answer, or when {@link ProblemSharding#stopWait()} has passed since it was first asked ({@link Stopping}).
     */
    public enum Stop implements Command {
        INSTANCE
    }

    /** Moves an iteration's sampling on (see {@link SamplingRounds#advance}). */
    record Advance(int iteration) implements Command {}

    /** Journals the sample generations that arrived since the last one, in one write. */
    enum JournalArrived implements Command {
        INSTANCE
    }

    /** Journals the evaluation answers that arrived since the last one, in one write. */
    enum JournalEvaluations implements Command {
        INSTANCE
    }

    /**
     * Starts critique-then-refine of the journaled greedy answer of an evaluation; {@code askAgain} when
     * the coordinator repeated its command, so requests whose answers went missing are sent again.
     */
    record RefineGreedy(EvaluationOf evaluation, boolean askAgain) implements Command {}

    // ---- replies ----

    /**
     * {@code failed} requests of this iteration came back failed and were journaled so;
     * {@code permanentFailure} is the server's message when a permanent error ended the iteration, else null.
     */
    public record SamplingSummary(
            String problemId,
            int iteration,
            int difficultyBucket,
            int samples,
            int correct,
            int correctInFirstRound,
            int rounds,
            int accepted,
            int failed,
            String permanentFailure)
            implements LyceumSerializable {}

    /**
     * {@code correct}: the greedy answer's verdict (false when greedy evaluation was not asked);
     * {@code samples} sampled answers of which {@code correctSamples} are correct; {@code refined} when
     * critique-then-refine ran, whether the critic {@code flagged} the greedy answer and whether the answer
     * kept after it is correct ({@code correctAfterRefine}). {@code failed} requests of this evaluation came
     * back failed and were journaled so; {@code permanentFailure} is the server's message when a permanent
     * error ended it, else null.
     */
    public record EvaluationSummary(
            String problemId,
            int iteration,
            String split,
            boolean correct,
            int samples,
            int correctSamples,
            boolean refined,
            boolean flagged,
            boolean correctAfterRefine,
            int failed,
            String permanentFailure)
            implements LyceumSerializable {}

    public record TrainingData(String problemId, List<TrainingExample> examples) implements LyceumSerializable {}

    /** What the handlers share: the entity and its effects, the pool and the adapter its answers come back through. */
    record Wiring(
            ActorRef<Command> self,
            ActorRef<GenerationPool.Command> pool,
            ActorRef<GenerationPool.Reply> replyAdapter,
            EffectFactories<ProblemEvent, ProblemState> effects) {

        void ask(ModelRef model, GenerationRequest request) {
            pool.tell(new GenerationPool.Generate(model, request, replyAdapter));
        }

        void tellSelf(Command command) {
            self.tell(command);
        }
    }

    // ---- behaviour ----

    /** A problem grading on the actor system's grading dispatcher with its {@link GradingSettings}. */
    public static Behavior<Command> create(
            String entityId, ActorRef<GenerationPool.Command> pool, Grader grader, Duration stopWait) {
        return Behaviors.setup(context ->
                new ProblemActor(context, entityId, pool, Grading.of(context.getSystem(), grader), stopWait));
    }

    /** A problem grading with the node's {@link Grading}, shared by all its problems. */
    public static Behavior<Command> create(
            String entityId, ActorRef<GenerationPool.Command> pool, Grading grading, Duration stopWait) {
        return Behaviors.setup(context -> new ProblemActor(context, entityId, pool, grading, stopWait));
    }

    private final String entityId;
    private final SamplingRounds sampling;
    private final Evaluations evaluations;
    private final GreedyRefinement refinement;
    private final AnswerRouting answers;
    private final Registration registration;
    private final Stopping stopping;

    private ProblemActor(
            ActorContext<Command> context,
            String entityId,
            ActorRef<GenerationPool.Command> pool,
            Grading grading,
            Duration stopWait) {
        // "Problem|experiment|problem": PersistenceId.of rejects the '|' inside the entity id, and the
        // projections and replay tools read problems back by exactly this id.
        // A journal write that fails (Cassandra slow or restarting) restarts the entity from its journal
        // after a backoff instead of stopping it; the coordinator repeats whatever went unanswered.
        super(PersistenceId.ofUniqueId(ENTITY_KEY.name() + "|" + entityId), JournalBackoff.STRATEGY);
        this.entityId = entityId;
        Wiring wiring = new Wiring(
                context.getSelf(),
                pool,
                context.messageAdapter(GenerationPool.Reply.class, reply -> new GenerationReply(reply, null)),
                Effect());
        this.sampling = new SamplingRounds(wiring);
        this.evaluations = new Evaluations(wiring);
        this.refinement = new GreedyRefinement(wiring, evaluations);
        this.registration = new Registration(context, entityId, Effect());
        this.answers = new AnswerRouting(
                context, entityId, grading, wiring, sampling, evaluations, refinement, new LinkedHashMap<>());
        this.stopping = new Stopping(context, entityId, stopWait, sampling, evaluations, answers, Effect());
    }

    @Override
    public ProblemState emptyState() {
        return new Unregistered();
    }

    @Override
    public Set<String> tagsFor(ProblemEvent event) {
        return Set.of(EventTags.problemTag(entityId));
    }

    @Override
    public CommandHandler<Command, ProblemEvent, ProblemState> commandHandler() {
        CommandHandlerBuilder<Command, ProblemEvent, ProblemState> builder = newCommandHandlerBuilder();
        builder.forStateType(Unregistered.class)
                .onCommand(Register.class, registration::onRegister)
                .onCommand(
                        CollectTrainingData.class,
                        (state, cmd) -> cmd.registration() != null
                                ? registration.first(cmd.registration(), cmd, "collecting")
                                : registration.noTrainingData(cmd))
                .onCommand(RunSampling.class, (state, cmd) -> registration.first(cmd.registration(), cmd, "sampling"))
                .onCommand(Evaluate.class, (state, cmd) -> registration.first(cmd.registration(), cmd, "evaluation"))
                .onCommand(Stop.class, () -> Effect().stop())
                .onAnyCommand(() -> Effect().none()); // answers to requests of a journal that was lost
        builder.forStateType(Registered.class)
                .onCommand(
                        Register.class,
                        (state, cmd) -> Effect().none().thenReply(cmd.replyTo(), s -> Done.getInstance()))
                .onCommand(RunSampling.class, sampling::onRunSampling)
                .onCommand(Advance.class, sampling::advance)
                .onCommand(JournalArrived.class, sampling::onJournalArrived)
                .onCommand(Evaluate.class, evaluations::onEvaluate)
                .onCommand(JournalEvaluations.class, evaluations::onJournalEvaluations)
                .onCommand(RefineGreedy.class, refinement::onRefineGreedy)
                .onCommand(
                        CollectTrainingData.class,
                        (state, cmd) -> Effect()
                                .none()
                                .thenRun(s -> cmd.replyTo().tell(TrainingDataCollection.collect(state, cmd))))
                .onCommand(GenerationReply.class, answers::onGenerationReply)
                .onCommand(GradeDone.class, answers::onGradeDone)
                .onCommand(Stop.class, stopping::onStop);
        return builder.build();
    }

    @Override
    public EventHandler<ProblemState, ProblemEvent> eventHandler() {
        var builder = newEventHandlerBuilder();
        builder.forStateType(Unregistered.class).onEvent(ProblemRegistered.class, (state, e) -> new Registered(e));
        builder.forStateType(Registered.class)
                .onAnyEvent((state, e) -> state.registered().apply(e));
        return builder.build();
    }
}
