package lyceum.experiment;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import lyceum.events.ExperimentEvent;
import lyceum.events.ExperimentEvent.Evaluated;
import lyceum.events.ExperimentEvent.ExperimentCancelled;
import lyceum.events.ExperimentEvent.ExperimentFailed;
import lyceum.events.ExperimentEvent.ExperimentFinished;
import lyceum.events.ExperimentEvent.ExperimentStarted;
import lyceum.events.ExperimentEvent.IterationStarted;
import lyceum.events.ExperimentEvent.ModelTrained;
import lyceum.events.ExperimentEvent.Phase;
import lyceum.events.ExperimentEvent.PhaseProgressed;
import lyceum.events.ExperimentEvent.ProblemsRegistered;
import lyceum.events.ExperimentEvent.SamplingFinished;
import lyceum.events.ExperimentEvent.TrainingSkipped;
import lyceum.events.ExperimentEvent.TrainingStarted;
import lyceum.events.IterationCounts;
import lyceum.experiment.ExperimentActor.RunState;
import lyceum.experiment.ExperimentActor.State;
import lyceum.experiment.config.ConfigJson;
import lyceum.experiment.config.ExperimentConfig;

/** How each experiment event changes the coordinator's {@link State}. */
final class StateFold {

    private StateFold() {}

    /** The state after an event: the experiment's whole history folds into this, here and in status. */
    static State apply(State state, ExperimentEvent event) {
        if (event instanceof ExperimentStarted e) {
            return change(state, n -> {
                n.runState = RunState.RUNNING;
                n.config = ConfigJson.read(e.configJson());
                n.datasetHash = e.datasetHash();
                n.at(Phase.REGISTERING, 0, 0, IterationCounts.NONE);
            });
        } else if (event instanceof PhaseProgressed e) {
            return change(state, n -> n.at(e.phase(), e.iteration(), e.watermark(), e.counters()));
        } else if (event instanceof ProblemsRegistered e) {
            return change(state, n -> n.problemsPerSplit = e.problemsPerSplit());
        } else if (event instanceof IterationStarted e) {
            return change(
                    state,
                    n -> n.at(
                            e.iteration() == 0 ? Phase.COLLECTING : Phase.SAMPLING,
                            e.iteration(),
                            0,
                            IterationCounts.NONE));
        } else if (event instanceof SamplingFinished e) {
            return change(state, n -> {
                n.sampling = put(n.sampling, e.iteration(), e.counters());
                n.at(Phase.COLLECTING, e.iteration(), 0, IterationCounts.NONE);
            });
        } else if (event instanceof TrainingStarted e) {
            return change(state, n -> {
                n.training = e;
                n.at(Phase.TRAINING, e.iteration(), 0, IterationCounts.NONE);
            });
        } else if (event instanceof ModelTrained e) {
            return change(state, n -> n.model(e.iteration(), e.modelVersion()));
        } else if (event instanceof TrainingSkipped e) {
            return change(state, n -> n.model(e.iteration(), e.modelVersion()));
        } else if (event instanceof Evaluated e) {
            return change(state, n -> n.accuracy = put(n.accuracy, e.iteration(), e.accuracyBySplit()));
        } else if (event instanceof ExperimentFinished) {
            return change(state, n -> {
                n.runState = RunState.FINISHED;
                n.failure = null;
                n.at(null, state.iteration(), 0, IterationCounts.NONE);
            });
        } else if (event instanceof ExperimentFailed e) {
            return change(state, n -> {
                n.runState = RunState.FAILED;
                n.failure = e.reason();
            });
        } else if (event instanceof ExperimentCancelled e) {
            return change(state, n -> {
                n.runState = RunState.CANCELLED;
                n.failure = "cancelled by " + e.by() + ": " + e.reason();
            });
        }
        return state; // IterationCompleted
    }

    private static State change(State state, Consumer<Next> change) {
        Next next = new Next(state);
        change.accept(next);
        return next.state();
    }

    private static <V> Map<Integer, V> put(Map<Integer, V> map, int key, V value) {
        Map<Integer, V> all = new TreeMap<>(map);
        all.put(key, value);
        return all;
    }

    /** A state being changed by one event: the one place that copies every field. */
    private static final class Next {
        RunState runState;
        ExperimentConfig config;
        int iteration;
        Phase phase;
        int watermark;
        IterationCounts counters;
        Map<String, Integer> problemsPerSplit;
        Map<Integer, String> models;
        Map<Integer, IterationCounts> sampling;
        Map<Integer, Map<String, Double>> accuracy;
        TrainingStarted training;
        String failure;
        String datasetHash;

        Next(State s) {
            runState = s.runState();
            config = s.config();
            iteration = s.iteration();
            phase = s.phase();
            watermark = s.watermark();
            counters = s.counters();
            problemsPerSplit = s.problemsPerSplit();
            models = s.models();
            sampling = s.sampling();
            accuracy = s.accuracy();
            training = s.training();
            failure = s.failure();
            datasetHash = s.datasetHash();
        }

        /** The iteration's model is known: evaluating it comes next. */
        void model(int t, String version) {
            models = put(models, t, version);
            at(Phase.EVALUATING, t, 0, IterationCounts.NONE);
        }

        void at(Phase phase, int iteration, int watermark, IterationCounts counters) {
            this.phase = phase;
            this.iteration = iteration;
            this.watermark = watermark;
            this.counters = counters;
        }

        State state() {
            return new State(
                    runState,
                    config,
                    iteration,
                    phase,
                    watermark,
                    counters,
                    problemsPerSplit,
                    models,
                    sampling,
                    accuracy,
                    training,
                    failure,
                    datasetHash);
        }
    }
}
