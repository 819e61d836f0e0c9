package lyceum.metrics;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.hipparchus.distribution.continuous.TDistribution;

/**
 * Intervals and tests for the figures Lyceum reports, as plain functions shared by the projections,
 * replay, diff and the tests. Proportions get Wilson score intervals (sound at 0 and 1 and for small
 * counts, where the normal approximation is not); means over problems get a percentile bootstrap
 * over problems with a fixed seed, so the same data always gives the same interval.
 */
public final class Uncertainty {

    /** 95% two-sided. */
    public static final double Z = 1.959963984540054;

    public static final int BOOTSTRAP_RESAMPLES = 1000;

    /** Fixed, so that recomputing an iteration's metrics gives the same intervals. */
    public static final long BOOTSTRAP_SEED = 0x5EEDL;

    private Uncertainty() {}

    /** A 95% interval around a reported figure, and how it was computed. */
    public record Interval(
            @JsonProperty("low") double low,
            @JsonProperty("high") double high,
            @JsonProperty("method") String method) {

        public static final String WILSON = "wilson";
        public static final String BOOTSTRAP = "bootstrap";
        /** Student's t interval over independent runs (seeds), each run one value. */
        public static final String T = "t";

        public boolean excludesZero() {
            return low > 0 || high < 0;
        }
    }

    /** Wilson score interval of {@code successes} out of {@code n}; null when n is 0. */
    public static Interval wilson(long successes, long n) {
        if (n <= 0) {
            return null;
        }
        if (successes < 0 || successes > n) {
            throw new IllegalArgumentException(successes + " successes out of " + n);
        }
        double p = (double) successes / n;
        double z2 = Z * Z;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2.0 * n)) / denominator;
        double half = Z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denominator;
        return new Interval(Math.max(0, centre - half), Math.min(1, centre + half), Interval.WILSON);
    }

    /**
     * Percentile bootstrap of the mean of per-problem values, resampling problems with replacement;
     * null without values.
     */
    public static Interval bootstrapMean(double[] perProblem) {
        return bootstrapMeans(List.of(perProblem)).get(0);
    }

    /**
     * {@link #bootstrapMean} of each array, equal to it bit for bit: arrays of the same length draw the
     * same resamples from the fixed seed, so they share one stream of draws, which is most of the cost
     * (pass@k for every k over the same problems). Each array's sums are formed in the order it would
     * form them alone.
     */
    public static List<Interval> bootstrapMeans(List<double[]> perProblem) {
        Interval[] intervals = new Interval[perProblem.size()];
        Map<Integer, List<Integer>> byLength = new LinkedHashMap<>();
        for (int a = 0; a < perProblem.size(); a++) {
            byLength.computeIfAbsent(perProblem.get(a).length, n -> new ArrayList<>())
                    .add(a);
        }
        byLength.forEach((n, members) -> {
            if (n == 0) {
                return;
            }
            double[][] values = members.stream().map(perProblem::get).toArray(double[][]::new);
            double[][] means = new double[values.length][BOOTSTRAP_RESAMPLES];
            double[] sums = new double[values.length];
            SplittableRandom random = new SplittableRandom(BOOTSTRAP_SEED);
            for (int r = 0; r < BOOTSTRAP_RESAMPLES; r++) {
                Arrays.fill(sums, 0);
                for (int i = 0; i < n; i++) {
                    int drawn = random.nextInt(n);
                    for (int a = 0; a < values.length; a++) {
                        sums[a] += values[a][drawn];
                    }
                }
                for (int a = 0; a < values.length; a++) {
                    means[a][r] = sums[a] / n;
                }
            }
            for (int a = 0; a < values.length; a++) {
                intervals[members.get(a)] = percentiles(means[a]);
            }
        });
        return Arrays.asList(intervals);
    }

    /**
     * Paired percentile bootstrap of mean(b) - mean(a) over the same problems (a[i] and b[i] are one
     * problem's values under two experiments); null without problems.
     */
    public static Interval pairedBootstrapDifference(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("paired values of " + a.length + " and " + b.length + " problems");
        }
        double[] differences = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            differences[i] = b[i] - a[i];
        }
        return bootstrapMean(differences);
    }

    /**
     * Student's t interval of the mean of independent runs' values (one per seed): mean ± t(0.975, n-1)
     * · s/√n; null with fewer than two values. The spread is between runs, so it holds what a reseeded
     * run could change (sampling, training order, initial weights), not the problems' own noise.
     */
    public static Interval tMean(double[] runs) {
        int n = runs.length;
        if (n < 2) {
            return null;
        }
        double mean = Arrays.stream(runs).average().orElseThrow();
        double half = tQuantile(n - 1) * Math.sqrt(variance(runs, mean) / n);
        return new Interval(mean - half, mean + half, Interval.T);
    }

    /**
     * Welch's t interval of mean(b) - mean(a) for two groups of independent runs (the runs of two
     * experiments, each under its own seeds); null unless each group has at least two runs.
     */
    public static Interval welchDifference(double[] a, double[] b) {
        if (a.length < 2 || b.length < 2) {
            return null;
        }
        double meanA = Arrays.stream(a).average().orElseThrow();
        double meanB = Arrays.stream(b).average().orElseThrow();
        double va = variance(a, meanA) / a.length;
        double vb = variance(b, meanB) / b.length;
        double d = meanB - meanA;
        if (va + vb == 0) {
            return new Interval(d, d, Interval.T);
        }
        // Welch-Satterthwaite degrees of freedom
        double df = (va + vb) * (va + vb) / (va * va / (a.length - 1) + vb * vb / (b.length - 1));
        double half = tQuantile(df) * Math.sqrt(va + vb);
        return new Interval(d - half, d + half, Interval.T);
    }

    private static double tQuantile(double degreesOfFreedom) {
        return new TDistribution(degreesOfFreedom).inverseCumulativeProbability(0.975);
    }

    /** Sample variance (n - 1 in the denominator). */
    private static double variance(double[] values, double mean) {
        double sum = 0;
        for (double v : values) {
            sum += (v - mean) * (v - mean);
        }
        return sum / (values.length - 1);
    }

    /**
     * Newcombe's hybrid score interval (method 10) for the difference {@code b/nb - a/na} of two
     * independent proportions, built from their Wilson intervals; null when either count is 0.
     */
    public static Interval newcombeDifference(long a, long na, long b, long nb) {
        Interval ia = wilson(a, na);
        Interval ib = wilson(b, nb);
        if (ia == null || ib == null) {
            return null;
        }
        double pa = (double) a / na;
        double pb = (double) b / nb;
        double d = pb - pa;
        double low = d - Math.sqrt(Math.pow(pb - ib.low(), 2) + Math.pow(ia.high() - pa, 2));
        double high = d + Math.sqrt(Math.pow(ib.high() - pb, 2) + Math.pow(pa - ia.low(), 2));
        return new Interval(low, high, Interval.WILSON);
    }

    /**
     * McNemar's exact test on paired binary outcomes: {@code onlyA} problems right under A alone,
     * {@code onlyB} right under B alone. Two-sided p-value of the binomial test of the discordant pairs;
     * 1 when there are none.
     */
    public static double mcNemarExact(int onlyA, int onlyB) {
        int n = onlyA + onlyB;
        if (n == 0) {
            return 1.0;
        }
        int k = Math.min(onlyA, onlyB);
        // P(X <= k) for X ~ Binomial(n, 1/2), summed in log space so large n does not underflow.
        double tail = 0;
        for (int i = 0; i <= k; i++) {
            tail += Math.exp(logChoose(n, i) - n * Math.log(2));
        }
        return Math.min(1.0, 2 * tail);
    }

    private static double logChoose(int n, int k) {
        return logFactorial(n) - logFactorial(k) - logFactorial(n - k);
    }

    private static double logFactorial(int n) {
        double sum = 0;
        for (int i = 2; i <= n; i++) {
            sum += Math.log(i);
        }
        return sum;
    }

    private static Interval percentiles(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return new Interval(quantile(sorted, 0.025), quantile(sorted, 0.975), Interval.BOOTSTRAP);
    }

    private static double quantile(double[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(sorted.length - 1, below + 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}
