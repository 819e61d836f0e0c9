package lyceum.events;

import java.util.Map;

/** What happened to an experiment as a whole, as its coordinator journals it. */
public sealed interface ExperimentEvent extends LyceumSerializable {

    String experimentId();

    /**
     * The full configuration (as JSON) and its hash, the code version that ran it, and the content hash of
     * the dataset's problems ({@code datasetHash}; null in journals written before it existed), which a
     * restarted coordinator checks against the dataset it reads again.
     */
    record ExperimentStarted(
            String experimentId,
            String name,
            String configJson,
            String configHash,
            String codeVersion,
            long startedAtEpochMillis,
            String datasetHash)
            implements ExperimentEvent {

        public ExperimentStarted(
                String experimentId,
                String name,
                String configJson,
                String configHash,
                String codeVersion,
                long startedAtEpochMillis) {
            this(experimentId, name, configJson, configHash, codeVersion, startedAtEpochMillis, null);
        }
    }

    /** Every problem is registered with its actor. */
    record ProblemsRegistered(String experimentId, Map<String, Integer> problemsPerSplit) implements ExperimentEvent {}

    record IterationStarted(String experimentId, int iteration, String samplingModelVersion)
            implements ExperimentEvent {}

    /**
     * A cursor of a phase that walks over problems: every problem below {@code watermark} is done, and
     * {@code counters} sums their results (string-keyed in older journals; {@link IterationCounts} reads
     * both). Work above the watermark is redone after a restart, which is safe because problem actors
     * answer repeated work from their own journal.
     */
    record PhaseProgressed(String experimentId, int iteration, Phase phase, int watermark, IterationCounts counters)
            implements ExperimentEvent {}

    record SamplingFinished(String experimentId, int iteration, IterationCounts counters) implements ExperimentEvent {}

    record TrainingStarted(
            String experimentId,
            int iteration,
            String datasetPath,
            String datasetHash,
            int exampleCount,
            String baseModelVersion)
            implements ExperimentEvent {}

    record ModelTrained(
            String experimentId,
            int iteration,
            String modelVersion,
            String checkpointPath,
            String trainerNode,
            Map<String, Double> lossSummary)
            implements ExperimentEvent {}

    /**
     * Nothing was accepted in this iteration, so there is nothing to train on: the iteration's model is
     * the one it sampled with.
     */
    record TrainingSkipped(String experimentId, int iteration, String modelVersion, String reason)
            implements ExperimentEvent {}

    /** Greedy accuracy per evaluation split of the model trained in this iteration. */
    record Evaluated(
            String experimentId,
            int iteration,
            String modelVersion,
            Map<String, Double> accuracyBySplit,
            IterationCounts counters)
            implements ExperimentEvent {}

    record IterationCompleted(String experimentId, int iteration) implements ExperimentEvent {}

    record ExperimentFinished(String experimentId, String finalModelVersion) implements ExperimentEvent {}

    record ExperimentFailed(String experimentId, String reason) implements ExperimentEvent {}

    /** Ended by a user ({@code by}: user@host) before it finished; it does not resume on a node start. */
    record ExperimentCancelled(String experimentId, String by, String reason, long atEpochMillis)
            implements ExperimentEvent {}

    enum Phase {
        REGISTERING,
        SAMPLING,
        COLLECTING,
        TRAINING,
        EVALUATING
    }
}
