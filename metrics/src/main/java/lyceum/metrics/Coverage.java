package lyceum.metrics;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * coverage(t): the share of training problems with at least one correct sample in iteration t. Fed
 * with round-0 correct counts it is the coverage before guided resampling; fed with the counts over all
 * rounds, the coverage after it.
 */
public final class Coverage {

    private Coverage() {}

    /** Share of problems whose correct count is positive; NaN for no problems. */
    public static double share(int[] correctPerProblem) {
        if (correctPerProblem.length == 0) {
            return Double.NaN;
        }
        return (double) covered(correctPerProblem) / correctPerProblem.length;
    }

    /** Number of problems whose correct count is positive: the numerator of {@link #share}. */
    public static int covered(int[] correctPerProblem) {
        int covered = 0;
        for (int correct : correctPerProblem) {
            if (correct > 0) {
                covered++;
            }
        }
        return covered;
    }

    /** Number of problems per count of correct samples (0 included), in ascending count order. */
    public static SortedMap<Integer, Integer> histogram(int[] correctPerProblem) {
        TreeMap<Integer, Integer> problemsByCorrect = new TreeMap<>();
        for (int correct : correctPerProblem) {
            problemsByCorrect.merge(correct, 1, Integer::sum);
        }
        return Collections.unmodifiableSortedMap(problemsByCorrect);
    }
}
