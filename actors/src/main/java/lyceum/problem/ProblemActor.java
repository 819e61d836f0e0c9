// Stays whole: the entity with its commands, replies and states as nested types, as Pekko's samples keep them;
// the work is in its handlers (SamplingRounds, Evaluations, GreedyRefinement, TrainingDataCollection).
package lyceum.problem;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import lyceum.engine.GenerationRequest;
import lyceum.engine.ModelRef;
import lyceum.engine.TrainingExample;
import lyceum.events.EventTags;
import lyceum.events.LyceumSerializable;
import lyceum.events.ProblemEvent;
import lyceum.events.ProblemEvent.Accepted;
import lyceum.events.ProblemEvent.Evaluated;
import lyceum.events.ProblemEvent.EvaluationRefined;
import lyceum.events.ProblemEvent.EvaluationSampled;
import lyceum.events.ProblemEvent.Hinted;
import lyceum.events.ProblemEvent.ProblemRegistered;
import lyceum.events.ProblemEvent.ReferenceScored;
import lyceum.events.ProblemEvent.Rejected;
import lyceum.events.ProblemEvent.Resampled;
import lyceum.events.ProblemEvent.SampleFailed;
import lyceum.events.ProblemEvent.Sampled;
import lyceum.events.RequestKey;
import lyceum.events.RequestKey.EvaluationOf;
import lyceum.experiment.config.ExperimentConfig;
import lyceum.grading.Grader;
import lyceum.grading.GraderSettings;
import lyceum.grading.Verdict;
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
 * <p>This class holds the commands, the states and how events change them; each concern has its own
 * handler: {@link SamplingRounds}, {@link Evaluations}, {@link GreedyRefinement} and
 * {@link TrainingDataCollection}. Generation answers are routed by their {@link RequestKey}.
 */
public final class ProblemActor extends EventSourcedBehavior<ProblemActor.Command, ProblemEvent, ProblemActor.State> {

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

        public RunSampling(
                int iteration,
                ModelRef model,
                ExperimentConfig.Strategy strategy,
                ExperimentConfig.Acceptance acceptance,
                ActorRef<SamplingSummary> replyTo,
                ExperimentConfig.PromptTemplates prompts,
                Long experimentSeed) {
            this(iteration, model, strategy, acceptance, replyTo, prompts, experimentSeed, null);
        }

        public RunSampling(
                int iteration,
                ModelRef model,
                ExperimentConfig.Strategy strategy,
                ExperimentConfig.Acceptance acceptance,
                ActorRef<SamplingSummary> replyTo,
                ExperimentConfig.PromptTemplates prompts) {
            this(iteration, model, strategy, acceptance, replyTo, prompts, null);
        }

        public RunSampling(
                int iteration,
                ModelRef model,
                ExperimentConfig.Strategy strategy,
                ExperimentConfig.Acceptance acceptance,
                ActorRef<SamplingSummary> replyTo) {
            this(iteration, model, strategy, acceptance, replyTo, null);
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

        public Evaluate(
                int iteration,
                String split,
                ModelRef model,
                ExperimentConfig.Evaluation evaluation,
                ActorRef<EvaluationSummary> replyTo,
                ExperimentConfig.PromptTemplates prompts,
                Long experimentSeed) {
            this(iteration, split, model, evaluation, replyTo, prompts, experimentSeed, null);
        }

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

        public CollectTrainingData(
                int iteration,
                boolean includeOriginal,
                boolean includeEarlierIterations,
                ActorRef<TrainingData> replyTo,
                ExperimentConfig.PromptTemplates prompts) {
            this(iteration, includeOriginal, includeEarlierIterations, replyTo, prompts, null);
        }

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
    private record GenerationReply(GenerationPool.Reply reply, Verdict verdict) implements Command {}

    /** The grading dispatcher's verdict on an answer. */
    private record GradeDone(GenerationPool.Generated generated, Verdict verdict) implements Command {}

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
            implements LyceumSerializable {

        public SamplingSummary(
                String problemId,
                int iteration,
                int difficultyBucket,
                int samples,
                int correct,
                int correctInFirstRound,
                int rounds,
                int accepted) {
            this(
                    problemId,
                    iteration,
                    difficultyBucket,
                    samples,
                    correct,
                    correctInFirstRound,
                    rounds,
                    accepted,
                    0,
                    null);
        }
    }

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
            implements LyceumSerializable {

        public EvaluationSummary(
                String problemId, int iteration, String split, boolean correct, int samples, int correctSamples) {
            this(problemId, iteration, split, correct, samples, correctSamples, false, false, false);
        }

        public EvaluationSummary(
                String problemId,
                int iteration,
                String split,
                boolean correct,
                int samples,
                int correctSamples,
                boolean refined,
                boolean flagged,
                boolean correctAfterRefine) {
            this(
                    problemId,
                    iteration,
                    split,
                    correct,
                    samples,
                    correctSamples,
                    refined,
                    flagged,
                    correctAfterRefine,
                    0,
                    null);
        }
    }

    public record TrainingData(String problemId, List<TrainingExample> examples) implements LyceumSerializable {}

    // ---- state ----

    /** What the journal says about this problem: nothing yet, or a registered problem and its work. */
    public abstract static sealed class State permits Unregistered, Registered {

        /** The problem as registered, or null before registration. */
        public abstract ProblemRegistered problem();

        /** This state after an event of a registered problem was applied (all but the first are). */
        abstract Registered registered();
    }

    /** Before registration. It holds nothing, so the empty state Pekko reuses after a failed write stays empty. */
    public static final class Unregistered extends State {
        @Override
        public ProblemRegistered problem() {
            return null;
        }

        @Override
        Registered registered() {
            throw new IllegalStateException("the problem is not registered");
        }
    }

    /** A registered problem. Changed in place, and only by {@link #apply}. */
    public static final class Registered extends State {
        private final ProblemRegistered problem;
        private final Map<Integer, IterationJournal> iterations = new HashMap<>();
        private final Map<EvaluationOf, EvaluationJournal> evaluations = new HashMap<>();

        Registered(ProblemRegistered problem) {
            this.problem = problem;
        }

        @Override
        public ProblemRegistered problem() {
            return problem;
        }

        @Override
        Registered registered() {
            return this;
        }

        IterationJournal iteration(int t) {
            return iterations.computeIfAbsent(t, k -> new IterationJournal());
        }

        Map<Integer, IterationJournal> iterations() {
            return iterations;
        }

        /** An evaluation's journal; an empty one (not kept) when nothing is journaled for it. */
        EvaluationJournal evaluation(EvaluationOf key) {
            EvaluationJournal journal = evaluations.get(key);
            return journal != null ? journal : new EvaluationJournal();
        }

        EvaluationOf evaluationOf(int iteration, String split) {
            return new EvaluationOf(problem.experimentId(), problem.problemId(), iteration, split);
        }

        private EvaluationJournal evaluationJournal(int iteration, String split) {
            return evaluations.computeIfAbsent(evaluationOf(iteration, split), k -> new EvaluationJournal());
        }

        Registered apply(ProblemEvent event) {
            if (event instanceof Sampled e) {
                iteration(e.iteration()).sampled(e);
            } else if (event instanceof Resampled e) {
                iteration(e.iteration()).round = e.round();
            } else if (event instanceof Hinted e) {
                iteration(e.iteration()).hinted(e);
            } else if (event instanceof ReferenceScored e) {
                iteration(e.iteration()).reference = e;
            } else if (event instanceof Accepted e) {
                iteration(e.iteration()).accepted(e);
            } else if (event instanceof Rejected e) {
                iteration(e.iteration()).decided = true;
            } else if (event instanceof Evaluated e) {
                evaluationJournal(e.iteration(), e.evaluationSplit()).greedy = e;
            } else if (event instanceof EvaluationSampled e) {
                evaluationJournal(e.iteration(), e.evaluationSplit()).samples.put(e.index(), e);
            } else if (event instanceof EvaluationRefined e) {
                evaluationJournal(e.iteration(), e.evaluationSplit()).refinement = e;
            } else if (event instanceof SampleFailed e && e.evaluationSplit() != null) {
                evaluationJournal(e.iteration(), e.evaluationSplit()).failures.put(e.sampleId(), e);
            } else if (event instanceof SampleFailed e) {
                iteration(e.iteration()).failed(e);
            }
            // Corrected is journaled with its refined sample, which carries what the state needs;
            // ProblemRegistered comes once, a repeated Register persists nothing.
            return this;
        }
    }

    /** What the handlers share: the entity and its effects, the pool and the adapter its answers come back through. */
    record Wiring(
            ActorRef<Command> self,
            ActorRef<GenerationPool.Command> pool,
            ActorRef<GenerationPool.Reply> replyAdapter,
            EffectFactories<ProblemEvent, State> effects) {

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
            String entityId, ActorRef<GenerationPool.Command> pool, Grader grader, String nodeName) {
        return Behaviors.setup(
                context -> new ProblemActor(context, entityId, pool, Grading.of(context.getSystem(), grader)));
    }

    /** A problem grading with the node's {@link Grading}, shared by all its problems. */
    public static Behavior<Command> create(
            String entityId, ActorRef<GenerationPool.Command> pool, Grading grading, String nodeName) {
        return Behaviors.setup(context -> new ProblemActor(context, entityId, pool, grading));
    }

    private final ActorContext<Command> context;
    private final String entityId;
    private final Grading grading;
    /**
     * Answers being graded, by request id in order of arrival; each goes on, with its verdict, once it and
     * every answer before it are graded, so they are handled (and journaled) in the order they arrived. A
     * repeated answer to a request in here is dropped: the first one counts.
     */
    private final Map<String, GenerationReply> gradingQueue = new LinkedHashMap<>();

    private final SamplingRounds sampling;
    private final Evaluations evaluations;
    private final GreedyRefinement refinement;

    private ProblemActor(
            ActorContext<Command> context, String entityId, ActorRef<GenerationPool.Command> pool, Grading grading) {
        // "Problem|experiment|problem": PersistenceId.of rejects the '|' inside the entity id, and the
        // projections and replay tools read problems back by exactly this id.
        // A journal write that fails (Cassandra slow or restarting) restarts the entity from its journal
        // after a backoff instead of stopping it; the coordinator repeats whatever went unanswered.
        super(PersistenceId.ofUniqueId(ENTITY_KEY.name() + "|" + entityId), JournalBackoff.STRATEGY);
        this.context = context;
        this.entityId = entityId;
        this.grading = grading;
        Wiring wiring = new Wiring(
                context.getSelf(),
                pool,
                context.messageAdapter(GenerationPool.Reply.class, reply -> new GenerationReply(reply, null)),
                Effect());
        this.sampling = new SamplingRounds(wiring);
        this.evaluations = new Evaluations(wiring);
        this.refinement = new GreedyRefinement(wiring, evaluations);
    }

    @Override
    public State emptyState() {
        return new Unregistered();
    }

    @Override
    public Set<String> tagsFor(ProblemEvent event) {
        return Set.of(EventTags.problemTag(entityId));
    }

    @Override
    public CommandHandler<Command, ProblemEvent, State> commandHandler() {
        CommandHandlerBuilder<Command, ProblemEvent, State> builder = newCommandHandlerBuilder();
        builder.forStateType(Unregistered.class)
                .onCommand(
                        Register.class,
                        (state, cmd) ->
                                Effect().persist(cmd.problem()).thenReply(cmd.replyTo(), s -> Done.getInstance()))
                .onCommand(
                        CollectTrainingData.class,
                        (state, cmd) -> cmd.registration() != null
                                ? registerFirst(cmd.registration(), cmd, "collecting")
                                : Effect()
                                        .none()
                                        .thenRun(s -> cmd.replyTo().tell(new TrainingData(entityId, List.of()))))
                .onCommand(RunSampling.class, (state, cmd) -> registerFirst(cmd.registration(), cmd, "sampling"))
                .onCommand(Evaluate.class, (state, cmd) -> registerFirst(cmd.registration(), cmd, "evaluation"))
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
                .onCommand(GenerationReply.class, this::onGenerationReply)
                .onCommand(GradeDone.class, this::onGradeDone);
        return builder.build();
    }

    /**
     * The first command of a problem not registered yet: journals the registration it carries, then
     * handles it as a registered problem. Without one (an older node's command), it is dropped, and the
     * coordinator's repeat finds the problem no further on.
     */
    private Effect<ProblemEvent, State> registerFirst(ProblemRegistered registration, Command cmd, String what) {
        if (registration == null) {
            context.getLog().warn("{}: {} asked before registration", entityId, what);
            return Effect().none();
        }
        if (!entityId.equals(entityId(registration.experimentId(), registration.problemId()))) {
            context.getLog()
                    .error(
                            "{}: {} carries the registration of {}; not registered",
                            entityId,
                            what,
                            entityId(registration.experimentId(), registration.problemId()));
            return Effect().none();
        }
        return Effect().persist(registration).thenRun(s -> context.getSelf().tell(cmd));
    }

    /** Routes a generation answer by what was asked: the one place a request's wire id is read. */
    private Effect<ProblemEvent, State> onGenerationReply(Registered state, GenerationReply wrapped) {
        if (wrapped.reply() instanceof GenerationPool.GenerationFailed failed) {
            context.getLog()
                    .warn(
                            "{}: generation {} failed{}: {}",
                            entityId,
                            failed.requestId(),
                            failed.permanent() ? " permanently" : "",
                            failed.reason());
            RequestKey key = RequestKey.parse(failed.requestId());
            return key instanceof RequestKey.Evaluation e
                    ? evaluations.onFailed(state, e, failed)
                    : key instanceof RequestKey.ReferenceScore r
                            ? sampling.onReferenceFailed(state, r, failed)
                            : sampling.onFailed(state, key, failed);
        }
        GenerationPool.Generated generated = (GenerationPool.Generated) wrapped.reply();
        RequestKey key = RequestKey.parse(generated.generation().requestId());
        if (key instanceof RequestKey.ReferenceScore r) {
            return sampling.onReferenceScored(state, r, generated.generation());
        } else if (key instanceof RequestKey.Feedback f) {
            return sampling.onFeedbackGenerated(state, f, generated.generation());
        } else if (key instanceof RequestKey.Critique c) {
            return refinement.onCritique(state, c, generated.generation());
        }
        Verdict verdict = wrapped.verdict();
        if (verdict == null) {
            if (gradingQueue.putIfAbsent(generated.generation().requestId(), wrapped) != null) {
                return Effect().none(); // the first answer to this request is being graded, and counts
            }
            // Graded on the grading dispatcher, off this actor's thread; the answer goes on when graded.
            String text = key instanceof RequestKey.Sample s
                    ? SampleEvents.text(state.iteration(s.id().iteration()), s.id(), generated.generation())
                    : generated.generation().text();
            context.pipeToSelf(
                    grading.grade(
                            GraderSettings.fromMap(state.problem().graderSettings()),
                            state.problem().referenceAnswer(),
                            text),
                    (graded, error) -> new GradeDone(generated, graded));
            return Effect().none();
        }
        if (key instanceof RequestKey.Sample s) {
            return sampling.onSampleGenerated(state, s.id(), generated, verdict);
        } else if (key instanceof RequestKey.Refine r) {
            return refinement.onRefined(state, r, generated.generation(), verdict);
        }
        return evaluations.onGenerated((RequestKey.Evaluation) key, generated, verdict);
    }

    /** Sends on, in order of arrival, every graded answer that no ungraded one arrived before. */
    private Effect<ProblemEvent, State> onGradeDone(Registered state, GradeDone done) {
        String requestId = done.generated().generation().requestId();
        if (!gradingQueue.containsKey(requestId)) {
            // asked before this actor restarted: nothing arrived before it here
            context.getSelf().tell(new GenerationReply(done.generated(), done.verdict()));
            return Effect().none();
        }
        gradingQueue.put(requestId, new GenerationReply(done.generated(), done.verdict()));
        var answers = gradingQueue.values().iterator();
        while (answers.hasNext()) {
            GenerationReply next = answers.next();
            if (next.verdict() == null) {
                break;
            }
            answers.remove();
            context.getSelf().tell(next);
        }
        return Effect().none();
    }

    @Override
    public EventHandler<State, ProblemEvent> eventHandler() {
        var builder = newEventHandlerBuilder();
        builder.forStateType(Unregistered.class).onEvent(ProblemRegistered.class, (state, e) -> new Registered(e));
        builder.forStateType(Registered.class)
                .onAnyEvent((state, e) -> state.registered().apply(e));
        return builder.build();
    }
}
