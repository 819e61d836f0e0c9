package lyceum.problem;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import lyceum.events.EventTags;
import lyceum.events.LyceumSerializable;
import lyceum.events.ProblemEvent;
import lyceum.events.ProblemEvent.Accepted;
import lyceum.events.ProblemEvent.CorrectionKind;
import lyceum.events.ProblemEvent.Corrected;
import lyceum.events.ProblemEvent.EvaluationRefined;
import lyceum.events.ProblemEvent.EvaluationSampled;
import lyceum.events.ProblemEvent.Evaluated;
import lyceum.events.ProblemEvent.HintKind;
import lyceum.events.ProblemEvent.Hinted;
import lyceum.events.ProblemEvent.ProblemRegistered;
import lyceum.events.ProblemEvent.Rejected;
import lyceum.events.ProblemEvent.Resampled;
import lyceum.events.ProblemEvent.RequestKind;
import lyceum.events.ProblemEvent.SampleFailed;
import lyceum.events.ProblemEvent.Sampled;
import lyceum.events.RequestKey;
import lyceum.events.SampleId;
import lyceum.experiment.config.ExperimentConfig;
import lyceum.experiment.config.ExperimentConfig.StrategyName;
import lyceum.grading.Grader;
import lyceum.grading.Verdict;
import lyceum.engine.Generation;
import lyceum.workers.GenerationPool;
import lyceum.engine.GenerationRequest;
import lyceum.engine.ModelRef;
import lyceum.engine.SamplingParams;
import lyceum.engine.TrainingExample;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;

/**
 * One problem of one experiment: registers it, samples it each iteration (with resample rounds and
 * hints when the strategy guides, or feedback on wrong samples as {@link FeedbackRounds} plans it),
 * grades each sample, decides acceptance, and answers evaluation and training-data requests.
 * Everything it decides is journaled; a command for work it already holds is answered from its state
 * without a second event, so the coordinator may repeat any command.
 */
public final class ProblemActor
    extends EventSourcedBehavior<ProblemActor.Command, ProblemEvent, ProblemActor.State> {

  public static final EntityTypeKey<Command> ENTITY_KEY = EntityTypeKey.create(Command.class, "Problem");

  public static String entityId(String experimentId, String problemId) {
    return experimentId + "|" + problemId;
  }

  // ---- commands ----

  public sealed interface Command extends LyceumSerializable {}

  public record Register(ProblemRegistered problem, ActorRef<Done> replyTo) implements Command {}

  public record RunSampling(
      int iteration,
      ModelRef model,
      ExperimentConfig.Strategy strategy,
      ExperimentConfig.Acceptance acceptance,
      ActorRef<SamplingSummary> replyTo)
      implements Command {}

  public record Evaluate(
      int iteration,
      String split,
      ModelRef model,
      ExperimentConfig.Evaluation evaluation,
      ActorRef<EvaluationSummary> replyTo)
      implements Command {}

  public record CollectTrainingData(
      int iteration, boolean includeOriginal, boolean includeEarlierIterations, ActorRef<TrainingData> replyTo)
      implements Command {}

  private record GenerationReply(GenerationPool.Reply reply) implements Command {}

  private record Advance(int iteration) implements Command {}

  /** Journals the generations that arrived since the last one, in one write. */
  private enum JournalArrived implements Command {
    INSTANCE
  }

  /** Journals the evaluation answers that arrived since the last one, in one write. */
  private enum JournalEvaluations implements Command {
    INSTANCE
  }

  /** Starts critique-then-refine of the journaled greedy answer of {@code iteration~split}. */
  private record RefineGreedy(String key) implements Command {}

  // ---- replies ----

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
        String problemId, int iteration, int difficultyBucket, int samples, int correct, int correctInFirstRound,
        int rounds, int accepted) {
      this(problemId, iteration, difficultyBucket, samples, correct, correctInFirstRound, rounds, accepted, 0, null);
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

    public EvaluationSummary(String problemId, int iteration, String split, boolean correct, int samples, int correctSamples) {
      this(problemId, iteration, split, correct, samples, correctSamples, false, false, false);
    }

    public EvaluationSummary(String problemId, int iteration, String split, boolean correct, int samples,
        int correctSamples, boolean refined, boolean flagged, boolean correctAfterRefine) {
      this(problemId, iteration, split, correct, samples, correctSamples, refined, flagged, correctAfterRefine, 0, null);
    }
  }

  public record TrainingData(String problemId, List<TrainingExample> examples) implements LyceumSerializable {}

  // ---- state ----

  /**
   * What the journal says about this problem. Mutated only by the event handler, and never while it is
   * the empty state (see the ProblemRegistered handler).
   */
  public static final class State {
    ProblemRegistered problem;
    final Map<Integer, IterationState> iterations = new HashMap<>();
    /** Greedy answers and sampled answers by index, keyed {@code iteration~split}. */
    final Map<String, Evaluated> evaluations = new HashMap<>();
    final Map<String, TreeMap<Integer, EvaluationSampled>> evaluationSamples = new HashMap<>();
    /** Critique-then-refine of the greedy answer, keyed {@code iteration~split}. */
    final Map<String, EvaluationRefined> refinements = new HashMap<>();
    /** Evaluation requests journaled as failed, keyed {@code iteration~split}, then by request id. */
    final Map<String, Map<String, SampleFailed>> evaluationFailures = new HashMap<>();

    Map<String, SampleFailed> evaluationFailures(String key) {
      return evaluationFailures.getOrDefault(key, Map.of());
    }

    boolean evaluationFailed(String key, RequestKind kind, int index) {
      return evaluationFailures(key).values().stream().anyMatch(f -> f.kind() == kind && f.index() == index);
    }

    /** The server's message of the permanent failure that ended an evaluation, or null. */
    String evaluationPermanentFailure(String key) {
      return evaluationFailures(key).values().stream().filter(SampleFailed::permanent).map(SampleFailed::cause)
          .findFirst().orElse(null);
    }

    IterationState iteration(int t) {
      return iterations.computeIfAbsent(t, k -> new IterationState());
    }

    Map<Integer, EvaluationSampled> evaluationSamples(String key) {
      return evaluationSamples.getOrDefault(key, new TreeMap<>());
    }

    public ProblemRegistered problem() {
      return problem;
    }
  }

  static final class IterationState {
    int round;
    /** Samples keyed by (round, index), in order. */
    final TreeMap<Long, Sampled> samples = new TreeMap<>();
    /** Hints by round, in slot order: sample i of a round is conditioned on hint i modulo their number. */
    final Map<Integer, List<Hinted>> hints = new HashMap<>();
    final List<Accepted> accepted = new ArrayList<>();
    boolean decided;
    /** Sample requests journaled as failed, by (round, index); feedback requests by (round, slot). */
    final Map<Long, SampleFailed> failed = new HashMap<>();
    final Map<Long, SampleFailed> feedbackFailed = new HashMap<>();
    /** The server's message of the permanent failure that ended this iteration's sampling, or null. */
    String permanentFailure;

    int failedCount() {
      return failed.size() + feedbackFailed.size();
    }

    int feedbackFailedIn(int round) {
      return (int) feedbackFailed.values().stream().filter(f -> f.round() == round).count();
    }

    static long key(int round, int index) {
      return ((long) round << 32) | index;
    }

    int correct() {
      return (int) samples.values().stream().filter(Sampled::correct).count();
    }

    int correctInRound(int r) {
      return (int) samples.values().stream().filter(s -> s.round() == r && s.correct()).count();
    }

    List<Hinted> hints(int round) {
      return hints.getOrDefault(round, List.of());
    }

    /** The hint sample (round, index) is conditioned on, or null. */
    Hinted hintFor(int round, int index) {
      List<Hinted> inRound = hints(round);
      return inRound.isEmpty() ? null : inRound.get(index % inRound.size());
    }

    Sampled sample(String sampleId) {
      SampleId id = SampleId.parse(sampleId);
      return samples.get(key(id.round(), id.index()));
    }
  }

  /** The settings of an evaluation in progress; re-sent by the coordinator after a restart. */
  private record EvaluationRun(ModelRef model, ExperimentConfig.Evaluation settings) {

    String modelVersion() {
      return model.engineName();
    }
  }

  /** The settings of the sampling run in progress; re-sent by the coordinator after a restart. */
  private record ActiveRun(
      ModelRef model, ExperimentConfig.Strategy strategy, ExperimentConfig.Acceptance acceptance) {}

  // ---- behaviour ----

  public static Behavior<Command> create(
      String entityId, ActorRef<GenerationPool.Command> pool, Grader grader, String nodeName) {
    return Behaviors.setup(context -> new ProblemActor(context, entityId, pool, grader, nodeName));
  }

  private static final String EVAL_PREFIX = "eval~";
  private static final String FEEDBACK_PREFIX = "feedback~";
  private static final String CRITIQUE_SUFFIX = "~critique";
  private static final String REFINE_SUFFIX = "~refine";

  private final ActorContext<Command> context;
  private final String entityId;
  private final ActorRef<GenerationPool.Command> pool;
  private final ActorRef<GenerationPool.Reply> replyAdapter;
  private final Grader grader;
  private final String nodeName;
  private final Map<Integer, ActiveRun> activeRuns = new HashMap<>();
  private final Map<Integer, List<ActorRef<SamplingSummary>>> samplingWaiters = new HashMap<>();
  private final Map<String, List<ActorRef<EvaluationSummary>>> evaluationWaiters = new HashMap<>();
  private final Map<String, EvaluationRun> evaluationRuns = new HashMap<>();
  /** Evaluation answers received and not yet journaled, by request id; journaled together. */
  private final Map<String, GenerationPool.Generated> evaluationsArrived = new LinkedHashMap<>();
  private final Set<String> requested = new HashSet<>();
  /**
   * Sample generations received and not yet journaled, by request id. A batch's generations reach a
   * problem together; journaling them with one persistAll costs one journal write instead of one each.
   */
  private final Map<String, GenerationPool.Generated> arrived = new LinkedHashMap<>();
  /** Test-time critiques that flagged a greedy answer, by evaluation key, until its refinement is in. */
  private final Map<String, String> flaggingCritiques = new HashMap<>();
  /** Feedback written by a model for a round, by slot, until the whole round's feedback is in. */
  private final Map<String, TreeMap<Integer, String>> feedbackArrived = new HashMap<>();

  private ProblemActor(
      ActorContext<Command> context,
      String entityId,
      ActorRef<GenerationPool.Command> pool,
      Grader grader,
      String nodeName) {
    // "Problem|experiment|problem": PersistenceId.of rejects the '|' inside the entity id, and the
    // projections and replay tools read problems back by exactly this id.
    // A journal write that fails (Cassandra slow or restarting) restarts the entity from its journal
    // after a backoff instead of stopping it; the coordinator repeats whatever went unanswered.
    super(PersistenceId.ofUniqueId(ENTITY_KEY.name() + "|" + entityId), JournalBackoff.STRATEGY);
    this.context = context;
    this.entityId = entityId;
    this.pool = pool;
    this.grader = grader;
    this.nodeName = nodeName;
    this.replyAdapter = context.messageAdapter(GenerationPool.Reply.class, GenerationReply::new);
  }

  @Override
  public State emptyState() {
    return new State();
  }

  @Override
  public Set<String> tagsFor(ProblemEvent event) {
    return Set.of(EventTags.problemTag(entityId));
  }

  @Override
  public CommandHandler<Command, ProblemEvent, State> commandHandler() {
    return newCommandHandlerBuilder()
        .forAnyState()
        .onCommand(Register.class, this::onRegister)
        .onCommand(RunSampling.class, this::onRunSampling)
        .onCommand(Advance.class, this::onAdvance)
        .onCommand(GenerationReply.class, this::onGenerationReply)
        .onCommand(JournalArrived.class, this::onJournalArrived)
        .onCommand(JournalEvaluations.class, this::onJournalEvaluations)
        .onCommand(RefineGreedy.class, this::onRefineGreedy)
        .onCommand(Evaluate.class, this::onEvaluate)
        .onCommand(CollectTrainingData.class, this::onCollect)
        .build();
  }

  private Effect<ProblemEvent, State> onRegister(State state, Register cmd) {
    if (state.problem != null) {
      return Effect().none().thenReply(cmd.replyTo(), s -> Done.getInstance());
    }
    return Effect().persist(cmd.problem()).thenReply(cmd.replyTo(), s -> Done.getInstance());
  }

  private Effect<ProblemEvent, State> onRunSampling(State state, RunSampling cmd) {
    if (state.problem == null) {
      context.getLog().warn("{}: sampling asked before registration", entityId);
      return Effect().none();
    }
    IterationState it = state.iterations.get(cmd.iteration());
    if (it != null && (it.decided || it.permanentFailure != null)) {
      return Effect().none().thenRun(s -> cmd.replyTo().tell(summary(s, cmd.iteration())));
    }
    activeRuns.put(cmd.iteration(), new ActiveRun(cmd.model(), cmd.strategy(), cmd.acceptance()));
    samplingWaiters.computeIfAbsent(cmd.iteration(), k -> new ArrayList<>()).add(cmd.replyTo());
    // A repeated command asks again for whatever is still missing.
    requested.removeIf(id -> !id.startsWith(EVAL_PREFIX));
    return onAdvance(state, new Advance(cmd.iteration()));
  }

  /**
   * Moves an iteration on: ask for a feedback round's feedback, request missing samples, open a resample
   * round, or decide.
   */
  private Effect<ProblemEvent, State> onAdvance(State state, Advance cmd) {
    int t = cmd.iteration();
    ActiveRun run = activeRuns.get(t);
    IterationState it = state.iteration(t);
    if (run == null || it.decided || it.permanentFailure != null) {
      return Effect().none();
    }
    ExperimentConfig.Strategy strategy = run.strategy();
    int round = it.round;
    if (round > 0 && strategy.usesFeedback() && it.hints(round).isEmpty()) {
      return askForFeedback(state, run, t, round);
    }
    int roundSize = strategy.usesFeedback() && round > 0
        ? FeedbackRounds.samplesInRound(strategy, round, it.hints(round).size())
        : strategy.samplesInRound(round);
    List<GenerationRequest> missing = new ArrayList<>();
    for (int index = 0; index < roundSize; index++) {
      long key = IterationState.key(round, index);
      if (!it.samples.containsKey(key) && !it.failed.containsKey(key)) {
        SampleId id = new SampleId(state.problem.experimentId(), state.problem.problemId(), t, round, index);
        if (requested.add(id.value())) {
          missing.add(
              new GenerationRequest(
                  id.value(),
                  promptFor(state.problem, it, it.hintFor(round, index)),
                  new SamplingParams(strategy.temperature(), strategy.topP(), strategy.maxTokens(), id.seed())));
        } else {
          missing.add(null); // requested already, still waiting
        }
      }
    }
    if (!missing.isEmpty()) {
      missing.stream()
          .filter(r -> r != null)
          .forEach(r -> pool.tell(new GenerationPool.Generate(run.model(), r, replyAdapter)));
      return Effect().none();
    }
    if (strategy.usesFeedback() ? FeedbackRounds.opensAnother(strategy, it, round) : opensAnother(strategy, it, round)) {
      int next = round + 1;
      String why = strategy.usesFeedback() ? FeedbackRounds.cause(strategy, it)
          : it.correct() + " of " + it.samples.size() + " correct, below min_correct " + strategy.minCorrect();
      List<ProblemEvent> events = new ArrayList<>();
      events.add(new Resampled(
          state.problem.experimentId(), state.problem.problemId(), t, next, why, strategy.maxResample() - next));
      Hinted hint = hintFor(state.problem, strategy.name(), t, next, why);
      if (hint != null) {
        events.add(hint);
      }
      return Effect().persist(events).thenRun(s -> context.getSelf().tell(new Advance(t)));
    }
    return decide(state, run, t);
  }

  private static boolean opensAnother(ExperimentConfig.Strategy strategy, IterationState it, int round) {
    return strategy.resamples() && it.correct() < strategy.minCorrect() && round < strategy.maxResample();
  }

  private Effect<ProblemEvent, State> decide(State state, ActiveRun run, int t) {
    IterationState it = state.iteration(t);
    ExperimentConfig.Strategy strategy = run.strategy();
    Map<String, HintKind> feedbackHints = new HashMap<>();
    it.hints.values().forEach(round -> round.stream()
        .filter(h -> FeedbackRounds.isFeedback(h.kind()))
        .forEach(h -> feedbackHints.put(h.hintId(), h.kind())));
    var refinements = new AcceptancePolicy.Refinements(
        feedbackHints, strategy.feedback().acceptPerCritique(), state.problem.referenceRationale());
    List<ProblemEvent> decisions = new ArrayList<>();
    for (AcceptancePolicy.Decision d : AcceptancePolicy.decide(List.copyOf(it.samples.values()), run.acceptance(), refinements)) {
      Sampled s = d.sample();
      if (d.accepted()) {
        Hinted hint = it.hintFor(s.round(), s.index());
        boolean conditioned = hint != null && FeedbackRounds.isFeedback(hint.kind()) && strategy.feedback().conditionedTraining();
        String prompt = conditioned ? promptFor(state.problem, it, hint) : Prompts.plain(state.problem.question());
        decisions.add(new Accepted(
            s.experimentId(), s.problemId(), s.sampleId(), t, d.reasons(), AcceptancePolicy.VERSION,
            s.hintId() != null, prompt, s.text()));
      } else {
        decisions.add(new Rejected(s.experimentId(), s.problemId(), s.sampleId(), t, d.reasons(), AcceptancePolicy.VERSION));
      }
    }
    return Effect().persist(decisions).thenRun(s -> {
      activeRuns.remove(t);
      replySampling(s, t);
    });
  }

  /**
   * Journals a feedback round's hints: at once when the step checker writes them, otherwise once a
   * feedback model has answered for every slot.
   */
  private Effect<ProblemEvent, State> askForFeedback(State state, ActiveRun run, int t, int round) {
    ExperimentConfig.Strategy strategy = run.strategy();
    IterationState it = state.iteration(t);
    List<FeedbackRounds.Slot> slots = FeedbackRounds.slots(strategy, it, round);
    if (slots.isEmpty()) {
      return decide(state, run, t); // nothing wrong to give feedback on
    }
    if (!FeedbackRounds.needsModel(strategy, run.model())) {
      TreeMap<Integer, String> written = new TreeMap<>();
      for (int slot = 0; slot < slots.size(); slot++) {
        written.put(slot, FeedbackRounds.withoutModel(strategy, state.problem, slots.get(slot)));
      }
      return persistFeedback(state, run, t, round, slots, written);
    }
    TreeMap<Integer, String> written = feedbackArrived.getOrDefault(t + "~" + round, new TreeMap<>());
    if (written.size() + it.feedbackFailedIn(round) >= slots.size()) {
      // every slot is written or failed: the round goes on with the feedback it has, if any
      feedbackArrived.remove(t + "~" + round);
      return written.isEmpty() ? decide(state, run, t) : persistFeedback(state, run, t, round, slots, written);
    }
    for (int slot = 0; slot < slots.size(); slot++) {
      String requestId = feedbackRequestId(state.problem, t, round, slot);
      if (!written.containsKey(slot) && !it.feedbackFailed.containsKey(IterationState.key(round, slot))
          && requested.add(requestId)) {
        pool.tell(FeedbackRounds.request(strategy, state.problem, slots.get(slot), requestId, run.model(), replyAdapter));
      }
    }
    return Effect().none();
  }

  /** Journals the hints of the slots written, by slot; a failed slot gets none. */
  private Effect<ProblemEvent, State> persistFeedback(
      State state, ActiveRun run, int t, int round, List<FeedbackRounds.Slot> slots, Map<Integer, String> written) {
    ExperimentConfig.Strategy strategy = run.strategy();
    ProblemRegistered p = state.problem;
    HintKind kind = FeedbackRounds.kind(strategy.name());
    String source = FeedbackRounds.source(strategy, run.model());
    String why = FeedbackRounds.cause(strategy, state.iteration(t));
    List<ProblemEvent> hints = new ArrayList<>();
    for (Map.Entry<Integer, String> entry : written.entrySet()) {
      int slot = entry.getKey();
      Sampled about = slots.get(slot).about();
      hints.add(new Hinted(p.experimentId(), p.problemId(), t, round, "hint-" + t + "-" + round + "-" + slot, kind,
          FeedbackRounds.payload(strategy.name(), entry.getValue()),
          why + "; " + kind.name().toLowerCase(Locale.ROOT).replace('_', ' ') + " on " + about.sampleId()
              + ", which answered " + (about.extractedAnswer() == null || about.extractedAnswer().isEmpty() ? "nothing" : about.extractedAnswer()),
          about.sampleId(), source));
    }
    return Effect().persist(hints).thenRun(s -> context.getSelf().tell(new Advance(t)));
  }

  /** {@code feedback~experiment~problem~iteration~round~slot}: unique across problems sharing a batch. */
  private static String feedbackRequestId(ProblemRegistered problem, int t, int round, int slot) {
    return FEEDBACK_PREFIX + problem.experimentId() + "~" + problem.problemId() + "~" + t + "~" + round + "~" + slot;
  }

  private Effect<ProblemEvent, State> onFeedbackGenerated(State state, Generation g) {
    requested.remove(g.requestId());
    String[] parts = g.requestId().split("~");
    int t = Integer.parseInt(parts[3]);
    int round = Integer.parseInt(parts[4]);
    int slot = Integer.parseInt(parts[5]);
    ActiveRun run = activeRuns.get(t);
    IterationState it = state.iteration(t);
    if (run == null || it.decided || it.permanentFailure != null || it.round != round || !it.hints(round).isEmpty()) {
      return Effect().none(); // a repeat, or an answer for a round already journaled
    }
    String key = t + "~" + round;
    TreeMap<Integer, String> written = feedbackArrived.computeIfAbsent(key, k -> new TreeMap<>());
    written.putIfAbsent(slot, g.text());
    List<FeedbackRounds.Slot> slots = FeedbackRounds.slots(run.strategy(), it, round);
    if (written.size() + it.feedbackFailedIn(round) < slots.size()) {
      return Effect().none();
    }
    feedbackArrived.remove(key);
    return persistFeedback(state, run, t, round, slots, written);
  }

  private static String promptFor(ProblemRegistered problem, IterationState it, Hinted hint) {
    if (hint == null) {
      return Prompts.plain(problem.question());
    }
    return switch (hint.kind()) {
      case ANSWER -> Prompts.withAnswerHint(problem.question(), hint.payload());
      case RATIONALE -> Prompts.withRationaleGuide(problem.question(), hint.payload());
      case STATE_RESET_PREFIX -> Prompts.withPrefix(problem.question(), hint.payload());
      case TEACHER_FEEDBACK, CRITIQUE, REFLECTION -> Prompts.revision(
          problem.question(), it.sample(hint.aboutSampleId()).text(), FeedbackRounds.label(hint.kind()), hint.payload());
    };
  }

  private Hinted hintFor(ProblemRegistered p, StrategyName strategy, int t, int round, String why) {
    String hintId = "hint-" + t + "-" + round;
    return switch (strategy) {
      // feedback strategies journal their hints once the feedback is written
      case VANILLA, INTERACTIVE, CRITIQUE, REFLECTION -> null;
      case ANSWER_DRIVEN ->
          new Hinted(p.experimentId(), p.problemId(), t, round, hintId, HintKind.ANSWER, p.referenceAnswer(), why, null, null);
      case RATIONALE_DRIVEN -> p.referenceRationale() == null ? null
          : new Hinted(p.experimentId(), p.problemId(), t, round, hintId, HintKind.RATIONALE, p.referenceRationale(), why,
              null, null);
      case STATE_RESET -> {
        int steps = Prompts.stateResetSteps(round, Prompts.reasoningLines(p.referenceRationale()).size());
        yield steps == 0 ? null
            : new Hinted(p.experimentId(), p.problemId(), t, round, hintId, HintKind.STATE_RESET_PREFIX,
                Prompts.rationalePrefix(p.referenceRationale(), steps), why + "; restart after " + steps + " reference step(s)",
                null, null);
      }
    };
  }

  private Effect<ProblemEvent, State> onGenerationReply(State state, GenerationReply wrapped) {
    if (wrapped.reply() instanceof GenerationPool.GenerationFailed failed) {
      return onGenerationFailed(state, failed);
    }
    GenerationPool.Generated generated = (GenerationPool.Generated) wrapped.reply();
    Generation g = generated.generation();
    if (g.requestId().startsWith(EVAL_PREFIX) && g.requestId().endsWith(CRITIQUE_SUFFIX)) {
      return onTestTimeCritique(state, g);
    }
    if (g.requestId().startsWith(EVAL_PREFIX) && g.requestId().endsWith(REFINE_SUFFIX)) {
      return onTestTimeRefinement(state, g);
    }
    if (g.requestId().startsWith(EVAL_PREFIX)) {
      return onEvaluationGenerated(generated);
    }
    if (g.requestId().startsWith(FEEDBACK_PREFIX)) {
      return onFeedbackGenerated(state, g);
    }
    if (alreadyJournaled(state, SampleId.parse(g.requestId()))) {
      requested.remove(g.requestId());
      return Effect().none(); // a repeat of a sample already journaled
    }
    if (arrived.isEmpty()) {
      // queued behind the generations already in the mailbox, so they are journaled together
      context.getSelf().tell(JournalArrived.INSTANCE);
    }
    arrived.putIfAbsent(g.requestId(), generated);
    return Effect().none();
  }

  private Effect<ProblemEvent, State> onJournalArrived(State state, JournalArrived cmd) {
    List<ProblemEvent> events = new ArrayList<>();
    Set<Integer> iterations = new HashSet<>();
    for (GenerationPool.Generated generated : arrived.values()) {
      SampleId id = SampleId.parse(generated.generation().requestId());
      requested.remove(id.value());
      if (!alreadyJournaled(state, id)) {
        Sampled sampled = sampled(state, id, generated);
        events.add(sampled);
        correction(state, sampled).ifPresent(events::add);
        iterations.add(id.iteration());
      }
    }
    arrived.clear();
    if (events.isEmpty()) {
      return Effect().none();
    }
    return Effect().persist(events).thenRun(s -> iterations.forEach(t -> context.getSelf().tell(new Advance(t))));
  }

  /** A refinement written after feedback: the feedback, its parse and the refined sample, journaled with it. */
  private static Optional<Corrected> correction(State state, Sampled refined) {
    IterationState it = state.iteration(refined.iteration());
    Hinted hint = it.hintFor(refined.round(), refined.index());
    if (hint == null || !FeedbackRounds.isFeedback(hint.kind())) {
      return Optional.empty();
    }
    Sampled original = it.sample(hint.aboutSampleId());
    Critique critique = Critique.parse(hint.payload());
    return Optional.of(new Corrected(
        refined.experimentId(), refined.problemId(), refined.iteration(), hint.aboutSampleId(),
        hint.kind() == HintKind.REFLECTION ? CorrectionKind.REFLECTION : CorrectionKind.CRITIQUE,
        hint.payload(), critique.parsed(), critique.steps(), critique.finalVerdict(), hint.source(),
        refined.sampleId(), refined.text(), refined.extractedAnswer(), refined.correct(), original.correct()));
  }

  private static boolean alreadyJournaled(State state, SampleId id) {
    IterationState it = state.iteration(id.iteration());
    long key = IterationState.key(id.round(), id.index());
    return it.decided || it.permanentFailure != null || it.samples.containsKey(key) || it.failed.containsKey(key);
  }

  /**
   * Journals a request the pool gave up on, once, while its run is going on (an answer for a run from
   * before a restart is left to the repeated command, which asks again). The round or evaluation then
   * goes on without it; a permanent failure ends the run and answers its waiters at once.
   */
  private Effect<ProblemEvent, State> onGenerationFailed(State state, GenerationPool.GenerationFailed failed) {
    context.getLog().warn("{}: generation {} failed{}: {}", entityId, failed.requestId(),
        failed.permanent() ? " permanently" : "", failed.reason());
    requested.remove(failed.requestId());
    RequestKey key = RequestKey.parse(failed.requestId());
    if (key instanceof RequestKey.Evaluation e) {
      String evalKey = e.iteration() + "~" + e.of().split();
      EvaluationRun run = evaluationRuns.get(evalKey);
      if (run == null || state.evaluationFailures(evalKey).containsKey(failed.requestId())
          || evaluationComplete(state, evalKey, run.settings())) {
        return Effect().none();
      }
      return Effect().persist(key.failure(failed.reason(), failed.permanent(), run.modelVersion())).thenRun(s -> {
        if (failed.permanent()) {
          flaggingCritiques.remove(evalKey);
        }
        replyIfComplete(s, evalKey);
      });
    }
    int t = key.iteration();
    ActiveRun run = activeRuns.get(t);
    IterationState it = state.iteration(t);
    boolean journaled = key instanceof RequestKey.Sample sample ? alreadyJournaled(state, sample.id())
        : it.decided || it.permanentFailure != null
            || it.feedbackFailed.containsKey(IterationState.key(((RequestKey.Feedback) key).round(),
                ((RequestKey.Feedback) key).slot()));
    if (run == null || journaled) {
      return Effect().none();
    }
    return Effect().persist(key.failure(failed.reason(), failed.permanent(), run.model().engineName())).thenRun(s -> {
      if (failed.permanent()) {
        activeRuns.remove(t);
        replySampling(s, t);
      } else {
        context.getSelf().tell(new Advance(t));
      }
    });
  }

  private void replySampling(State state, int t) {
    SamplingSummary summary = summary(state, t);
    samplingWaiters.getOrDefault(t, List.of()).forEach(w -> w.tell(summary));
    samplingWaiters.remove(t);
  }

  private Sampled sampled(State state, SampleId id, GenerationPool.Generated generated) {
    Generation g = generated.generation();
    IterationState it = state.iteration(id.iteration());
    ActiveRun run = activeRuns.get(id.iteration());
    Hinted hint = it.hintFor(id.round(), id.index());
    String text = hint != null && hint.kind() == HintKind.STATE_RESET_PREFIX ? hint.payload() + g.text() : g.text();
    Verdict verdict = grader.grade(state.problem.referenceAnswer(), text);
    ExperimentConfig.Strategy strategy = run != null ? run.strategy() : null;
    SamplingParams params = new SamplingParams(
        strategy != null ? strategy.temperature() : Double.NaN,
        strategy != null ? strategy.topP() : Double.NaN,
        strategy != null ? strategy.maxTokens() : 0,
        id.seed());
    return new Sampled(
        id.experimentId(), id.problemId(), id.value(), id.iteration(), id.round(), id.index(),
        strategy != null ? strategy.name().key() : "unknown",
        hint != null ? hint.hintId() : null,
        run != null ? run.model().engineName() : "unknown",
        generated.workerNode(),
        params.temperature(), params.topP(), params.maxTokens(), params.seed(),
        Prompts.hash(promptFor(state.problem, it, hint)),
        text, g.tokenCount(), g.meanLogProb(), g.truncated(),
        verdict.extracted(), verdict.graderVersion(), verdict.equivalent(), g.latencyMillis());
  }

  private Effect<ProblemEvent, State> onEvaluate(State state, Evaluate cmd) {
    String key = cmd.iteration() + "~" + cmd.split();
    if (evaluationComplete(state, key, cmd.evaluation())) {
      return Effect().none().thenRun(s -> cmd.replyTo().tell(evaluationSummary(s, key)));
    }
    if (state.problem == null) {
      context.getLog().warn("{}: evaluation asked before registration", entityId);
      return Effect().none();
    }
    evaluationWaiters.computeIfAbsent(key, k -> new ArrayList<>()).add(cmd.replyTo());
    // The model that answers: a served model pinned by name is journaled by that name.
    evaluationRuns.put(key, new EvaluationRun(cmd.model(), cmd.evaluation()));
    String prompt = Prompts.plain(state.problem.question());
    List<GenerationRequest> missing = new ArrayList<>();
    ExperimentConfig.Evaluation settings = cmd.evaluation();
    String greedyId = evaluationRequestId(state.problem, key);
    if (settings.greedy() && !state.evaluations.containsKey(key)
        && !state.evaluationFailed(key, RequestKind.GREEDY_EVALUATION, -1)) {
      missing.add(new GenerationRequest(greedyId, prompt, SamplingParams.greedy(settings.maxTokens())));
    }
    Map<Integer, EvaluationSampled> sampled = state.evaluationSamples(key);
    for (int index = 0; index < settings.samples(); index++) {
      if (!sampled.containsKey(index) && !state.evaluationFailed(key, RequestKind.SAMPLED_EVALUATION, index)) {
        String id = greedyId + "~" + index;
        missing.add(new GenerationRequest(id, prompt, new SamplingParams(
            settings.temperature(), settings.topP(), settings.maxTokens(), SampleId.seedOf(id))));
      }
    }
    missing.forEach(r -> {
      requested.add(r.requestId());
      pool.tell(new GenerationPool.Generate(cmd.model(), r, replyAdapter));
    });
    if (settings.refine().enabled() && state.evaluations.containsKey(key)) {
      // a repeated command asks the critic and the refinement again if their answers went missing
      requested.remove(greedyId + CRITIQUE_SUFFIX);
      requested.remove(greedyId + REFINE_SUFFIX);
      return onRefineGreedy(state, new RefineGreedy(key));
    }
    return Effect().none();
  }

  /** Every request answered or journaled as failed, or a permanent failure ended the evaluation. */
  private static boolean evaluationComplete(State state, String key, ExperimentConfig.Evaluation settings) {
    if (state.evaluationPermanentFailure(key) != null) {
      return true;
    }
    boolean greedyFailed = state.evaluationFailed(key, RequestKind.GREEDY_EVALUATION, -1);
    long sampledFailed = state.evaluationFailures(key).values().stream()
        .filter(f -> f.kind() == RequestKind.SAMPLED_EVALUATION).count();
    return (!settings.greedy() || state.evaluations.containsKey(key) || greedyFailed)
        && state.evaluationSamples(key).size() + sampledFailed >= settings.samples()
        && (!settings.refine().enabled() || state.refinements.containsKey(key) || greedyFailed
            || state.evaluationFailed(key, RequestKind.CRITIQUE, -1) || state.evaluationFailed(key, RequestKind.REFINE, -1));
  }

  private static EvaluationSummary evaluationSummary(State state, String key) {
    String[] parts = key.split("~", 2);
    Evaluated greedy = state.evaluations.get(key);
    Map<Integer, EvaluationSampled> sampled = state.evaluationSamples(key);
    EvaluationRefined refined = state.refinements.get(key);
    return new EvaluationSummary(
        state.problem.problemId(), Integer.parseInt(parts[0]), parts[1], greedy != null && greedy.correct(),
        sampled.size(), (int) sampled.values().stream().filter(EvaluationSampled::correct).count(),
        refined != null, refined != null && refined.flagged(), refined != null && refined.correctAfter(),
        state.evaluationFailures(key).size(), state.evaluationPermanentFailure(key));
  }

  /**
   * Evaluation requests share batches with other problems' requests, so their id names the experiment
   * and problem too: {@code eval~experiment~problem~iteration~split} for the greedy answer, that id
   * followed by {@code ~index} for each sampled answer, and by {@code ~critique} and {@code ~refine} for
   * critique-then-refine of the greedy answer.
   */
  private static String evaluationRequestId(ProblemRegistered problem, String key) {
    return EVAL_PREFIX + problem.experimentId() + "~" + problem.problemId() + "~" + key;
  }

  /** The {@code iteration~split} key of an evaluation request id. */
  private static String evaluationKey(String requestId) {
    String[] parts = requestId.split("~");
    return parts[3] + "~" + parts[4];
  }

  /** The sample index of an evaluation request id, or -1 for the greedy answer. */
  private static int evaluationIndex(String requestId) {
    String[] parts = requestId.split("~");
    return parts.length > 5 ? Integer.parseInt(parts[5]) : -1;
  }

  private Effect<ProblemEvent, State> onEvaluationGenerated(GenerationPool.Generated generated) {
    if (evaluationsArrived.isEmpty()) {
      // queued behind the answers already in the mailbox, so they are journaled together
      context.getSelf().tell(JournalEvaluations.INSTANCE);
    }
    evaluationsArrived.putIfAbsent(generated.generation().requestId(), generated);
    return Effect().none();
  }

  private Effect<ProblemEvent, State> onJournalEvaluations(State state, JournalEvaluations cmd) {
    List<ProblemEvent> events = new ArrayList<>();
    Set<String> keys = new HashSet<>();
    for (GenerationPool.Generated generated : evaluationsArrived.values()) {
      String requestId = generated.generation().requestId();
      requested.remove(requestId);
      String key = evaluationKey(requestId);
      EvaluationRun run = evaluationRuns.get(key);
      int index = evaluationIndex(requestId);
      boolean journaled = index < 0
          ? state.evaluations.containsKey(key)
          : state.evaluationSamples(key).containsKey(index);
      if (run != null && !journaled) {
        events.add(index < 0 ? evaluated(state, key, run, generated.generation())
            : evaluationSampled(state, key, index, run, generated));
        keys.add(key);
      }
    }
    evaluationsArrived.clear();
    if (events.isEmpty()) {
      return Effect().none();
    }
    return Effect().persist(events).thenRun(s -> keys.forEach(key -> {
      EvaluationRun run = evaluationRuns.get(key);
      if (run != null && run.settings().refine().enabled() && s.evaluations.containsKey(key)
          && !s.refinements.containsKey(key)) {
        context.getSelf().tell(new RefineGreedy(key));
      }
      replyIfComplete(s, key);
    }));
  }

  private void replyIfComplete(State state, String key) {
    EvaluationRun run = evaluationRuns.get(key);
    if (run != null && evaluationComplete(state, key, run.settings())) {
      EvaluationSummary summary = evaluationSummary(state, key);
      evaluationWaiters.getOrDefault(key, List.of()).forEach(w -> w.tell(summary));
      evaluationWaiters.remove(key);
      evaluationRuns.remove(key);
    }
  }

  // ---- critique-then-refine of the greedy evaluation answer ----

  /**
   * Asks the critic about the journaled greedy answer: the step checker answers at once (it compares the
   * steps with the reference rationale), a model critic through the generation pool without the reference
   * answer. Neither sees the grader's verdict. Nothing is journaled until the
   * critique (and, when it flags the answer, the refinement) is in, so a restart asks again: the
   * critic and the refinement are greedy, so they write the same again.
   */
  private Effect<ProblemEvent, State> onRefineGreedy(State state, RefineGreedy cmd) {
    String key = cmd.key();
    EvaluationRun run = evaluationRuns.get(key);
    Evaluated greedy = state.evaluations.get(key);
    if (run == null || greedy == null || evaluationComplete(state, key, run.settings())) {
      return Effect().none();
    }
    if (flaggingCritiques.containsKey(key)) {
      return afterCritique(state, key, run, flaggingCritiques.get(key));
    }
    String critiqueId = evaluationRequestId(state.problem, key) + CRITIQUE_SUFFIX;
    Critic critic = Critic.of(run.settings().refine(), run.model());
    if (critic instanceof ModelCritic model) {
      if (requested.add(critiqueId)) {
        pool.tell(new GenerationPool.Generate(model.model(),
            model.blindRequest(critiqueId, state.problem, greedy.text(), run.settings().maxTokens()), replyAdapter));
      }
      return Effect().none();
    }
    return afterCritique(state, key, run, StepCheckerCritic.judge(greedy.text(), state.problem.referenceRationale()));
  }

  private Effect<ProblemEvent, State> onTestTimeCritique(State state, Generation g) {
    requested.remove(g.requestId());
    String key = evaluationKey(g.requestId());
    EvaluationRun run = evaluationRuns.get(key);
    if (run == null || state.refinements.containsKey(key) || flaggingCritiques.containsKey(key)) {
      return Effect().none(); // a repeat, or a critique already acted on
    }
    return afterCritique(state, key, run, g.text());
  }

  /** Keeps the greedy answer when the critic finds it correct (or writes no verdict), else refines it. */
  private Effect<ProblemEvent, State> afterCritique(State state, String key, EvaluationRun run, String critiqueText) {
    Critique critique = Critique.parse(critiqueText);
    if (!flags(critique)) {
      return persistRefinement(state, key, run, critique, null);
    }
    flaggingCritiques.put(key, critiqueText);
    Evaluated greedy = state.evaluations.get(key);
    String refineId = evaluationRequestId(state.problem, key) + REFINE_SUFFIX;
    if (requested.add(refineId)) {
      String prompt = Prompts.revision(state.problem.question(), greedy.text(), FeedbackRounds.label(HintKind.CRITIQUE),
          critique.text());
      pool.tell(new GenerationPool.Generate(run.model(),
          new GenerationRequest(refineId, prompt, SamplingParams.greedy(run.settings().maxTokens())), replyAdapter));
    }
    return Effect().none();
  }

  /** A critique flags an answer when it is parsed and its final verdict is "wrong". */
  static boolean flags(Critique critique) {
    return critique.parsed() && Boolean.FALSE.equals(critique.finalVerdict());
  }

  private Effect<ProblemEvent, State> onTestTimeRefinement(State state, Generation g) {
    requested.remove(g.requestId());
    String key = evaluationKey(g.requestId());
    EvaluationRun run = evaluationRuns.get(key);
    String critiqueText = flaggingCritiques.get(key);
    if (run == null || critiqueText == null || state.refinements.containsKey(key)) {
      return Effect().none(); // a repeat, or an answer to a request from before a restart
    }
    return persistRefinement(state, key, run, Critique.parse(critiqueText), g);
  }

  private Effect<ProblemEvent, State> persistRefinement(
      State state, String key, EvaluationRun run, Critique critique, Generation refined) {
    Evaluated greedy = state.evaluations.get(key);
    ProblemRegistered p = state.problem;
    Verdict verdict = refined == null ? null : grader.grade(p.referenceAnswer(), refined.text());
    EvaluationRefined event = new EvaluationRefined(
        p.experimentId(), p.problemId(), evaluationRequestId(p, key) + REFINE_SUFFIX, greedy.iteration(),
        greedy.evaluationSplit(), run.modelVersion(), greedy.correct(),
        Critic.of(run.settings().refine(), run.model()).version(), critique.text(), critique.parsed(), critique.steps(),
        critique.finalVerdict(), refined != null,
        refined == null ? null : refined.text(),
        verdict == null ? null : verdict.extracted(),
        verdict == null ? greedy.graderVersion() : verdict.graderVersion(),
        refined == null ? null : refined.tokenCount(),
        verdict == null ? null : verdict.equivalent(),
        verdict == null ? greedy.correct() : verdict.equivalent());
    return Effect().persist(event).thenRun(s -> {
      flaggingCritiques.remove(key);
      replyIfComplete(s, key);
    });
  }

  private Evaluated evaluated(State state, String key, EvaluationRun run, Generation g) {
    String[] parts = key.split("~", 2);
    Verdict verdict = grader.grade(state.problem.referenceAnswer(), g.text());
    return new Evaluated(
        state.problem.experimentId(), state.problem.problemId(), Integer.parseInt(parts[0]), parts[1], "greedy",
        run.modelVersion(), g.text(), verdict.extracted(), verdict.graderVersion(), verdict.equivalent(),
        g.tokenCount(), g.meanLogProb());
  }

  private EvaluationSampled evaluationSampled(
      State state, String key, int index, EvaluationRun run, GenerationPool.Generated generated) {
    Generation g = generated.generation();
    String[] parts = key.split("~", 2);
    ExperimentConfig.Evaluation settings = run.settings();
    Verdict verdict = grader.grade(state.problem.referenceAnswer(), g.text());
    return new EvaluationSampled(
        state.problem.experimentId(), state.problem.problemId(), g.requestId(), Integer.parseInt(parts[0]),
        parts[1], index, run.modelVersion(), generated.workerNode(), settings.temperature(), settings.topP(),
        settings.maxTokens(), SampleId.seedOf(g.requestId()), g.text(), g.tokenCount(), g.meanLogProb(),
        g.truncated(), verdict.extracted(), verdict.graderVersion(), verdict.equivalent(), g.latencyMillis());
  }

  private Effect<ProblemEvent, State> onCollect(State state, CollectTrainingData cmd) {
    List<TrainingExample> examples = new ArrayList<>();
    ProblemRegistered p = state.problem;
    if (p != null && (cmd.iteration() == 0 || cmd.includeOriginal()) && p.referenceRationale() != null) {
      examples.add(new TrainingExample("reference~" + p.experimentId() + "~" + p.problemId(),
          Prompts.plain(p.question()), p.referenceRationale()));
    }
    new TreeMap<>(state.iterations).forEach((t, it) -> {
      if (t == cmd.iteration() || (cmd.includeEarlierIterations() && t < cmd.iteration())) {
        it.accepted.forEach(a -> examples.add(new TrainingExample(a.sampleId(), a.trainingPrompt(), a.trainingCompletion())));
      }
    });
    String problemId = p != null ? p.problemId() : entityId;
    return Effect().none().thenRun(s -> cmd.replyTo().tell(new TrainingData(problemId, examples)));
  }

  private static SamplingSummary summary(State state, int t) {
    IterationState it = state.iteration(t);
    return new SamplingSummary(
        state.problem.problemId(), t, state.problem.difficultyBucket(), it.samples.size(), it.correct(),
        it.correctInRound(0), it.round + 1, it.accepted.size(), it.failedCount(), it.permanentFailure);
  }

  @Override
  public EventHandler<State, ProblemEvent> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        // Pekko hands the same empty-state instance to the recovery after a failed write, so that
        // instance must stay empty: registration, the first event of every problem, starts a fresh
        // state and events that were applied but never journaled die with the old one.
        .onEvent(ProblemRegistered.class, (state, e) -> {
          State registered = new State();
          registered.problem = e;
          return registered;
        })
        .onEvent(Sampled.class, (state, e) -> {
          state.iteration(e.iteration()).samples.put(IterationState.key(e.round(), e.index()), e);
          return state;
        })
        .onEvent(Resampled.class, (state, e) -> { state.iteration(e.iteration()).round = e.round(); return state; })
        .onEvent(Hinted.class, (state, e) -> {
          state.iteration(e.iteration()).hints.computeIfAbsent(e.round(), r -> new ArrayList<>()).add(e);
          return state;
        })
        .onEvent(Accepted.class, (state, e) -> {
          IterationState it = state.iteration(e.iteration());
          it.accepted.add(e);
          it.decided = true;
          return state;
        })
        .onEvent(Rejected.class, (state, e) -> { state.iteration(e.iteration()).decided = true; return state; })
        .onEvent(Corrected.class, (state, e) -> state)
        .onEvent(SampleFailed.class, (state, e) -> {
          if (e.evaluationSplit() != null) {
            state.evaluationFailures
                .computeIfAbsent(e.iteration() + "~" + e.evaluationSplit(), k -> new LinkedHashMap<>())
                .put(e.sampleId(), e);
            return state;
          }
          IterationState it = state.iteration(e.iteration());
          (e.kind() == RequestKind.FEEDBACK ? it.feedbackFailed : it.failed).put(IterationState.key(e.round(), e.index()), e);
          if (e.permanent() && it.permanentFailure == null) {
            it.permanentFailure = e.cause();
          }
          return state;
        })
        .onEvent(Evaluated.class, (state, e) -> {
          state.evaluations.put(e.iteration() + "~" + e.evaluationSplit(), e);
          return state;
        })
        .onEvent(EvaluationRefined.class, (state, e) -> {
          state.refinements.put(e.iteration() + "~" + e.evaluationSplit(), e);
          return state;
        })
        .onEvent(EvaluationSampled.class, (state, e) -> {
          state.evaluationSamples
              .computeIfAbsent(e.iteration() + "~" + e.evaluationSplit(), k -> new TreeMap<>())
              .put(e.index(), e);
          return state;
        })
        .build();
  }
}
