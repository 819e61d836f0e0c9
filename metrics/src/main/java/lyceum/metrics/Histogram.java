package lyceum.metrics;

/**
 * Equal-width histograms on edges shared by two samples, so their bin counts are comparable (and can
 * be fed to {@link Distances#jensenShannon}).
 */
public final class Histogram {

    private Histogram() {}

    /**
     * {@code bins + 1} equal-width edges from the smallest to the largest value of both samples; a single
     * bin [v, v] when all values are equal; no edges when both are empty.
     */
    public static double[] sharedEdges(double[] a, double[] b, int bins) {
        if (bins < 1) {
            throw new IllegalArgumentException("bins must be >= 1, got " + bins);
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] values : new double[][] {a, b}) {
            for (double v : values) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (lo > hi) {
            return new double[0];
        }
        if (lo == hi) {
            return new double[] {lo, hi};
        }
        double[] edges = new double[bins + 1];
        for (int i = 0; i <= bins; i++) {
            edges[i] = lo + (hi - lo) * i / bins;
        }
        edges[bins] = hi;
        return edges;
    }

    /**
     * Counts per bin [e_i, e_{i+1}), the last bin closed on the right so the maximum is counted; values
     * outside the edges go to the nearest end bin.
     */
    public static long[] counts(double[] values, double[] edges) {
        if (edges.length < 2) {
            if (values.length > 0) {
                throw new IllegalArgumentException("values but no bins");
            }
            return new long[0];
        }
        int bins = edges.length - 1;
        long[] counts = new long[bins];
        double lo = edges[0];
        double width = edges[bins] - lo;
        for (double v : values) {
            int bin = width == 0 ? 0 : (int) Math.floor((v - lo) / width * bins);
            counts[Math.max(0, Math.min(bins - 1, bin))]++;
        }
        return counts;
    }
}
