// Stays whole: the coordinator entity with its commands, replies, status and state as nested types; its
// phases are ProblemWalks, TrainingSetCollector and TrainingPhase, its state changes StateFold.
package lyceum.experiment;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import lyceum.engine.TrainingExample;
import lyceum.events.EventTags;
import lyceum.events.ExperimentEvent;
import lyceum.events.ExperimentEvent.ExperimentCancelled;
import lyceum.events.ExperimentEvent.ExperimentFailed;
import lyceum.events.ExperimentEvent.ExperimentStarted;
import lyceum.events.ExperimentEvent.Phase;
import lyceum.events.ExperimentEvent.TrainingStarted;
import lyceum.events.IterationCounts;
import lyceum.events.LyceumSerializable;
import lyceum.experiment.config.ConfigJson;
import lyceum.experiment.config.ExperimentConfig;
import lyceum.workers.TrainingWorker;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerBuilder;
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
 *
 * <p>Commands are handled per run state (new, running, ended); the running work is split by concern:
 * {@link ProblemWalks} (registering, sampling, evaluating), {@link TrainingSetCollector} and
 * {@link TrainingPhase}, with {@link IterationCounts} for the counts; each answers a message with a
 * {@link Step} (journal a cursor, end the phase, fail) that the entity carries out.
 */
public final class ExperimentActor
        extends EventSourcedBehavior<ExperimentActor.Command, ExperimentEvent, ExperimentActor.State> {

    public static final EntityTypeKey<Command> ENTITY_KEY = EntityTypeKey.create(Command.class, "Experiment");

    // ---- commands ----

    public sealed interface Command extends LyceumSerializable {}

    public record Start(ExperimentConfig config, String codeVersion, ActorRef<StartReply> replyTo) implements Command {}

    public record GetStatus(ActorRef<Status> replyTo) implements Command {}

    /** Ends a running experiment CANCELLED; {@code by} names who (user@host). */
    public record Cancel(String by, String reason, ActorRef<CancelReply> replyTo) implements Command {}

    record ProblemDone(Phase phase, int iteration, int index, IterationCounts delta, String permanentFailure)
            implements Command {}

    record ProblemFailed(Phase phase, int iteration, int index, int attempt, String error) implements Command {}

    record Redispatch(Phase phase, int iteration, int index, int attempt) implements Command {}

    record Collected(int iteration, int index, int attempt, List<TrainingExample> examples, String error)
            implements Command {}

    record RetryCollect(int iteration, int index, int attempt) implements Command {}

    record TrainingWorkers(int iteration, Set<ActorRef<TrainingWorker.Command>> workers) implements Command {}

    record TrainingReply(int iteration, TrainingWorker.Result result, String error) implements Command {}

    record RetryTraining(int iteration) implements Command {}

    /** Work that cannot go on (an unreadable or changed dataset): the experiment fails with the reason. */
    private record Fail(String reason) implements Command {}

    // ---- replies ----

    public sealed interface StartReply extends LyceumSerializable {}

    public record Started(String experimentId) implements StartReply {}

    public record StartRejected(String experimentId, String reason) implements StartReply {}

    public sealed interface CancelReply extends LyceumSerializable {}

    public record Cancelled(String experimentId) implements CancelReply {}

    public record CancelRejected(String experimentId, String reason) implements CancelReply {}

    public record Status(
            String id,
            String state,
            String name,
            int iteration,
            int iterations,
            String phase,
            int done,
            int total,
            IterationCounts latestSampling,
            Map<String, Double> latestAccuracy,
            Map<Integer, String> models,
            String failure)
            implements LyceumSerializable {

        /**
         * The one way an experiment's status is told, by the running coordinator (with the progress of its
         * walk) and by {@link #fromJournal} alike.
         */
        static Status of(String experimentId, State s, int done, int total) {
            return new Status(
                    experimentId,
                    s.runState().name().toLowerCase(),
                    s.config() == null ? null : s.config().name(),
                    s.iteration(),
                    s.config() == null ? 0 : s.config().iterations(),
                    s.phase() == null ? null : s.phase().name().toLowerCase(),
                    done,
                    total,
                    s.sampling().isEmpty()
                            ? IterationCounts.NONE
                            : new TreeMap<>(s.sampling()).lastEntry().getValue(),
                    s.accuracy().isEmpty()
                            ? Map.of()
                            : new TreeMap<>(s.accuracy()).lastEntry().getValue(),
                    s.models(),
                    s.failure());
        }

        /**
         * An experiment's status from its journal alone (no coordinator needed): progress as of the last
         * journaled cursor, out of the phase's size from the registered problems.
         */
        public static Status fromJournal(String experimentId, List<ExperimentEvent> events) {
            State s = State.empty();
            for (ExperimentEvent event : events) {
                s = s.apply(event);
            }
            int total = s.phase() == null || s.config() == null
                    ? 0
                    : ProblemWalks.size(
                            s.phase(),
                            s.problemsPerSplit().getOrDefault("train", 0),
                            s.problemsPerSplit().getOrDefault("test", 0),
                            s.config());
            return of(experimentId, s, s.watermark(), total);
        }
    }

    // ---- state ----

    public enum RunState {
        NEW,
        RUNNING,
        FINISHED,
        FAILED,
        CANCELLED
    }

    /**
     * Small whatever the number of problems: counts, cursors and one model version per iteration. One type
     * for every run state, since snapshots of it are journaled; the run state picks the command handlers.
     */
    public record State(
            RunState runState,
            ExperimentConfig config,
            int iteration,
            Phase phase,
            int watermark,
            IterationCounts counters,
            Map<String, Integer> problemsPerSplit,
            Map<Integer, String> models,
            Map<Integer, IterationCounts> sampling,
            Map<Integer, Map<String, Double>> accuracy,
            TrainingStarted training,
            String failure,
            String datasetHash)
            implements LyceumSerializable {

        public static State empty() {
            return new State(
                    RunState.NEW,
                    null,
                    0,
                    null,
                    0,
                    IterationCounts.NONE,
                    Map.of(),
                    Map.of(),
                    Map.of(),
                    Map.of(),
                    null,
                    null,
                    null);
        }

        /** The state after an event: the experiment's whole history folds into this, here and in status. */
        public State apply(ExperimentEvent event) {
            return StateFold.apply(this, event);
        }
    }

    // ---- behaviour ----

    public record Dependencies(ProblemGateway problems, ProblemCatalog catalog, Path dataDir) {}

    public static Behavior<Command> create(String experimentId, Dependencies deps) {
        return Behaviors.setup(
                context -> Behaviors.withTimers(timers -> new ExperimentActor(context, timers, experimentId, deps)));
    }

    private final ActorContext<Command> context;
    private final TimerScheduler<Command> timers;
    private final String experimentId;
    private final Dependencies deps;
    private final ProblemWalks walks;
    private final TrainingSetCollector collector;
    private final TrainingPhase trainingPhase;
    private final ExperimentDataset dataset;

    private ExperimentActor(
            ActorContext<Command> context, TimerScheduler<Command> timers, String experimentId, Dependencies deps) {
        super(PersistenceId.of(ENTITY_KEY.name(), experimentId), lyceum.problem.JournalBackoff.STRATEGY);
        this.context = context;
        this.timers = timers;
        this.experimentId = experimentId;
        this.deps = deps;
        this.walks = new ProblemWalks(context, timers, experimentId, deps.problems());
        this.collector = new TrainingSetCollector(context, timers, experimentId, deps);
        this.trainingPhase = new TrainingPhase(context, timers, experimentId);
        this.dataset = new ExperimentDataset(experimentId, deps.catalog());
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
                        context.getLog()
                                .info(
                                        "{} resumes at iteration {} phase {} from problem {}",
                                        experimentId,
                                        state.iteration(),
                                        state.phase(),
                                        state.watermark());
                        drive(state);
                    }
                })
                .build();
    }

    @Override
    public CommandHandler<Command, ExperimentEvent, State> commandHandler() {
        CommandHandlerBuilder<Command, ExperimentEvent, State> builder = newCommandHandlerBuilder();
        builder.forState(s -> s.runState() == RunState.NEW)
                .onCommand(Start.class, this::onStart)
                .onCommand(Cancel.class, (state, cmd) -> rejectCancel(cmd, "no experiment " + experimentId));
        builder.forState(s -> s.runState() == RunState.RUNNING)
                .onCommand(Start.class, this::onRepeatedStart)
                .onCommand(Cancel.class, this::onCancel)
                .onCommand(Fail.class, (state, cmd) -> fail(cmd.reason()))
                .onCommand(ProblemDone.class, (state, cmd) -> take(walks.onDone(state, cmd)))
                .onCommand(ProblemFailed.class, (state, cmd) -> take(walks.onFailed(state, cmd)))
                .onCommand(Redispatch.class, (state, cmd) -> {
                    walks.onRedispatch(state, cmd);
                    return Effect().none();
                })
                .onCommand(Collected.class, (state, cmd) -> take(collector.onCollected(state, cmd)))
                .onCommand(RetryCollect.class, (state, cmd) -> {
                    collector.onRetry(state, cmd);
                    return Effect().none();
                })
                .onCommand(TrainingWorkers.class, (state, cmd) -> take(trainingPhase.onWorkers(state, cmd)))
                .onCommand(TrainingReply.class, (state, cmd) -> take(trainingPhase.onReply(state, cmd)))
                .onCommand(RetryTraining.class, (state, cmd) -> {
                    trainingPhase.onRetry(state, cmd);
                    return Effect().none();
                });
        builder.forState(s -> s.runState() != RunState.NEW && s.runState() != RunState.RUNNING)
                .onCommand(Start.class, this::onRepeatedStart)
                .onCommand(
                        Cancel.class,
                        (state, cmd) -> rejectCancel(
                                cmd,
                                "experiment " + experimentId + " is "
                                        + state.runState().name().toLowerCase() + ", not running"));
        builder.forAnyState()
                .onCommand(
                        GetStatus.class,
                        (state, cmd) ->
                                Effect().none().thenRun(s -> cmd.replyTo().tell(status(s))))
                // Late answers of work asked before the end, or before a restart.
                .onAnyCommand(cmd -> Effect().none());
        return builder.build();
    }

    private Effect<ExperimentEvent, State> onStart(State state, Start cmd) {
        String reason = Ids.experimentIdError(experimentId);
        ProblemCatalog.Problems loaded = null;
        if (reason == null) {
            try {
                loaded = dataset.start(cmd.config());
            } catch (RuntimeException e) {
                reason = e.getMessage();
            }
        }
        if (reason != null) {
            String rejected = reason;
            return Effect().none().thenRun(s -> cmd.replyTo().tell(new StartRejected(experimentId, rejected)));
        }
        ExperimentStarted started = new ExperimentStarted(
                experimentId,
                cmd.config().name(),
                ConfigJson.write(cmd.config()),
                ConfigJson.hash(cmd.config()),
                cmd.codeVersion(),
                System.currentTimeMillis(),
                DatasetCheck.contentHash(loaded));
        return Effect().persist(started).thenRun(s -> {
            cmd.replyTo().tell(new Started(experimentId));
            drive(s);
        });
    }

    private Effect<ExperimentEvent, State> onRepeatedStart(State state, Start cmd) {
        return Effect()
                .none()
                .thenRun(s -> cmd.replyTo()
                        .tell(
                                ConfigJson.hash(cmd.config()).equals(ConfigJson.hash(s.config()))
                                        ? new Started(experimentId)
                                        : new StartRejected(
                                                experimentId, "experiment already exists with another config")));
    }

    private Effect<ExperimentEvent, State> onCancel(State state, Cancel cmd) {
        context.getLog().warn("{} cancelled by {}: {}", experimentId, cmd.by(), cmd.reason());
        return Effect()
                .persist(new ExperimentCancelled(experimentId, cmd.by(), cmd.reason(), System.currentTimeMillis()))
                .thenRun(s -> {
                    stopWork();
                    cmd.replyTo().tell(new Cancelled(experimentId));
                });
    }

    private Effect<ExperimentEvent, State> rejectCancel(Cancel cmd, String reason) {
        return Effect().none().thenRun(s -> cmd.replyTo().tell(new CancelRejected(experimentId, reason)));
    }

    // ---- the running work ----

    /** Starts the work of the state's current phase. Called after recovery and after every phase change. */
    private void drive(State state) {
        if (state.runState() != RunState.RUNNING) {
            stopWork();
            return;
        }
        ProblemCatalog.Problems p;
        try {
            p = dataset.problems(state);
        } catch (IllegalStateException e) {
            context.getSelf().tell(new Fail(e.getMessage()));
            return;
        }
        switch (state.phase()) {
            case REGISTERING, SAMPLING, EVALUATING -> walks.start(state, p);
            case COLLECTING -> {
                if (collector.start(state, p) instanceof Step.Failed f) {
                    context.getSelf().tell(new Fail(f.reason()));
                }
            }
            case TRAINING -> trainingPhase.start(state);
        }
    }

    private void stopWork() {
        walks.stop();
        collector.stop();
        trainingPhase.stop();
        timers.cancelAll();
    }

    private Effect<ExperimentEvent, State> take(Step step) {
        if (step instanceof Step.Journal j) {
            return Effect().persist(j.event());
        } else if (step instanceof Step.Advance a) {
            return Effect().persist(a.events()).thenRun(this::drive);
        } else if (step instanceof Step.Failed f) {
            return fail(f.reason());
        }
        return Effect().none();
    }

    private Effect<ExperimentEvent, State> fail(String reason) {
        context.getLog().error("{} failed: {}", experimentId, reason);
        return Effect().persist(new ExperimentFailed(experimentId, reason)).thenRun(s -> stopWork());
    }

    // ---- events ----

    @Override
    public EventHandler<State, ExperimentEvent> eventHandler() {
        return (state, event) -> state.apply(event);
    }

    private Status status(State s) {
        int total = 0;
        int done = s.watermark();
        if (s.runState() == RunState.RUNNING && s.phase() != null && dataset.loaded() != null) {
            total = ProblemWalks.size(s.phase(), dataset.loaded(), s.config());
            int walked = s.phase() == Phase.COLLECTING ? collector.done() : walks.done(s.phase());
            if (walked >= 0) {
                done = walked;
            }
        }
        return Status.of(experimentId, s, done, total);
    }
}
