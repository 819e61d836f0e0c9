package lyceum.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PassAtKTest {

    @Test
    void smallExamplesMatchTheBinomialForm() {
        // 1 - C(3,2)/C(5,2) = 1 - 3/10
        assertThat(PassAtK.estimate(5, 2, 2)).isCloseTo(0.7, within(1e-12));
        // 1 - C(3,2)/C(4,2) = 1 - 3/6
        assertThat(PassAtK.estimate(4, 1, 2)).isCloseTo(0.5, within(1e-12));
        assertThat(PassAtK.estimate(10, 0, 5)).isEqualTo(0.0);
        assertThat(PassAtK.estimate(3, 3, 1)).isEqualTo(1.0);
    }

    @Test
    void staysExactWhereBinomialsWouldOverflow() {
        // C(9999,5000)/C(10000,5000) = 5000/10000
        assertThat(PassAtK.estimate(10_000, 1, 5_000)).isCloseTo(0.5, within(1e-12));
        assertThat(PassAtK.estimate(10_000, 9_000, 2_000)).isEqualTo(1.0);
    }

    @Test
    void agreesWithExactBinomialsOnRandomCases() {
        Random random = new Random(11);
        for (int trial = 0; trial < 300; trial++) {
            int n = 1 + random.nextInt(60);
            int c = random.nextInt(n + 1);
            int k = 1 + random.nextInt(n);
            BigDecimal ratio =
                    new BigDecimal(binomial(n - c, k)).divide(new BigDecimal(binomial(n, k)), MathContext.DECIMAL64);
            assertThat(PassAtK.estimate(n, c, k))
                    .as("n=%d c=%d k=%d", n, c, k)
                    .isCloseTo(1.0 - ratio.doubleValue(), within(1e-12));
        }
    }

    @Test
    void propertiesHoldOnRandomCounts() {
        Random random = new Random(7);
        for (int trial = 0; trial < 500; trial++) {
            int n = 1 + random.nextInt(200);
            int c = random.nextInt(n + 1);
            assertThat(PassAtK.estimate(n, c, 1)).isCloseTo((double) c / n, within(1e-12));
            assertThat(PassAtK.estimate(n, c, n)).isEqualTo(c > 0 ? 1.0 : 0.0);
            double previous = -1;
            for (int k = 1; k <= n; k++) {
                double p = PassAtK.estimate(n, c, k);
                assertThat(p).isBetween(0.0, 1.0);
                assertThat(p).as("monotone in k at n=%d c=%d k=%d", n, c, k).isGreaterThanOrEqualTo(previous);
                previous = p;
            }
        }
    }

    @Test
    void meanLeavesOutProblemsWithFewerThanKSamples() {
        List<PassCounts> problems = List.of(new PassCounts(2, 1), new PassCounts(8, 4));
        // only the second has 4 samples: 1 - C(4,4)/C(8,4) = 1 - 1/70
        assertThat(PassAtK.mean(problems, 4)).isCloseTo(1 - 1.0 / 70, within(1e-12));
        // both: (1/2 + 4/8) / 2
        assertThat(PassAtK.mean(problems, 1)).isCloseTo(0.5, within(1e-12));
        assertThat(PassAtK.mean(problems, 16)).isNaN();
    }

    @Test
    void standardKsArePowersOfTwoUpToTheSampleCount() {
        assertThat(PassAtK.standardKs(8)).containsExactly(1, 2, 4, 8);
        assertThat(PassAtK.standardKs(6)).containsExactly(1, 2, 4);
        assertThat(PassAtK.standardKs(0)).isEmpty();
    }

    @Test
    void rejectsKOutsideOneToN() {
        assertThatThrownBy(() -> PassAtK.estimate(4, 1, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PassAtK.estimate(4, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PassAtK.estimate(4, 5, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static BigInteger binomial(int n, int k) {
        if (k > n) {
            return BigInteger.ZERO;
        }
        BigInteger result = BigInteger.ONE;
        for (int i = 0; i < k; i++) {
            result = result.multiply(BigInteger.valueOf(n - i)).divide(BigInteger.valueOf(i + 1));
        }
        return result;
    }
}
