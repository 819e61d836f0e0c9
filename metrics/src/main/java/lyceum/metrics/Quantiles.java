package lyceum.metrics;

import java.util.Arrays;

/**
 * Quantiles of an empirical sample, by linear interpolation between order statistics (Hyndman and Fan
 * type 7, the default of numpy and R): for sorted x_0..x_{n-1}, q(p) = x_j + (h - j)(x_{j+1} - x_j) with
 * h = (n - 1)p and j = floor(h).
 */
public record Quantiles(double p10, double p25, double p50, double p75, double p90, double p99) {

    /** The quantiles of {@code values}; null when there are none. */
    public static Quantiles of(double[] values) {
        if (values.length == 0) {
            return null;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return new Quantiles(
                quantile(sorted, 0.10),
                quantile(sorted, 0.25),
                quantile(sorted, 0.50),
                quantile(sorted, 0.75),
                quantile(sorted, 0.90),
                quantile(sorted, 0.99));
    }

    /** The p-quantile of ascending {@code sorted}, p in [0, 1]. */
    public static double quantile(double[] sorted, double p) {
        if (sorted.length == 0 || p < 0 || p > 1) {
            throw new IllegalArgumentException("need values and p in [0, 1], got p=" + p);
        }
        double h = (sorted.length - 1) * p;
        int j = (int) Math.floor(h);
        if (j + 1 >= sorted.length) {
            return sorted[sorted.length - 1];
        }
        return sorted[j] + (h - j) * (sorted[j + 1] - sorted[j]);
    }
}
