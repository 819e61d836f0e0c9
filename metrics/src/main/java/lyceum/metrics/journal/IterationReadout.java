package lyceum.metrics.journal;

import java.util.Map;
import lyceum.metrics.IterationMetrics;

/**
 * One iteration's metrics with the counts that say how much of the iteration they cover.
 *
 * @param samples samples seen, of registered problems or not
 * @param greedyEvaluationsBySplit greedy evaluation answers seen per split
 * @param evaluationSamplesBySplit sampled evaluation answers seen per split
 * @param refinementsBySplit greedy answers seen critiqued (and refined when flagged) per split
 * @param registeredBySplit registered problems seen per split; each one's reference rationale is
 *     original data for the tail statistics
 * @param problemsWithoutRegistration problems with samples but no registration seen; they are left out
 *     of the metrics, since their difficulty is unknown
 */
public record IterationReadout(
        IterationMetrics metrics,
        long samples,
        Map<String, Long> greedyEvaluationsBySplit,
        Map<String, Long> evaluationSamplesBySplit,
        Map<String, Long> refinementsBySplit,
        Map<String, Long> registeredBySplit,
        int problemsWithoutRegistration) {

    public IterationReadout {
        greedyEvaluationsBySplit = Map.copyOf(greedyEvaluationsBySplit);
        evaluationSamplesBySplit = Map.copyOf(evaluationSamplesBySplit);
        refinementsBySplit = Map.copyOf(refinementsBySplit);
        registeredBySplit = Map.copyOf(registeredBySplit);
    }
}
