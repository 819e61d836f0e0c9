package lyceum.projections.metrics;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import lyceum.metrics.IterationMetrics;

/**
 * A row of the iteration_metrics table: the metrics computed when an iteration reached a stage, and
 * what they were expected to cover.
 *
 * @param stage SAMPLED (after SamplingFinished: greedy accuracy still missing) or COMPLETED
 * @param complete whether the read side held all the samples and evaluations the experiment counted;
 *     false when the wait for lagging projections gave up
 * @param metrics null while only the expectations are known
 * @param triggeredAt timestamp of the experiment event that triggered the computation
 * @param expectedSamples samples the experiment counted for the iteration, null when unknown
 * @param expectedEvaluations greedy evaluations the experiment counted, per split, and sampled ones
 *     as {@code <split>.samples}
 * @param expectedProblems problems the experiment registered, per split; empty when unknown (an
 *     experiment whose registration was projected before it was recorded)
 */
public record StoredIterationMetrics(
        int iteration,
        MetricsStage stage,
        boolean complete,
        IterationMetrics metrics,
        Instant triggeredAt,
        Long expectedSamples,
        Map<String, Long> expectedEvaluations,
        Map<String, Long> expectedProblems) {

    public StoredIterationMetrics {
        expectedEvaluations = Map.copyOf(expectedEvaluations);
        expectedProblems = Map.copyOf(expectedProblems);
    }

    /** The computed metrics of stored rows, in their order; rows with expectations only are left out. */
    public static List<IterationMetrics> metricsOf(List<StoredIterationMetrics> stored) {
        return stored.stream()
                .map(StoredIterationMetrics::metrics)
                .filter(Objects::nonNull)
                .toList();
    }

    /** Each stored iteration's time: when the event that stored its metrics was written. */
    public static Map<Integer, Long> wallTimes(List<StoredIterationMetrics> stored) {
        Map<Integer, Long> out = new TreeMap<>();
        stored.forEach(s -> {
            if (s.triggeredAt() != null) {
                out.put(s.iteration(), s.triggeredAt().toEpochMilli());
            }
        });
        return out;
    }
}
