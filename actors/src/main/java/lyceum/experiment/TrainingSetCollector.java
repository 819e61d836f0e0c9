package lyceum.experiment;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.TreeMap;
import lyceum.engine.TrainingExample;
import lyceum.events.ExperimentEvent;
import lyceum.events.ExperimentEvent.TrainingSkipped;
import lyceum.events.ExperimentEvent.TrainingStarted;
import lyceum.experiment.ExperimentActor.Collected;
import lyceum.experiment.ExperimentActor.Command;
import lyceum.experiment.ExperimentActor.RetryCollect;
import lyceum.experiment.ExperimentActor.State;
import lyceum.experiment.config.ExperimentConfig;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The collecting phase: asks each training problem for its accepted examples, at most a window at once,
 * and writes them in problem order to the iteration's {@link TrainingSetFile}. A problem that does not
 * answer is asked again with backoff, at most {@code runtime.max-attempts} times; then the experiment
 * fails, since a training set without it would not be the one the journal describes.
 */
final class TrainingSetCollector {

    /** A problem answers from its journal alone: no generation to wait for. */
    private static final Duration COLLECT_TIMEOUT = Duration.ofSeconds(30);

    private final ActorContext<Command> context;
    private final TimerScheduler<Command> timers;
    private final String experimentId;
    private final ExperimentActor.Dependencies deps;
    private ProblemCatalog.Problems problems;
    private TreeMap<Integer, List<TrainingExample>> buffer;
    private TrainingSetFile file;
    private int iteration;
    private int written;
    private int next;

    TrainingSetCollector(
            ActorContext<Command> context,
            TimerScheduler<Command> timers,
            String experimentId,
            ExperimentActor.Dependencies deps) {
        this.context = context;
        this.timers = timers;
        this.experimentId = experimentId;
        this.deps = deps;
    }

    /** Starts collecting; a failure is the reason the experiment cannot go on. */
    Step start(State state, ProblemCatalog.Problems problems) {
        stop();
        this.problems = problems;
        iteration = state.iteration();
        buffer = new TreeMap<>();
        written = 0;
        next = 0;
        try {
            file = TrainingSetFile.open(
                    deps.dataDir(),
                    experimentId,
                    iteration,
                    state.config().training().format());
        } catch (IOException | IllegalArgumentException e) {
            buffer = null;
            return new Step.Failed("cannot write the training set under " + deps.dataDir() + ": " + e.getMessage());
        }
        context.getLog()
                .info(
                        "{} iteration {}: collecting the training set from {} problems",
                        experimentId,
                        iteration,
                        problems.train().size());
        askMore(state);
        return Step.STAY;
    }

    /** Training on the written set comes next, or nothing to train on: the previous model stays. */
    private ExperimentEvent trainingEvent(State state, String path, String hash, int examples) {
        int t = state.iteration();
        if (examples == 0) {
            String previous = state.models().get(t - 1);
            context.getLog().warn("{} iteration {}: nothing accepted; {} stays the model", experimentId, t, previous);
            return new TrainingSkipped(experimentId, t, previous, "no sample was accepted");
        }
        String base = t == 0
                ? null
                : state.config().training().from() == ExperimentConfig.TrainFrom.BASE
                        ? state.models().get(0)
                        : state.models().get(t - 1);
        return new TrainingStarted(experimentId, t, path, hash, examples, base);
    }

    /** Problems written so far, or -1 when not collecting. */
    int done() {
        return buffer == null ? -1 : written;
    }

    void stop() {
        if (file != null) {
            file.close();
            file = null;
        }
        buffer = null;
    }

    private void askMore(State state) {
        while (next < problems.train().size()
                && next - written < state.config().runtime().window()) {
            ask(state, next++, 1);
        }
    }

    private void ask(State state, int index, int attempt) {
        int t = iteration;
        context.pipeToSelf(
                deps.problems()
                        .collect(
                                problems.train().get(index),
                                t,
                                state.config().training(),
                                state.config().prompts(),
                                COLLECT_TIMEOUT),
                (data, error) -> error != null
                        ? new Collected(t, index, attempt, List.of(), error.toString())
                        : new Collected(t, index, attempt, data.examples(), null));
    }

    /** Only the first {@code dataset.rationale-share} of the training problems train on their reference. */
    private boolean withReference(State state, int index) {
        return index < state.config().dataset().rationaleCount(problems.train().size());
    }

    private boolean isCurrent(State state, int t) {
        return buffer != null && state.iteration() == t && iteration == t;
    }

    void onRetry(State state, RetryCollect cmd) {
        if (isCurrent(state, cmd.iteration())) {
            ask(state, cmd.index(), cmd.attempt());
        }
    }

    Step onCollected(State state, Collected c) {
        if (!isCurrent(state, c.iteration())) {
            return Step.STAY;
        }
        String problemId = problems.train().get(c.index()).problemId();
        if (c.error() != null) {
            var runtime = state.config().runtime();
            if (c.attempt() >= runtime.maxAttempts()) {
                stop();
                return new Step.Failed("problem " + problemId + " gave no training data in " + c.attempt()
                        + " attempts: " + c.error());
            }
            context.getLog()
                    .warn(
                            "{}: problem {} did not give its training data ({}); asking again",
                            experimentId,
                            problemId,
                            c.error());
            timers.startSingleTimer(
                    "collect-" + c.index(),
                    new RetryCollect(c.iteration(), c.index(), c.attempt() + 1),
                    runtime.backoffBefore(c.attempt() + 1));
            return Step.STAY;
        }
        buffer.put(
                c.index(),
                withReference(state, c.index())
                        ? c.examples()
                        : c.examples().stream()
                                .filter(e -> !TrainingExample.isReference(e.sampleId()))
                                .toList());
        try {
            while (buffer.containsKey(written)) {
                file.append(buffer.remove(written));
                written++;
            }
            if (written < problems.train().size()) {
                askMore(state);
                return Step.STAY;
            }
            String hash = file.commit();
            ExperimentEvent next = trainingEvent(state, file.path().toString(), hash, file.examples());
            file = null;
            buffer = null;
            return new Step.Advance(List.of(next));
        } catch (IOException e) {
            String path = file.path().toString();
            stop();
            return new Step.Failed("cannot write the training set " + path + ": " + e.getMessage());
        }
    }
}
