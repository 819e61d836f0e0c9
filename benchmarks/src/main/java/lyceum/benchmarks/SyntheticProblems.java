package lyceum.benchmarks;

import lyceum.events.ProblemEvent.ProblemRegistered;
import lyceum.experiment.config.ExperimentConfig;
import lyceum.experiment.config.StrategySettings.StrategyName;

/**
 * Problems of GSM8K size for the journal benchmarks: the same question under many problem ids, so
 * every journaled event has the size of a real one and {@link InstantGenerator} always answers right.
 */
final class SyntheticProblems {

    static final String ANSWER = "42";
    static final String MODEL_VERSION = "bench-model";

    static final String QUESTION =
            "Mia has 17 marbles and wins 25 more in a game at school. In the afternoon she gives 9 marbles to"
                    + " her friend Leo and then buys a bag of 9 new marbles at the shop. How many marbles does Mia"
                    + " have at the end of the day?";
    private static final String RATIONALE = String.join(
            "\n",
            "Mia has 17 + 25 = 42 marbles after the game.",
            "She gives 9 away: 42 - 9 = 33.",
            "She buys 9 more: 33 + 9 = 42.",
            "#### " + ANSWER);

    /**
     * Read once: the defaults are parsed from the bundled experiment config, and parsing it for every
     * command was a third of the benchmark JVM's CPU, charged to the path measured.
     */
    private static final ExperimentConfig.Feedback FEEDBACK = ExperimentConfig.Feedback.defaults();

    private SyntheticProblems() {}

    static String problemId(int index) {
        return "p" + index;
    }

    static ProblemRegistered problem(String experimentId, int index) {
        return new ProblemRegistered(
                experimentId,
                problemId(index),
                QUESTION,
                ANSWER,
                RATIONALE,
                2.0,
                2,
                "train",
                "synthetic",
                "synthetic:" + index,
                index);
    }

    /** Plain sampling, K samples, no resample rounds: every problem journals K samples and K decisions. */
    static ExperimentConfig.Strategy vanilla(int samples) {
        return new ExperimentConfig.Strategy(StrategyName.VANILLA, samples, 1, 0, 0, 0.7, 0.95, 256, FEEDBACK);
    }

    static ExperimentConfig.Acceptance acceptance() {
        return new ExperimentConfig.Acceptance(4, true);
    }
}
