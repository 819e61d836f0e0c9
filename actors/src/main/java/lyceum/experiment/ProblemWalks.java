package lyceum.experiment;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import lyceum.engine.ModelRef;
import lyceum.events.ExperimentEvent;
import lyceum.events.ExperimentEvent.Evaluated;
import lyceum.events.ExperimentEvent.ExperimentFinished;
import lyceum.events.ExperimentEvent.IterationCompleted;
import lyceum.events.ExperimentEvent.IterationStarted;
import lyceum.events.ExperimentEvent.Phase;
import lyceum.events.ExperimentEvent.PhaseProgressed;
import lyceum.events.ExperimentEvent.ProblemsRegistered;
import lyceum.events.ExperimentEvent.SamplingFinished;
import lyceum.events.IterationCounts;
import lyceum.events.ProblemEvent.ProblemRegistered;
import lyceum.experiment.ExperimentActor.Command;
import lyceum.experiment.ExperimentActor.ProblemDone;
import lyceum.experiment.ExperimentActor.ProblemFailed;
import lyceum.experiment.ExperimentActor.Redispatch;
import lyceum.experiment.ExperimentActor.State;
import lyceum.experiment.config.ExperimentConfig;
import lyceum.metrics.GreedyAccuracy;
import lyceum.problem.ProblemActor.EvaluationSummary;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The phases that walk over problems (registering, sampling, evaluating): which problem an index is,
 * what to ask it, the counters of its answer, and bounded retries. An ask that fails or times out is
 * repeated after a backoff that doubles, at most {@code runtime.max-attempts} times; then the problem
 * counts as failed and the walk goes on. A problem that reports a permanent failure ends the experiment.
 *
 * <p>Registering asks no problem: the catalog is a pure function of the config, so the walk counts its
 * problems at once, and each problem journals its registration with its first sampling or evaluation
 * command, which carries it.
 */
final class ProblemWalks {

    private final ActorContext<Command> context;
    private final TimerScheduler<Command> timers;
    private final String experimentId;
    private final ProblemGateway gateway;
    private ProblemCatalog.Problems problems;
    private PhaseWalk walk;
    private Phase phase;
    private int iteration = -1;
    private int lastJournaled;

    ProblemWalks(
            ActorContext<Command> context,
            TimerScheduler<Command> timers,
            String experimentId,
            ProblemGateway gateway) {
        this.context = context;
        this.timers = timers;
        this.experimentId = experimentId;
        this.gateway = gateway;
    }

    static int size(Phase phase, ProblemCatalog.Problems p, ExperimentConfig config) {
        return size(phase, p.train().size(), p.test().size(), config);
    }

    /** How many steps a phase walks: its problems (held-in ones included when evaluating), or one training. */
    static int size(Phase phase, int train, int test, ExperimentConfig config) {
        return switch (phase) {
            case REGISTERING -> train + test;
            case SAMPLING, COLLECTING -> train;
            case EVALUATING -> test + Math.min(config.dataset().heldInCount(), train);
            case TRAINING -> 1;
        };
    }

    void start(State state, ProblemCatalog.Problems problems) {
        this.problems = problems;
        phase = state.phase();
        iteration = state.iteration();
        int total = size(phase, problems, state.config());
        walk = phase == Phase.REGISTERING
                ? new PhaseWalk(
                        total,
                        total,
                        state.counters().plus(registered(problems, state.watermark())),
                        state.config().runtime().window())
                : new PhaseWalk(
                        total,
                        state.watermark(),
                        state.counters(),
                        state.config().runtime().window());
        lastJournaled = state.watermark();
        context.getLog()
                .info(
                        "{} iteration {} {}: {} problems from {}",
                        experimentId,
                        iteration,
                        phase,
                        walk.total(),
                        state.watermark());
        if (walk.done()) {
            context.getSelf().tell(new ProblemDone(phase, iteration, -1, IterationCounts.NONE, null));
            return;
        }
        fill(state);
    }

    /**
     * The registration counts of the problems from {@code watermark} on in registering order (train then
     * test): those not counted yet, when an older coordinator journaled a registration walk part-way.
     */
    static IterationCounts registered(ProblemCatalog.Problems p, int watermark) {
        int train = p.train().size();
        long trainLeft = Math.max(0, train - watermark);
        long testLeft = p.size() - (long) Math.max(watermark, train);
        Map<String, IterationCounts.SplitCounts> splits = new TreeMap<>();
        if (trainLeft > 0) {
            splits.put("train", new IterationCounts.SplitCounts(trainLeft, 0, 0, 0, 0));
        }
        if (testLeft > 0) {
            splits.put("test", new IterationCounts.SplitCounts(testLeft, 0, 0, 0, 0));
        }
        return new IterationCounts(0, 0, 0, splits);
    }

    void stop() {
        walk = null;
    }

    /** Problems done in the current walk, or -1 when {@code phase} is not walking. */
    int done(Phase phase) {
        return walk != null && this.phase == phase ? walk.watermark() : -1;
    }

    private boolean isCurrent(State state, Phase phase, int t) {
        return walk != null
                && state.phase() == phase
                && state.iteration() == t
                && this.phase == phase
                && iteration == t;
    }

    Step onDone(State state, ProblemDone done) {
        if (!isCurrent(state, done.phase(), done.iteration())) {
            return Step.STAY;
        }
        if (done.permanentFailure() != null) {
            walk = null;
            return new Step.Failed("problem " + problemAt(done.index()).problemId() + ": " + done.permanentFailure());
        }
        if (done.index() >= 0) {
            walk.complete(done.index(), done.delta());
        }
        return advance(state);
    }

    Step onFailed(State state, ProblemFailed failed) {
        if (!isCurrent(state, failed.phase(), failed.iteration())
                || !walk.isCurrent(failed.index(), failed.attempt())) {
            return Step.STAY;
        }
        var runtime = state.config().runtime();
        String problemId = problemAt(failed.index()).problemId();
        if (failed.attempt() >= runtime.maxAttempts()) {
            context.getLog()
                    .warn(
                            "{} {} problem {} did not answer in {} attempts ({}); counted as failed",
                            experimentId,
                            phase,
                            problemId,
                            failed.attempt(),
                            failed.error());
            walk.complete(failed.index(), IterationCounts.failedProblem());
            return advance(state);
        }
        int next = walk.nextAttempt(failed.index());
        Duration wait = runtime.backoffBefore(next);
        context.getLog()
                .warn(
                        "{} {} problem {} did not answer ({}); attempt {} in {}",
                        experimentId,
                        phase,
                        problemId,
                        failed.error(),
                        next,
                        wait);
        timers.startSingleTimer("walk-" + failed.index(), new Redispatch(phase, iteration, failed.index(), next), wait);
        return Step.STAY;
    }

    void onRedispatch(State state, Redispatch cmd) {
        if (isCurrent(state, cmd.phase(), cmd.iteration()) && walk.isCurrent(cmd.index(), cmd.attempt())) {
            dispatch(state, cmd.index());
        }
    }

    private Step advance(State state) {
        if (walk.done()) {
            IterationCounts counters = walk.counters();
            walk = null;
            return new Step.Advance(endEvents(state, counters));
        }
        fill(state);
        if (walk.watermark() - lastJournaled >= state.config().runtime().progressEvery()) {
            lastJournaled = walk.watermark();
            return new Step.Journal(
                    new PhaseProgressed(experimentId, iteration, phase, walk.watermark(), walk.counters()));
        }
        return Step.STAY;
    }

    /** The events that end a walked phase. */
    private List<ExperimentEvent> endEvents(State state, IterationCounts counters) {
        int t = state.iteration();
        return switch (state.phase()) {
            case REGISTERING ->
                List.of(
                        new ProblemsRegistered(experimentId, counters.problemsPerSplit()),
                        new IterationStarted(experimentId, 0, null));
            case SAMPLING -> List.of(new SamplingFinished(experimentId, t, counters));
            case EVALUATING -> {
                String model = state.models().get(t);
                List<ExperimentEvent> events = new ArrayList<>(List.of(
                        new Evaluated(experimentId, t, model, greedyAccuracy(counters), counters),
                        new IterationCompleted(experimentId, t)));
                events.add(
                        t >= state.config().iterations()
                                ? new ExperimentFinished(experimentId, model)
                                : new IterationStarted(experimentId, t + 1, model));
                yield events;
            }
            default -> throw new IllegalStateException("no walk in phase " + state.phase());
        };
    }

    private void fill(State state) {
        for (int index : walk.dispatchable()) {
            dispatch(state, index);
        }
    }

    /** The problem at {@code index} of this phase's order: registering walks train then test, evaluating test then held-in. */
    private ProblemRegistered problemAt(int index) {
        var p = problems;
        return switch (phase) {
            case REGISTERING ->
                index < p.train().size()
                        ? p.train().get(index)
                        : p.test().get(index - p.train().size());
            case EVALUATING ->
                index < p.test().size()
                        ? p.test().get(index)
                        : p.train().get(index - p.test().size());
            default -> p.train().get(index);
        };
    }

    private void dispatch(State state, int index) {
        ProblemRegistered problem = problemAt(index);
        ExperimentConfig c = state.config();
        Duration timeout = c.runtime().generationTimeout();
        switch (phase) {
            case SAMPLING -> {
                ModelRef model = c.model().ref(state.models().get(iteration - 1));
                pipe(
                        gateway.runSampling(problem, iteration, model, c, timeout),
                        index,
                        s -> IterationCounts.sampled(s.samples(), s.failed()),
                        s -> s.permanentFailure());
            }
            case EVALUATING -> {
                String split = index < problems.test().size() ? "held-out" : "held-in";
                ModelRef model = c.model().ref(state.models().get(iteration));
                pipe(
                        gateway.evaluate(problem, iteration, split, model, c, timeout),
                        index,
                        e -> evaluated(split, c.evaluation(), e),
                        e -> e.permanentFailure());
            }
            default -> throw new IllegalStateException("no walk in phase " + phase);
        }
    }

    /** Greedy, sampled and critiqued answers of one problem, as far as the evaluation asks for each. */
    static IterationCounts evaluated(String split, ExperimentConfig.Evaluation evaluation, EvaluationSummary e) {
        boolean greedy = evaluation.greedy();
        return IterationCounts.evaluated(
                split,
                new IterationCounts.SplitCounts(
                        0,
                        greedy ? 1 : 0,
                        greedy && e.correct() ? 1 : 0,
                        evaluation.samples() > 0 ? e.samples() : 0,
                        evaluation.refine().enabled() && e.refined() ? 1 : 0),
                e.failed());
    }

    /** Greedy accuracy per evaluation split that has greedy answers, by the metrics' own function. */
    static Map<String, Double> greedyAccuracy(IterationCounts counts) {
        Map<String, Double> accuracy = new TreeMap<>();
        counts.splits().forEach((split, c) -> {
            if (c.greedy() > 0) {
                accuracy.put(split, GreedyAccuracy.share(c.greedyCorrect(), c.greedy()));
            }
        });
        return accuracy;
    }

    private <R> void pipe(
            CompletionStage<R> ask,
            int index,
            Function<R, IterationCounts> counters,
            Function<R, String> permanentFailure) {
        Phase p = phase;
        int t = iteration;
        int attempt = walk.attempt(index);
        context.pipeToSelf(
                ask,
                (reply, error) -> error != null
                        ? new ProblemFailed(p, t, index, attempt, error.toString())
                        : new ProblemDone(p, t, index, counters.apply(reply), permanentFailure.apply(reply)));
    }
}
