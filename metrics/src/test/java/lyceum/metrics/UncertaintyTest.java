package lyceum.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import lyceum.metrics.Uncertainty.Interval;
import org.junit.jupiter.api.Test;

class UncertaintyTest {

    /** Reference values from SciPy's binomtest(k, n).proportion_ci(method="wilson"). */
    @Test
    void wilsonIntervalsMatchAnIndependentImplementation() {
        assertInterval(Uncertainty.wilson(0, 10), 0.0, 0.27753279986288926);
        assertInterval(Uncertainty.wilson(5, 10), 0.236593090512564, 0.7634069094874361);
        assertInterval(Uncertainty.wilson(81, 263), 0.2552885198782742, 0.36620957698280004);
        assertInterval(Uncertainty.wilson(10, 10), 0.7224672001371109, 1.0);
        assertInterval(Uncertainty.wilson(1, 200), 0.0008831687156009762, 0.02777370439789293);
        assertThat(Uncertainty.wilson(0, 0)).isNull();
    }

    /**
     * Reference values from SciPy: mean ± t.ppf(0.975, n - 1) · s / √n, and
     * ttest_ind(b, a, equal_var=False).confidence_interval(0.95) for Welch's interval of mean(b) - mean(a).
     */
    @Test
    void tIntervalsAcrossRunsMatchScipy() {
        assertT(Uncertainty.tMean(new double[] {0.2, 0.35, 0.3}), 0.09360418165349543, 0.47306248501317133);
        assertThat(Uncertainty.tMean(new double[] {0.2}))
                .as("one run has no spread")
                .isNull();
        assertT(
                Uncertainty.welchDifference(new double[] {0.2, 0.35, 0.3}, new double[] {0.4, 0.5, 0.45, 0.52}),
                0.031208234658372358,
                0.33712509867496093);
        assertThat(Uncertainty.welchDifference(new double[] {0.2}, new double[] {0.4, 0.5}))
                .isNull();
    }

    /** Reference values from SciPy's two-sided binomtest(min(b, c), b + c, 0.5).pvalue. */
    @Test
    void mcNemarExactMatchesTheBinomialTestOfTheDiscordantPairs() {
        assertThat(Uncertainty.mcNemarExact(0, 0)).isEqualTo(1.0);
        assertThat(Uncertainty.mcNemarExact(3, 10)).isCloseTo(0.09228515625, within(1e-12));
        assertThat(Uncertainty.mcNemarExact(10, 3)).isCloseTo(0.09228515625, within(1e-12));
        assertThat(Uncertainty.mcNemarExact(1, 9)).isCloseTo(0.021484375, within(1e-12));
        assertThat(Uncertainty.mcNemarExact(25, 40)).isCloseTo(0.08168153394154003, within(1e-12));
        assertThat(Uncertainty.mcNemarExact(5, 5)).isEqualTo(1.0);
    }

    @Test
    void theBootstrapIsReproducibleAndNarrowsWithMoreProblems() {
        double[] few = draws(50, 1);
        double[] many = draws(2000, 2);

        Interval a = Uncertainty.bootstrapMean(few);
        assertThat(Uncertainty.bootstrapMean(few)).isEqualTo(a);
        assertThat(a.low()).isLessThan(mean(few));
        assertThat(a.high()).isGreaterThan(mean(few));
        Interval b = Uncertainty.bootstrapMean(many);
        assertThat(b.high() - b.low()).isLessThan((a.high() - a.low()) / 3);
        // the true mean of the draws' distribution is 0.3
        assertThat(b.low()).isLessThan(0.3);
        assertThat(b.high()).isGreaterThan(0.3);
        assertThat(Uncertainty.bootstrapMean(new double[] {0.5, 0.5, 0.5}))
                .isEqualTo(new Interval(0.5, 0.5, Interval.BOOTSTRAP));
        assertThat(Uncertainty.bootstrapMean(new double[0])).isNull();
    }

    /**
     * Shared draws change no interval: each equals, to the last bit, the bootstrap of its array alone,
     * here computed the plain way (one stream of draws per array, sorted means, interpolated quantiles).
     */
    @Test
    void bootstrapsSharingTheirDrawsEqualEachAlone() {
        List<double[]> arrays =
                List.of(draws(300, 5), draws(300, 6), draws(7, 7), new double[0], draws(300, 8), draws(1, 9));
        List<Interval> shared = Uncertainty.bootstrapMeans(arrays);
        assertThat(shared).hasSize(arrays.size());
        for (int a = 0; a < arrays.size(); a++) {
            assertThat(shared.get(a)).as("array %d", a).isEqualTo(alone(arrays.get(a)));
        }
        assertThat(shared.get(0)).isNotEqualTo(shared.get(1));
    }

    private static Interval alone(double[] values) {
        int n = values.length;
        if (n == 0) {
            return null;
        }
        SplittableRandom random = new SplittableRandom(Uncertainty.BOOTSTRAP_SEED);
        double[] means = new double[Uncertainty.BOOTSTRAP_RESAMPLES];
        for (int r = 0; r < means.length; r++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += values[random.nextInt(n)];
            }
            means[r] = sum / n;
        }
        Arrays.sort(means);
        double low = 0.025 * (means.length - 1);
        double high = 0.975 * (means.length - 1);
        return new Interval(
                means[(int) low] + (low - (int) low) * (means[(int) low + 1] - means[(int) low]),
                means[(int) high] + (high - (int) high) * (means[(int) high + 1] - means[(int) high]),
                Interval.BOOTSTRAP);
    }

    @Test
    void aPairedDifferenceExcludesZeroOnlyWhenTheChangeIsReal() {
        double[] before = draws(400, 3);
        double[] better = new double[before.length];
        double[] same = new double[before.length];
        Random random = new Random(4);
        for (int i = 0; i < before.length; i++) {
            better[i] = Math.min(1, before[i] + (random.nextDouble() < 0.3 ? 1 : 0));
            same[i] = before[(i + 1) % before.length];
        }
        assertThat(Uncertainty.pairedBootstrapDifference(before, better).excludesZero())
                .isTrue();
        assertThat(Uncertainty.pairedBootstrapDifference(before, better).low()).isPositive();
        assertThat(Uncertainty.pairedBootstrapDifference(before, same).excludesZero())
                .isFalse();
    }

    private static double[] draws(int n, long seed) {
        Random random = new Random(seed);
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = random.nextDouble() < 0.3 ? 1 : 0;
        }
        return values;
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    private static void assertT(Interval interval, double low, double high) {
        assertThat(interval.low()).isCloseTo(low, within(1e-9));
        assertThat(interval.high()).isCloseTo(high, within(1e-9));
        assertThat(interval.method()).isEqualTo(Interval.T);
    }

    private static void assertInterval(Interval interval, double low, double high) {
        assertThat(interval.low()).isCloseTo(low, within(1e-12));
        assertThat(interval.high()).isCloseTo(high, within(1e-12));
        assertThat(interval.method()).isEqualTo(Interval.WILSON);
    }

    @Test
    void newcombesDifferenceIntervalMatchesHisWorkedExample() {
        // Newcombe (1998), Statistics in Medicine 17:873, method 10: 56/70 against 48/80 gives 0.0524 to 0.3339
        Uncertainty.Interval d = Uncertainty.newcombeDifference(48, 80, 56, 70);
        org.assertj.core.api.Assertions.assertThat(d.low())
                .isCloseTo(0.0524, org.assertj.core.api.Assertions.within(5e-4));
        org.assertj.core.api.Assertions.assertThat(d.high())
                .isCloseTo(0.3339, org.assertj.core.api.Assertions.within(5e-4));
        org.assertj.core.api.Assertions.assertThat(Uncertainty.newcombeDifference(0, 0, 1, 2))
                .isNull();
    }
}
