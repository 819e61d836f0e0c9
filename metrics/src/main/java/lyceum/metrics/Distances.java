package lyceum.metrics;

import java.util.Arrays;

/** Distances between the accepted data's distribution and the original data's (tail narrowing). */
public final class Distances {

    private static final double LN2 = Math.log(2);

    private Distances() {}

    /**
     * Jensen-Shannon divergence in bits between two histograms on the same bins: JS(P, Q) = KL(P, M)/2 +
     * KL(Q, M)/2 with M = (P + Q)/2 and log base 2, so it lies in [0, 1] (0 for equal shapes, 1 for
     * disjoint supports). Counts are normalised to probabilities first; NaN when either is empty.
     */
    public static double jensenShannon(long[] p, long[] q) {
        if (p.length != q.length) {
            throw new IllegalArgumentException("histograms need the same bins: " + p.length + " vs " + q.length);
        }
        double pTotal = Arrays.stream(p).sum();
        double qTotal = Arrays.stream(q).sum();
        if (pTotal == 0 || qTotal == 0) {
            return Double.NaN;
        }
        double js = 0;
        for (int i = 0; i < p.length; i++) {
            double pi = p[i] / pTotal;
            double qi = q[i] / qTotal;
            double mi = (pi + qi) / 2;
            if (pi > 0) {
                js += pi * Math.log(pi / mi) / 2;
            }
            if (qi > 0) {
                js += qi * Math.log(qi / mi) / 2;
            }
        }
        return Math.min(1.0, Math.max(0.0, js / LN2));
    }

    /**
     * Wasserstein-1 (earth mover's) distance between two empirical samples, exactly: W1 = integral of
     * |F_a(x) - F_b(x)| dx over the sorted union of the values, where the empirical CDFs are step
     * functions. O((n + m) log(n + m)); NaN when either sample is empty. Values must be finite.
     */
    public static double wasserstein1(double[] a, double[] b) {
        if (a.length == 0 || b.length == 0) {
            return Double.NaN;
        }
        if (!Arrays.stream(a).allMatch(Double::isFinite) || !Arrays.stream(b).allMatch(Double::isFinite)) {
            throw new IllegalArgumentException("Wasserstein-1 needs finite values");
        }
        double[] x = a.clone();
        double[] y = b.clone();
        Arrays.sort(x);
        Arrays.sort(y);
        int i = 0;
        int j = 0;
        double previous = Math.min(x[0], y[0]);
        double area = 0;
        while (i < x.length || j < y.length) {
            double next = Math.min(
                    i < x.length ? x[i] : Double.POSITIVE_INFINITY, j < y.length ? y[j] : Double.POSITIVE_INFINITY);
            // between previous and next both CDFs are flat at i/n and j/m
            area += Math.abs((double) i / x.length - (double) j / y.length) * (next - previous);
            previous = next;
            while (i < x.length && x[i] == next) {
                i++;
            }
            while (j < y.length && y[j] == next) {
                j++;
            }
        }
        return area;
    }
}
