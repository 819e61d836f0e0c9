package lyceum.experiment;

import lyceum.experiment.config.ConfigJson;
import lyceum.experiment.config.ExperimentConfig;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import lyceum.events.EventTags;
import lyceum.events.ExperimentEvent;
import lyceum.events.ExperimentEvent.Evaluated;
import lyceum.events.ExperimentEvent.ExperimentFailed;
import lyceum.events.ExperimentEvent.ExperimentFinished;
import lyceum.events.ExperimentEvent.ExperimentStarted;
import lyceum.events.ExperimentEvent.IterationCompleted;
import lyceum.events.ExperimentEvent.IterationStarted;
import lyceum.events.ExperimentEvent.ModelTrained;
import lyceum.events.ExperimentEvent.Phase;
import lyceum.events.ExperimentEvent.PhaseProgressed;
import lyceum.events.ExperimentEvent.ProblemsRegistered;
import lyceum.events.ExperimentEvent.SamplingFinished;
import lyceum.events.ExperimentEvent.TrainingSkipped;
import lyceum.events.ExperimentEvent.TrainingStarted;
import lyceum.events.LyceumSerializable;
import lyceum.events.ProblemEvent.ProblemRegistered;
import lyceum.problem.ProblemActor;
import lyceum.engine.ModelRef;
import lyceum.engine.TrainingExample;
import lyceum.workers.TrainingWorker;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * The coordinator of one experiment: registers its problems, then for each iteration samples the
 * training problems with the current model, collects the accepted set, has a training worker fine-tune
 * on it, and evaluates the new model. Its journaled state is counts and cursors only; on restart (of
 * itself or its node) it continues from the last cursor, and problem actors answer repeated work from
 * their own journals, so nothing is lost or counted twice.
 */
public final class ExperimentActor
    extends EventSourcedBehavior<ExperimentActor.Command, ExperimentEvent, ExperimentActor.State> {

  public static final EntityTypeKey<Command> ENTITY_KEY = EntityTypeKey.create(Command.class, "Experiment");

  // ---- commands ----

  public sealed interface Command extends LyceumSerializable {}

  public record Start(ExperimentConfig config, String codeVersion, ActorRef<StartReply> replyTo)
      implements Command {}

  public record GetStatus(ActorRef<Status> replyTo) implements Command {}

  private record ProblemDone(Phase phase, int iteration, int index, Map<String, Long> delta) implements Command {}

  private record ProblemFailed(Phase phase, int iteration, int index, String error) implements Command {}

  private record Redispatch(Phase phase, int iteration, int index) implements Command {}

  private record Collected(int iteration, int index, List<TrainingExample> examples, String error) implements Command {}

  private record CollectFailed(int iteration, String reason) implements Command {}

  private record TrainingWorkers(int iteration, Set<ActorRef<TrainingWorker.Command>> workers) implements Command {}

  private record TrainingReply(int iteration, TrainingWorker.Result result, String error) implements Command {}

  private record RetryTraining(int iteration) implements Command {}

  // ---- replies ----

  public sealed interface StartReply extends LyceumSerializable {}

  public record Started(String experimentId) implements StartReply {}

  public record StartRejected(String experimentId, String reason) implements StartReply {}

  public record Status(
      String experimentId,
      String state,
      String name,
      int iteration,
      int iterations,
      String phase,
      int done,
      int total,
      Map<String, Long> lastSampling,
      Map<String, Double> lastAccuracy,
      Map<Integer, String> models,
      String failure)
      implements LyceumSerializable {}

  // ---- state ----

  public enum RunState {
    NEW,
    RUNNING,
    FINISHED,
    FAILED
  }

  /** Small whatever the number of problems: counts, cursors and one model version per iteration. */
  public record State(
      RunState runState,
      ExperimentConfig config,
      int iteration,
      Phase phase,
      int watermark,
      Map<String, Long> counters,
      Map<String, Integer> problemsPerSplit,
      Map<Integer, String> models,
      Map<Integer, Map<String, Long>> sampling,
      Map<Integer, Map<String, Double>> accuracy,
      TrainingStarted training,
      String failure)
      implements LyceumSerializable {

    public static State empty() {
      return new State(RunState.NEW, null, 0, null, 0, Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), null, null);
    }

    State at(Phase phase, int iteration, int watermark, Map<String, Long> counters) {
      return new State(runState, config, iteration, phase, watermark, counters, problemsPerSplit, models,
          sampling, accuracy, training, failure);
    }

    State withRun(RunState runState, String failure) {
      return new State(runState, config, iteration, phase, watermark, counters, problemsPerSplit, models,
          sampling, accuracy, training, failure);
    }

    State withProblems(Map<String, Integer> problemsPerSplit) {
      return new State(runState, config, iteration, phase, watermark, counters, problemsPerSplit, models,
          sampling, accuracy, training, failure);
    }

    State withSampling(int t, Map<String, Long> counters) {
      Map<Integer, Map<String, Long>> all = new TreeMap<>(sampling);
      all.put(t, counters);
      return new State(runState, config, iteration, phase, watermark, this.counters, problemsPerSplit, models,
          all, accuracy, training, failure);
    }

    State withTraining(TrainingStarted training) {
      return new State(runState, config, iteration, phase, watermark, counters, problemsPerSplit, models,
          sampling, accuracy, training, failure);
    }

    State withModel(int t, String modelVersion) {
      Map<Integer, String> all = new TreeMap<>(models);
      all.put(t, modelVersion);
      return new State(runState, config, iteration, phase, watermark, counters, problemsPerSplit, all,
          sampling, accuracy, training, failure);
    }

    State withAccuracy(int t, Map<String, Double> byS) {
      Map<Integer, Map<String, Double>> all = new TreeMap<>(accuracy);
      all.put(t, byS);
      return new State(runState, config, iteration, phase, watermark, counters, problemsPerSplit, models,
          sampling, all, training, failure);
    }

    /** The state after an event: the experiment's whole history folds into this, here and in status. */
    public State apply(ExperimentEvent event) {
      if (event instanceof ExperimentStarted e) {
        return new State(RunState.RUNNING, ConfigJson.read(e.configJson()), 0, Phase.REGISTERING, 0,
            Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), null, null);
      } else if (event instanceof PhaseProgressed e) {
        return at(e.phase(), e.iteration(), e.watermark(), e.counters());
      } else if (event instanceof ProblemsRegistered e) {
        return withProblems(e.problemsPerSplit());
      } else if (event instanceof IterationStarted e) {
        return at(e.iteration() == 0 ? Phase.COLLECTING : Phase.SAMPLING, e.iteration(), 0, Map.of());
      } else if (event instanceof SamplingFinished e) {
        return withSampling(e.iteration(), e.counters()).at(Phase.COLLECTING, e.iteration(), 0, Map.of());
      } else if (event instanceof TrainingStarted e) {
        return withTraining(e).at(Phase.TRAINING, e.iteration(), 0, Map.of());
      } else if (event instanceof ModelTrained e) {
        return withModel(e.iteration(), e.modelVersion()).at(Phase.EVALUATING, e.iteration(), 0, Map.of());
      } else if (event instanceof TrainingSkipped e) {
        return withModel(e.iteration(), e.modelVersion()).at(Phase.EVALUATING, e.iteration(), 0, Map.of());
      } else if (event instanceof Evaluated e) {
        return withAccuracy(e.iteration(), e.accuracyBySplit());
      } else if (event instanceof ExperimentFinished) {
        return withRun(RunState.FINISHED, null).at(null, iteration, 0, Map.of());
      } else if (event instanceof ExperimentFailed e) {
        return withRun(RunState.FAILED, e.reason());
      }
      return this; // IterationCompleted
    }
  }

  // ---- behaviour ----

  public record Dependencies(ProblemGateway problems, ProblemCatalog catalog, Path dataDir) {}

  public static Behavior<Command> create(String experimentId, Dependencies deps) {
    return Behaviors.setup(context -> Behaviors.withTimers(
        timers -> new ExperimentActor(context, timers, experimentId, deps)));
  }

  private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
  private static final Duration REGISTER_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration RETRY_DELAY = Duration.ofSeconds(2);

  private final ActorContext<Command> context;
  private final TimerScheduler<Command> timers;
  private final String experimentId;
  private final Dependencies deps;
  private ProblemCatalog.Problems problems;
  private PhaseWalk walk;
  private int walkIteration = -1;
  private Phase walkPhase;
  private int lastJournaledWatermark;
  private TreeMap<Integer, List<TrainingExample>> collectBuffer;
  private Writer collectWriter;
  private Path collectFile;
  private int collectWritten;
  private int collectNext;
  private int trainingAttempts;
  private boolean trainingInFlight;

  private ExperimentActor(
      ActorContext<Command> context, TimerScheduler<Command> timers, String experimentId, Dependencies deps) {
    super(PersistenceId.of(ENTITY_KEY.name(), experimentId), lyceum.problem.JournalBackoff.STRATEGY);
    this.context = context;
    this.timers = timers;
    this.experimentId = experimentId;
    this.deps = deps;
  }

  @Override
  public State emptyState() {
    return State.empty();
  }

  @Override
  public Set<String> tagsFor(ExperimentEvent event) {
    return Set.of(EventTags.EXPERIMENT);
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(200, 2);
  }

  @Override
  public SignalHandler<State> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), state -> {
          if (state.runState() == RunState.RUNNING) {
            context.getLog().info("{} resumes at iteration {} phase {} from problem {}",
                experimentId, state.iteration(), state.phase(), state.watermark());
            drive(state);
          }
        })
        .build();
  }

  @Override
  public CommandHandler<Command, ExperimentEvent, State> commandHandler() {
    return newCommandHandlerBuilder()
        .forAnyState()
        .onCommand(Start.class, this::onStart)
        .onCommand(GetStatus.class, (state, cmd) -> Effect().none().thenRun(s -> cmd.replyTo().tell(status(s))))
        .onCommand(ProblemDone.class, this::onProblemDone)
        .onCommand(ProblemFailed.class, this::onProblemFailed)
        .onCommand(Redispatch.class, this::onRedispatch)
        .onCommand(Collected.class, this::onCollected)
        .onCommand(CollectFailed.class, (state, cmd) ->
            state.phase() == Phase.COLLECTING && state.iteration() == cmd.iteration() ? fail(cmd.reason()) : Effect().none())
        .onCommand(TrainingWorkers.class, this::onTrainingWorkers)
        .onCommand(TrainingReply.class, this::onTrainingReply)
        .onCommand(RetryTraining.class, (state, cmd) -> {
          if (state.phase() == Phase.TRAINING && state.iteration() == cmd.iteration()) {
            findTrainingWorker(cmd.iteration());
          }
          return Effect().none();
        })
        .build();
  }

  private Effect<ExperimentEvent, State> onStart(State state, Start cmd) {
    if (state.runState() != RunState.NEW) {
      return Effect().none().thenRun(s -> cmd.replyTo().tell(
          ConfigJson.hash(cmd.config()).equals(ConfigJson.hash(s.config()))
              ? new Started(experimentId)
              : new StartRejected(experimentId, "experiment already exists with another config")));
    }
    String configJson = ConfigJson.write(cmd.config());
    ExperimentStarted started = new ExperimentStarted(
        experimentId, cmd.config().name(), configJson, ConfigJson.hash(cmd.config()), cmd.codeVersion(),
        System.currentTimeMillis());
    return Effect().persist(started).thenRun(s -> {
      cmd.replyTo().tell(new Started(experimentId));
      drive(s);
    });
  }

  /** Starts the work of the state's current phase. Called after recovery and after every phase change. */
  private void drive(State state) {
    if (state.runState() != RunState.RUNNING) {
      return;
    }
    switch (state.phase()) {
      case REGISTERING, SAMPLING, EVALUATING -> startWalk(state);
      case COLLECTING -> startCollect(state);
      case TRAINING -> {
        trainingAttempts = 0;
        findTrainingWorker(state.iteration());
      }
    }
  }

  private ProblemCatalog.Problems problems(State state) {
    if (problems == null) {
      problems = deps.catalog().load(experimentId, state.config());
    }
    return problems;
  }

  private int walkSize(State state) {
    ProblemCatalog.Problems p = problems(state);
    return switch (state.phase()) {
      case REGISTERING -> p.size();
      case SAMPLING -> p.train().size();
      case EVALUATING -> p.test().size() + heldIn(state);
      default -> 0;
    };
  }

  private int heldIn(State state) {
    return Math.min(state.config().dataset().heldInCount(), problems(state).train().size());
  }

  private void startWalk(State state) {
    walk = new PhaseWalk(walkSize(state), state.watermark(), state.counters(), state.config().runtime().window());
    walkIteration = state.iteration();
    walkPhase = state.phase();
    lastJournaledWatermark = state.watermark();
    context.getLog().info("{} iteration {} {}: {} problems from {}", experimentId, state.iteration(),
        state.phase(), walk.total(), state.watermark());
    if (walk.done()) {
      context.getSelf().tell(new ProblemDone(walkPhase, walkIteration, -1, Map.of()));
      return;
    }
    fillWindow(state);
  }

  private void fillWindow(State state) {
    for (int index : walk.dispatchable()) {
      dispatch(state, index);
    }
  }

  private void dispatch(State state, int index) {
    Phase phase = walkPhase;
    int t = walkIteration;
    ProblemCatalog.Problems p = problems(state);
    Duration timeout = state.config().runtime().generationTimeout();
    switch (phase) {
      case REGISTERING -> {
        ProblemRegistered problem = index < p.train().size() ? p.train().get(index) : p.test().get(index - p.train().size());
        pipe(deps.problems().register(problem, REGISTER_TIMEOUT), phase, t, index,
            done -> Map.of(problem.split() + ".problems", 1L));
      }
      case SAMPLING -> {
        ProblemRegistered problem = p.train().get(index);
        ExperimentConfig c = state.config();
        ModelRef model = c.model().ref(state.models().get(t - 1));
        pipe(deps.problems().runSampling(experimentId, problem.problemId(), t, model, c, timeout),
            phase, t, index, ExperimentActor::samplingCounters);
      }
      case EVALUATING -> {
        boolean heldOut = index < p.test().size();
        ProblemRegistered problem = heldOut ? p.test().get(index) : p.train().get(index - p.test().size());
        String split = heldOut ? "held-out" : "held-in";
        ExperimentConfig.Evaluation evaluation = state.config().evaluation();
        ModelRef model = state.config().model().ref(state.models().get(t));
        pipe(deps.problems().evaluate(experimentId, problem.problemId(), t, split, model, evaluation, timeout),
            phase, t, index, e -> evaluationCounters(split, problem.difficultyBucket(), evaluation, e));
      }
      default -> throw new IllegalStateException("no walk in phase " + phase);
    }
  }

  /**
   * Greedy answers as {@code <split>.total} and {@code <split>.correct} (also per difficulty bucket);
   * sampled answers as {@code <split>.samples}, {@code <split>.samples.correct} and
   * {@code <split>.samples.oracle} (problems with a correct one); critique-then-refine as
   * {@code <split>.refined}, {@code <split>.refined.flagged} and {@code <split>.refined.correct}.
   */
  static Map<String, Long> evaluationCounters(
      String split, int bucket, ExperimentConfig.Evaluation evaluation, ProblemActor.EvaluationSummary e) {
    Map<String, Long> m = new HashMap<>();
    if (evaluation.greedy()) {
      long correct = e.correct() ? 1L : 0L;
      m.put(split + ".total", 1L);
      m.put(split + ".correct", correct);
      m.put(split + ".bucket." + bucket + ".total", 1L);
      m.put(split + ".bucket." + bucket + ".correct", correct);
    }
    if (evaluation.samples() > 0) {
      m.put(split + ".samples", (long) e.samples());
      m.put(split + ".samples.correct", (long) e.correctSamples());
      m.put(split + ".samples.oracle", e.correctSamples() > 0 ? 1L : 0L);
    }
    if (evaluation.refine().enabled()) {
      m.put(split + ".refined", e.refined() ? 1L : 0L);
      m.put(split + ".refined.flagged", e.flagged() ? 1L : 0L);
      m.put(split + ".refined.correct", e.correctAfterRefine() ? 1L : 0L);
    }
    return m;
  }

  static Map<String, Long> samplingCounters(ProblemActor.SamplingSummary s) {
    String b = "bucket." + s.difficultyBucket() + ".";
    Map<String, Long> m = new HashMap<>();
    m.put("problems", 1L);
    m.put("samples", (long) s.samples());
    m.put("correct", (long) s.correct());
    m.put("covered_first_round", s.correctInFirstRound() > 0 ? 1L : 0L);
    m.put("covered", s.correct() > 0 ? 1L : 0L);
    m.put("resampled", s.rounds() > 1 ? 1L : 0L);
    m.put("accepted", (long) s.accepted());
    m.put(b + "problems", 1L);
    m.put(b + "covered", s.correct() > 0 ? 1L : 0L);
    m.put(b + "accepted", (long) s.accepted());
    return m;
  }

  private <R> void pipe(CompletionStage<R> ask, Phase phase, int t, int index, Function<R, Map<String, Long>> counters) {
    context.pipeToSelf(ask, (reply, error) -> error != null
        ? new ProblemFailed(phase, t, index, error.toString())
        : new ProblemDone(phase, t, index, counters.apply(reply)));
  }

  private boolean isCurrentWalk(State state, Phase phase, int t) {
    return walk != null && state.phase() == phase && state.iteration() == t && walkPhase == phase && walkIteration == t;
  }

  private Effect<ExperimentEvent, State> onProblemDone(State state, ProblemDone done) {
    if (!isCurrentWalk(state, done.phase(), done.iteration())) {
      return Effect().none();
    }
    if (done.index() >= 0) {
      walk.complete(done.index(), done.delta());
    }
    if (walk.done()) {
      return finishWalk(state);
    }
    fillWindow(state);
    int every = state.config().runtime().progressEvery();
    if (walk.watermark() - lastJournaledWatermark >= every) {
      lastJournaledWatermark = walk.watermark();
      return Effect().persist(new PhaseProgressed(experimentId, state.iteration(), state.phase(), walk.watermark(), walk.counters()));
    }
    return Effect().none();
  }

  private Effect<ExperimentEvent, State> onProblemFailed(State state, ProblemFailed failed) {
    if (isCurrentWalk(state, failed.phase(), failed.iteration()) && walk.isInFlight(failed.index())) {
      context.getLog().warn("{} {} problem #{} did not answer ({}); asking again", experimentId,
          failed.phase(), failed.index(), failed.error());
      timers.startSingleTimer(new Redispatch(failed.phase(), failed.iteration(), failed.index()), RETRY_DELAY);
    }
    return Effect().none();
  }

  private Effect<ExperimentEvent, State> onRedispatch(State state, Redispatch cmd) {
    if (isCurrentWalk(state, cmd.phase(), cmd.iteration()) && walk.isInFlight(cmd.index())) {
      dispatch(state, cmd.index());
    }
    return Effect().none();
  }

  private Effect<ExperimentEvent, State> finishWalk(State state) {
    Map<String, Long> counters = walk.counters();
    int t = state.iteration();
    walk = null;
    return switch (state.phase()) {
      case REGISTERING -> {
        Map<String, Integer> perSplit = new TreeMap<>();
        counters.forEach((k, v) -> perSplit.put(k.replace(".problems", ""), v.intValue()));
        yield Effect().persist(List.of(
                new ProblemsRegistered(experimentId, perSplit),
                new IterationStarted(experimentId, 0, null)))
            .thenRun(this::drive);
      }
      case SAMPLING -> Effect().persist(new SamplingFinished(experimentId, t, counters)).thenRun(this::drive);
      case EVALUATING -> {
        Map<String, Double> accuracy = new TreeMap<>();
        for (String split : List.of("held-out", "held-in")) {
          long total = counters.getOrDefault(split + ".total", 0L);
          if (total > 0) {
            accuracy.put(split, counters.getOrDefault(split + ".correct", 0L) / (double) total);
          }
        }
        List<ExperimentEvent> events = new java.util.ArrayList<>(List.of(
            new Evaluated(experimentId, t, state.models().get(t), accuracy, counters),
            new IterationCompleted(experimentId, t)));
        if (t >= state.config().iterations()) {
          events.add(new ExperimentFinished(experimentId, state.models().get(t)));
        } else {
          events.add(new IterationStarted(experimentId, t + 1, state.models().get(t)));
        }
        yield Effect().persist(events).thenRun(this::drive);
      }
      default -> throw new IllegalStateException("no walk in phase " + state.phase());
    };
  }

  // ---- collecting the training set ----

  private void startCollect(State state) {
    int t = state.iteration();
    ProblemCatalog.Problems p = problems(state);
    collectBuffer = new TreeMap<>();
    collectWritten = 0;
    collectNext = 0;
    try {
      Path dir = deps.dataDir().resolve("experiments").resolve(experimentId);
      Files.createDirectories(dir);
      collectFile = dir.resolve("iteration-" + t + "-train.jsonl");
      collectWriter = Files.newBufferedWriter(dir.resolve("iteration-" + t + "-train.jsonl.part"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      context.getSelf().tell(new CollectFailed(t, "cannot write the training set under " + deps.dataDir() + ": " + e));
      return;
    }
    context.getLog().info("{} iteration {}: collecting the training set from {} problems", experimentId, t, p.train().size());
    collectMore(state);
  }

  private void collectMore(State state) {
    int t = state.iteration();
    ProblemCatalog.Problems p = problems(state);
    ExperimentConfig.Training training = state.config().training();
    while (collectNext < p.train().size() && collectNext - collectWritten < state.config().runtime().window()) {
      int index = collectNext++;
      askTrainingData(p.train().get(index), t, index, training);
    }
  }

  private void askTrainingData(ProblemRegistered problem, int t, int index, ExperimentConfig.Training training) {
    context.pipeToSelf(
        deps.problems().collect(experimentId, problem.problemId(), t, training, REGISTER_TIMEOUT),
        (data, error) -> error != null ? new Collected(t, index, List.of(), error.toString()) : new Collected(t, index, data.examples(), null));
  }

  private Effect<ExperimentEvent, State> onCollected(State state, Collected c) {
    if (state.phase() != Phase.COLLECTING || state.iteration() != c.iteration() || collectBuffer == null) {
      return Effect().none();
    }
    if (c.error() != null) {
      context.getLog().warn("{}: problem #{} did not give its training data ({}); asking again", experimentId,
          c.index(), c.error());
      askTrainingData(problems(state).train().get(c.index()), c.iteration(), c.index(), state.config().training());
      return Effect().none();
    }
    collectBuffer.put(c.index(), c.examples());
    try {
      while (collectBuffer.containsKey(collectWritten)) {
        for (TrainingExample e : collectBuffer.remove(collectWritten)) {
          collectWriter.write(JSON.writeValueAsString(e));
          collectWriter.write('\n');
          examplesCollected++;
        }
        collectWritten++;
      }
      if (collectWritten < problems(state).train().size()) {
        collectMore(state);
        return Effect().none();
      }
      collectWriter.close();
      Path part = collectFile.resolveSibling(collectFile.getFileName() + ".part");
      Files.move(part, collectFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      return fail("cannot write the training set " + collectFile + ": " + e.getMessage());
    }
    int count = examplesCollected;
    examplesCollected = 0;
    collectBuffer = null;
    int t = state.iteration();
    if (count == 0) {
      String previous = state.models().get(t - 1);
      context.getLog().warn("{} iteration {}: nothing accepted; {} stays the model", experimentId, t, previous);
      return Effect().persist(new TrainingSkipped(experimentId, t, previous, "no sample was accepted"))
          .thenRun(this::drive);
    }
    ExperimentConfig.Training training = state.config().training();
    String base = t == 0 ? null : training.from() == ExperimentConfig.TrainFrom.BASE ? state.models().get(0) : state.models().get(t - 1);
    return Effect().persist(new TrainingStarted(experimentId, t, collectFile.toString(), sha256(collectFile), count, base))
        .thenRun(this::drive);
  }

  private int examplesCollected;

  // ---- training ----

  private void findTrainingWorker(int iteration) {
    context.ask(Receptionist.Listing.class, context.getSystem().receptionist(), Duration.ofSeconds(5),
        r -> Receptionist.find(TrainingWorker.KEY, r),
        (listing, error) -> new TrainingWorkers(iteration,
            listing == null ? Set.of() : listing.getServiceInstances(TrainingWorker.KEY)));
  }

  private Effect<ExperimentEvent, State> onTrainingWorkers(State state, TrainingWorkers found) {
    if (state.phase() != Phase.TRAINING || state.iteration() != found.iteration() || trainingInFlight) {
      return Effect().none();
    }
    if (found.workers().isEmpty()) {
      context.getLog().warn("{}: no training worker registered yet (is a node with role gpu up?)", experimentId);
      timers.startSingleTimer(new RetryTraining(found.iteration()), RETRY_DELAY);
      return Effect().none();
    }
    ActorRef<TrainingWorker.Command> worker = found.workers().iterator().next();
    int t = found.iteration();
    ExperimentConfig.Training training = state.config().training();
    TrainingStarted info = state.training();
    int epochs = t == 0 ? training.initialEpochs() : training.epochs();
    trainingInFlight = true;
    context.ask(TrainingWorker.Result.class, worker, state.config().runtime().trainingTimeout(),
        r -> new TrainingWorker.Train(experimentId, t, info.baseModelVersion(), info.datasetPath(), epochs, training.learningRate(),
            state.config().seed() * 1_000_003L + t, training.trainerProfile(), r),
        (result, error) -> new TrainingReply(t, result, error == null ? null : error.toString()));
    return Effect().none();
  }

  private Effect<ExperimentEvent, State> onTrainingReply(State state, TrainingReply reply) {
    if (state.phase() != Phase.TRAINING || state.iteration() != reply.iteration()) {
      return Effect().none();
    }
    trainingInFlight = false;
    if (reply.result() instanceof TrainingWorker.Trained trained) {
      var m = trained.model();
      return Effect().persist(new ModelTrained(experimentId, reply.iteration(), m.modelVersion(), m.checkpointPath(),
          trained.workerNode(), m.lossSummary())).thenRun(this::drive);
    }
    String error = reply.result() instanceof TrainingWorker.TrainingFailed f ? f.error() : reply.error();
    if (reply.result() instanceof TrainingWorker.TrainingFailed f && f.permanent()) {
      return fail("training of iteration " + reply.iteration() + " failed: " + error);
    }
    trainingAttempts++;
    if (trainingAttempts >= state.config().runtime().maxAttempts()) {
      return fail("training of iteration " + reply.iteration() + " failed " + trainingAttempts + " times: " + error);
    }
    context.getLog().warn("{}: training attempt {} failed ({}); retrying", experimentId, trainingAttempts, error);
    timers.startSingleTimer(new RetryTraining(reply.iteration()), RETRY_DELAY.multipliedBy(1L << Math.min(trainingAttempts, 5)));
    return Effect().none();
  }

  private Effect<ExperimentEvent, State> fail(String reason) {
    context.getLog().error("{} failed: {}", experimentId, reason);
    return Effect().persist(new ExperimentFailed(experimentId, reason));
  }

  // ---- events ----

  @Override
  public EventHandler<State, ExperimentEvent> eventHandler() {
    return (state, event) -> state.apply(event);
  }

  private Status status(State s) {
    int total = 0;
    int done = s.watermark();
    if (s.runState() == RunState.RUNNING && s.phase() != null && problems != null) {
      total = switch (s.phase()) {
        case REGISTERING -> problems.size();
        case SAMPLING, COLLECTING -> problems.train().size();
        case EVALUATING -> problems.test().size() + heldIn(s);
        case TRAINING -> 1;
      };
      if (walk != null && walkPhase == s.phase()) {
        done = walk.watermark();
      } else if (s.phase() == Phase.COLLECTING && collectBuffer != null) {
        done = collectWritten;
      }
    }
    return new Status(experimentId, s.runState().name().toLowerCase(), s.config() == null ? null : s.config().name(),
        s.iteration(), s.config() == null ? 0 : s.config().iterations(),
        s.phase() == null ? null : s.phase().name().toLowerCase(), done, total,
        s.sampling().isEmpty() ? Map.of() : new TreeMap<>(s.sampling()).lastEntry().getValue(),
        s.accuracy().isEmpty() ? Map.of() : new TreeMap<>(s.accuracy()).lastEntry().getValue(),
        s.models(), s.failure());
  }


  static String sha256(Path file) {
    try (var in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      int n;
      while ((n = in.read(buffer)) > 0) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest(), 0, 16);
    } catch (Exception e) {
      throw new IllegalStateException("cannot hash " + file, e);
    }
  }
}
