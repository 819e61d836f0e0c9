package lyceum.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import lyceum.engine.SamplingParams;
import org.junit.jupiter.api.Test;

class TokenSamplerTest {
    private static final int VOCAB = 8;

    /** Logits whose softmax is exactly the given probabilities. */
    private static float[] logitsOf(double... probabilities) {
        float[] logits = new float[probabilities.length];
        for (int i = 0; i < probabilities.length; i++) {
            logits[i] = probabilities[i] == 0 ? -1e9f : (float) Math.log(probabilities[i]);
        }
        return logits;
    }

    /** The share of {@code draws} tokens sampled under {@code params} that is each token. */
    private static double[] shares(SamplingParams params, float[] logits, int draws) {
        TokenSampler sampler = new TokenSampler(params);
        int[] counts = new int[VOCAB];
        for (int i = 0; i < draws; i++) {
            counts[sampler.next(logits, 0, VOCAB).token()]++;
        }
        return Arrays.stream(counts)
                .mapToDouble(count -> count / (double) draws)
                .toArray();
    }

    @Test
    void greedyTakesTheMostLikelyEmittableTokenAndReportsItsUntemperedLogProb() {
        // PAD (0) and BOS (1) are the most likely here but are never emitted.
        float[] logits = logitsOf(0.3, 0.3, 0.05, 0.05, 0.2, 0.05, 0.03, 0.02);
        TokenChoice choice = new TokenSampler(SamplingParams.greedy(10)).next(logits, 0, VOCAB);
        assertThat(choice.token()).isEqualTo(4);
        assertThat(choice.logProb()).isCloseTo(Math.log(0.2), within(1e-6));
    }

    @Test
    void readsTheRowAtTheGivenOffset() {
        float[] two = new float[2 * VOCAB];
        System.arraycopy(logitsOf(0, 0, 0.1, 0.1, 0.1, 0.1, 0.1, 0.5), 0, two, 0, VOCAB);
        System.arraycopy(logitsOf(0, 0, 0.9, 0.02, 0.02, 0.02, 0.02, 0.02), 0, two, VOCAB, VOCAB);
        TokenSampler sampler = new TokenSampler(SamplingParams.greedy(10));
        assertThat(sampler.next(two, 0, VOCAB).token()).isEqualTo(7);
        assertThat(sampler.next(two, VOCAB, VOCAB).token()).isEqualTo(2);
    }

    @Test
    void tinyTopPKeepsOnlyTheMostLikelyToken() {
        float[] logits = logitsOf(0, 0, 0.2, 0.35, 0.1, 0.15, 0.1, 0.1);
        TokenSampler sampler = new TokenSampler(new SamplingParams(1.5, 0.01, 10, 3));
        for (int i = 0; i < 200; i++) {
            assertThat(sampler.next(logits, 0, VOCAB).token()).isEqualTo(3);
        }
    }

    @Test
    void topPSamplesOnlyFromTheNucleus() {
        // Sorted: 3 (0.4), 2 (0.3), 5 (0.2), then 0.1 spread; top-p 0.75 keeps {3, 2, 5}.
        float[] logits = logitsOf(0, 0, 0.3, 0.4, 0.025, 0.2, 0.05, 0.025);
        double[] share = shares(new SamplingParams(1.0, 0.75, 10, 11), logits, 20_000);
        assertThat(share[4] + share[6] + share[7] + share[0] + share[1]).isZero();
        assertThat(share[3]).isCloseTo(0.4 / 0.9, within(0.02));
        assertThat(share[2]).isCloseTo(0.3 / 0.9, within(0.02));
        assertThat(share[5]).isCloseTo(0.2 / 0.9, within(0.02));
    }

    @Test
    void fullNucleusAtTemperatureOneFollowsTheModelDistribution() {
        float[] logits = logitsOf(0, 0, 0.5, 0.25, 0.125, 0.0625, 0.03125, 0.03125);
        double[] share = shares(new SamplingParams(1.0, 1.0, 10, 5), logits, 40_000);
        assertThat(share[2]).isCloseTo(0.5, within(0.015));
        assertThat(share[7]).isCloseTo(0.03125, within(0.005));
    }

    @Test
    void lowTemperatureSharpensAndLogProbStaysUntempered() {
        float[] logits = logitsOf(0, 0, 0.4, 0.3, 0.1, 0.1, 0.05, 0.05);
        TokenSampler sampler = new TokenSampler(new SamplingParams(0.05, 1.0, 10, 9));
        for (int i = 0; i < 100; i++) {
            TokenChoice choice = sampler.next(logits, 0, VOCAB);
            assertThat(choice.token()).isEqualTo(2);
            assertThat(choice.logProb()).isCloseTo(Math.log(0.4), within(1e-6));
        }
    }

    @Test
    void sameSeedDrawsTheSameSequenceAndAnotherSeedDiffers() {
        float[] logits = logitsOf(0, 0, 0.2, 0.2, 0.15, 0.15, 0.15, 0.15);
        SamplingParams params = new SamplingParams(0.7, 0.95, 10, 1234);
        TokenSampler first = new TokenSampler(params);
        TokenSampler second = new TokenSampler(params);
        TokenSampler other = new TokenSampler(new SamplingParams(0.7, 0.95, 10, 1235));
        StringBuilder a = new StringBuilder();
        StringBuilder b = new StringBuilder();
        StringBuilder c = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            a.append(first.next(logits, 0, VOCAB).token());
            b.append(second.next(logits, 0, VOCAB).token());
            c.append(other.next(logits, 0, VOCAB).token());
        }
        assertThat(a.toString()).isEqualTo(b.toString()).isNotEqualTo(c.toString());
    }
}
