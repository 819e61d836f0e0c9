package lyceum.metrics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The unbiased pass@k estimator of Chen et al. 2021 ("Evaluating Large Language Models Trained on
 * Code"): pass@k = 1 - C(n-c, k) / C(n, k) for n samples of which c are correct.
 */
public final class PassAtK {

    private PassAtK() {}

    /**
     * pass@k of one problem, as 1 - prod_{i=n-c+1}^{n} (1 - k/i), which equals the binomial form and
     * never builds a binomial coefficient, so it is stable for any n. Requires 1 <= k <= n.
     */
    public static double estimate(int n, int c, int k) {
        if (c < 0 || c > n) {
            throw new IllegalArgumentException("need 0 <= c <= n, got n=" + n + " c=" + c);
        }
        if (k < 1 || k > n) {
            throw new IllegalArgumentException("need 1 <= k <= n, got n=" + n + " k=" + k);
        }
        if (n - c < k) {
            return 1.0;
        }
        double allWrong = 1.0;
        for (int i = n - c + 1; i <= n; i++) {
            allWrong *= 1.0 - (double) k / i;
        }
        return 1.0 - allWrong;
    }

    /**
     * Mean pass@k over problems. Problems with fewer than k samples are left out, because the estimator
     * is undefined for them (computing them with k = n would mix different k into one figure). NaN when no
     * problem has k samples.
     */
    public static double mean(Collection<PassCounts> problems, int k) {
        double sum = 0;
        int counted = 0;
        for (PassCounts p : problems) {
            if (p.n() >= k) {
                sum += estimate(p.n(), p.c(), k);
                counted++;
            }
        }
        return counted == 0 ? Double.NaN : sum / counted;
    }

    /** The k reported by default: 1, 2, 4, 8, ... up to {@code maxSamples}. */
    public static List<Integer> standardKs(int maxSamples) {
        List<Integer> ks = new ArrayList<>();
        for (int k = 1; k <= maxSamples && k > 0; k *= 2) {
            ks.add(k);
        }
        return List.copyOf(ks);
    }
}
