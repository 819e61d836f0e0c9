package lyceum.projections.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import lyceum.metrics.journal.IterationReadout;

/**
 * What the experiment counted for an iteration, against which a readout of the read side is checked:
 * fewer samples or evaluations than counted means a projection has not caught up yet.
 *
 * @param samples the {@code samples} counter of SamplingFinished, null when unknown
 * @param evaluations the {@code <split>.total} counters of the experiment's Evaluated event, keyed by
 *     split, its {@code <split>.samples} counters, keyed so ({@link #SAMPLES_SUFFIX}), and its
 *     {@code <split>.refined} counters ({@link #REFINED_SUFFIX})
 * @param problems the problems of ProblemsRegistered, per split: the metrics read every one of them
 *     (coverage's denominator, the original data of the tail statistics, accuracy per bucket)
 */
record Expectations(Long samples, Map<String, Long> evaluations, Map<String, Long> problems) {

    /** Marks an expected count of sampled evaluation answers, {@code <split>.samples}. */
    static final String SAMPLES_SUFFIX = ".samples";

    /** Marks an expected count of critiqued greedy answers, {@code <split>.refined}. */
    static final String REFINED_SUFFIX = ".refined";

    static Expectations of(StoredIterationMetrics stored) {
        return new Expectations(stored.expectedSamples(), stored.expectedEvaluations(), stored.expectedProblems());
    }

    static Expectations none() {
        return new Expectations(null, Map.of(), Map.of());
    }

    /** What the readout lacks for this stage, in words; empty when it covers everything. */
    List<String> shortfalls(IterationReadout readout, MetricsStage stage) {
        List<String> missing = new ArrayList<>();
        if (readout.problemsWithoutRegistration() > 0) {
            missing.add(readout.problemsWithoutRegistration() + " problems without registration");
        }
        problems.forEach((split, expected) -> {
            long seen = readout.registeredBySplit().getOrDefault(split, 0L);
            if (seen < expected) {
                missing.add(seen + " of " + expected + " " + split + " problems registered");
            }
        });
        if (samples != null && readout.samples() < samples) {
            missing.add(readout.samples() + " of " + samples + " samples");
        }
        if (stage == MetricsStage.COMPLETED) {
            evaluations.forEach((key, expected) -> {
                boolean sampled = key.endsWith(SAMPLES_SUFFIX);
                boolean refined = key.endsWith(REFINED_SUFFIX);
                String split = sampled
                        ? key.substring(0, key.length() - SAMPLES_SUFFIX.length())
                        : refined ? key.substring(0, key.length() - REFINED_SUFFIX.length()) : key;
                long seen = (sampled
                                ? readout.evaluationSamplesBySplit()
                                : refined ? readout.refinementsBySplit() : readout.greedyEvaluationsBySplit())
                        .getOrDefault(split, 0L);
                if (seen < expected) {
                    missing.add(seen + " of " + expected + " " + split
                            + (sampled ? " sampled evaluations" : refined ? " refined evaluations" : " evaluations"));
                }
            });
        }
        return missing;
    }
}
