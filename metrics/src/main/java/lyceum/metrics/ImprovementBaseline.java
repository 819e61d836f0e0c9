package lyceum.metrics;

import java.util.Map;

/**
 * What M_1 did on the evaluation problems, to compute the improvement set of a later model.
 *
 * @param firstModelGreedy problem id to M_1's greedy verdict
 * @param firstModelSamples problem id to M_1's sampled (n, c), for pass@N on the improvement set
 */
public record ImprovementBaseline(Map<String, Boolean> firstModelGreedy, Map<String, PassCounts> firstModelSamples) {

    public ImprovementBaseline {
        firstModelGreedy = Map.copyOf(firstModelGreedy);
        firstModelSamples = Map.copyOf(firstModelSamples);
    }
}
