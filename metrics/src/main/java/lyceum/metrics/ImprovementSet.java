package lyceum.metrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The improvement set IS(t) of Wu et al. 2024 ("Progress or Regress? Self-Improvement Reversal"):
 * evaluation problems that M_t solves greedily and M_1 does not. If M_1 already reaches a high pass@N on
 * IS(t), the gain is answer selection, not a new ability.
 */
public final class ImprovementSet {

    private ImprovementSet() {}

    /**
     * Problem ids correct in {@code currentGreedy} and wrong in {@code firstGreedy}. A problem M_1 was
     * not evaluated on is left out: nothing says M_1 failed it.
     */
    public static SortedSet<String> of(Map<String, Boolean> currentGreedy, Map<String, Boolean> firstGreedy) {
        TreeSet<String> improved = new TreeSet<>();
        for (Map.Entry<String, Boolean> e : currentGreedy.entrySet()) {
            if (e.getValue() && Boolean.FALSE.equals(firstGreedy.get(e.getKey()))) {
                improved.add(e.getKey());
            }
        }
        return Collections.unmodifiableSortedSet(improved);
    }

    /**
     * Mean pass@N of M_1 over the problems of {@code improvementSet}, N being each problem's own sample
     * count, so a problem scores 1 when any of M_1's N samples was correct (pass@n = 1 iff c > 0).
     * Problems without M_1 samples are left out; NaN when none remain.
     */
    public static double firstModelPassAtN(Set<String> improvementSet, Map<String, PassCounts> firstModelSamples) {
        double sum = 0;
        int counted = 0;
        for (String id : improvementSet) {
            PassCounts counts = firstModelSamples.get(id);
            if (counts != null && counts.n() > 0) {
                sum += PassAtK.estimate(counts.n(), counts.c(), counts.n());
                counted++;
            }
        }
        return counted == 0 ? Double.NaN : sum / counted;
    }

    /** Mean pass@k of M_1 over {@code improvementSet}, with {@link PassAtK#mean}'s rule for n < k. */
    public static double firstModelPassAtK(
            Set<String> improvementSet, Map<String, PassCounts> firstModelSamples, int k) {
        List<PassCounts> counts = new ArrayList<>();
        for (String id : improvementSet) {
            PassCounts c = firstModelSamples.get(id);
            if (c != null) {
                counts.add(c);
            }
        }
        return PassAtK.mean(counts, k);
    }
}
