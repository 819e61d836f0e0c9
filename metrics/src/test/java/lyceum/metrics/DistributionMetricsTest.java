package lyceum.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DistributionMetricsTest {

    @Test
    void quantilesInterpolateLinearlyBetweenOrderStatistics() {
        Quantiles q = Quantiles.of(new double[] {5, 1, 4, 2, 3});
        assertThat(q.p10()).isCloseTo(1.4, within(1e-12)); // h = 0.4
        assertThat(q.p25()).isEqualTo(2.0);
        assertThat(q.p50()).isEqualTo(3.0);
        assertThat(q.p75()).isEqualTo(4.0);
        assertThat(q.p90()).isCloseTo(4.6, within(1e-12));
        assertThat(q.p99()).isCloseTo(4.96, within(1e-12));
        assertThat(Quantiles.of(new double[] {7})).isEqualTo(new Quantiles(7, 7, 7, 7, 7, 7));
        assertThat(Quantiles.of(new double[0])).isNull();
    }

    @Test
    void quantilesAreOrdered() {
        Random random = new Random(23);
        for (int trial = 0; trial < 200; trial++) {
            double[] values = random.doubles(1 + random.nextInt(500), -50, 50).toArray();
            Quantiles q = Quantiles.of(values);
            assertThat(new double[] {q.p10(), q.p25(), q.p50(), q.p75(), q.p90(), q.p99()})
                    .isSorted();
            assertThat(q.p10())
                    .isGreaterThanOrEqualTo(Arrays.stream(values).min().orElseThrow());
            assertThat(q.p99()).isLessThanOrEqualTo(Arrays.stream(values).max().orElseThrow());
        }
    }

    @Test
    void histogramsShareEdgesAndCountTheMaximumInTheLastBin() {
        double[] edges = Histogram.sharedEdges(new double[] {0, 10}, new double[] {5}, 2);
        assertThat(edges).containsExactly(0, 5, 10);
        assertThat(Histogram.counts(new double[] {0, 4.9, 5, 10}, edges)).containsExactly(2, 2);
        assertThat(Histogram.sharedEdges(new double[] {3, 3}, new double[] {3}, 20))
                .containsExactly(3, 3);
        assertThat(Histogram.counts(new double[] {3, 3}, new double[] {3, 3})).containsExactly(2);
        assertThat(Histogram.sharedEdges(new double[0], new double[0], 5)).isEmpty();
    }

    @Test
    void jensenShannonOnAHandExample() {
        // P = (1, 0), Q = (1/2, 1/2), M = (3/4, 1/4)
        double klPm = log2(1 / 0.75);
        double klQm = 0.5 * log2(0.5 / 0.75) + 0.5 * log2(0.5 / 0.25);
        assertThat(Distances.jensenShannon(new long[] {3, 0}, new long[] {1, 1}))
                .isCloseTo((klPm + klQm) / 2, within(1e-12));
        assertThat(Distances.jensenShannon(new long[] {4, 0}, new long[] {0, 9}))
                .isEqualTo(1.0);
        assertThat(Distances.jensenShannon(new long[] {2, 6}, new long[] {1, 3}))
                .isCloseTo(0.0, within(1e-12));
        assertThat(Distances.jensenShannon(new long[] {0, 0}, new long[] {1, 3}))
                .isNaN();
    }

    @Test
    void jensenShannonIsSymmetricBoundedAndZeroForIdenticalHistograms() {
        Random random = new Random(29);
        for (int trial = 0; trial < 300; trial++) {
            int bins = 1 + random.nextInt(30);
            long[] p = random.longs(bins, 0, 20).toArray();
            long[] q = random.longs(bins, 0, 20).toArray();
            p[0]++;
            q[bins - 1]++;
            double js = Distances.jensenShannon(p, q);
            assertThat(js).isBetween(0.0, 1.0);
            assertThat(Distances.jensenShannon(q, p)).isCloseTo(js, within(1e-12));
            assertThat(Distances.jensenShannon(p, p)).isCloseTo(0.0, within(1e-12));
        }
    }

    @Test
    void wassersteinOnHandExamples() {
        assertThat(Distances.wasserstein1(new double[] {0, 1}, new double[] {0, 3}))
                .isCloseTo(1.0, within(1e-12));
        // F_a jumps to 1 at 0, F_b is 1/2 on [0, 2): area 1/2 * 2
        assertThat(Distances.wasserstein1(new double[] {0}, new double[] {0, 2}))
                .isCloseTo(1.0, within(1e-12));
        assertThat(Distances.wasserstein1(new double[] {1, 2, 3}, new double[] {2}))
                .isCloseTo(2.0 / 3, within(1e-12));
        assertThat(Distances.wasserstein1(new double[0], new double[] {1})).isNaN();
        assertThatThrownBy(() -> Distances.wasserstein1(new double[] {Double.NaN}, new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void wassersteinIsSymmetricZeroForIdenticalAndEqualsAShift() {
        Random random = new Random(31);
        for (int trial = 0; trial < 200; trial++) {
            double[] a = random.doubles(1 + random.nextInt(300), 0, 100).toArray();
            double[] b = random.doubles(1 + random.nextInt(300), 0, 100).toArray();
            double shift = random.nextDouble() * 40 - 20;
            double[] shifted = Arrays.stream(a).map(x -> x + shift).toArray();
            double w = Distances.wasserstein1(a, b);
            assertThat(Distances.wasserstein1(b, a)).isCloseTo(w, within(1e-9));
            assertThat(Distances.wasserstein1(a, a.clone())).isEqualTo(0.0);
            assertThat(Distances.wasserstein1(a, shifted)).isCloseTo(Math.abs(shift), within(1e-9));
        }
    }

    @Test
    void wassersteinOfEqualSizeSamplesIsTheMeanGapOfSortedValues() {
        Random random = new Random(37);
        for (int trial = 0; trial < 100; trial++) {
            int n = 1 + random.nextInt(200);
            double[] a = random.doubles(n, 0, 10).toArray();
            double[] b = random.doubles(n, 5, 30).toArray();
            double[] sa = a.clone();
            double[] sb = b.clone();
            Arrays.sort(sa);
            Arrays.sort(sb);
            double meanGap = 0;
            for (int i = 0; i < n; i++) {
                meanGap += Math.abs(sa[i] - sb[i]) / n;
            }
            assertThat(Distances.wasserstein1(a, b)).isCloseTo(meanGap, within(1e-9));
        }
    }

    @Test
    void perplexityAndBucketShares() {
        assertThat(TailStats.perplexity(-Math.log(4))).isCloseTo(4.0, within(1e-12));
        assertThat(TailStats.bucketShares(new int[] {1, 1, 2, 3}))
                .containsExactly(entry(1, 0.5), entry(2, 0.25), entry(3, 0.25));
        assertThat(TailStats.bucketShares(new int[0])).isEmpty();
    }

    @Test
    void tailComparisonOfAcceptedAgainstOriginal() {
        TailComparison t = TailComparison.of(new double[] {10, 10, 20}, new double[] {10, 30}, 2);
        assertThat(t.binEdges()).containsExactly(10.0, 20.0, 30.0);
        assertThat(t.acceptedHistogram()).containsExactly(2L, 1L);
        assertThat(t.originalHistogram()).containsExactly(1L, 1L);
        assertThat(t.accepted().p50()).isEqualTo(10.0);
        assertThat(t.original().p50()).isEqualTo(20.0);
        // P = (2/3, 1/3), Q = (1/2, 1/2), M = (7/12, 5/12)
        double klPm = 2.0 / 3 * log2(8.0 / 7) + 1.0 / 3 * log2(4.0 / 5);
        double klQm = 0.5 * log2(6.0 / 7) + 0.5 * log2(6.0 / 5);
        assertThat(t.jsDivergence()).isCloseTo((klPm + klQm) / 2, within(1e-12));
        // CDF gap: 1/6 on [10, 20), 1/2 on [20, 30)
        assertThat(t.wasserstein1()).isCloseTo(10.0 / 6 + 5.0, within(1e-12));
        TailComparison empty = TailComparison.of(new double[0], new double[] {1}, 2);
        assertThat(empty.accepted()).isNull();
        assertThat(empty.jsDivergence()).isNull();
        assertThat(empty.wasserstein1()).isNull();
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
