package lyceum.model;

import java.util.Arrays;
import java.util.SplittableRandom;
import lyceum.engine.SamplingParams;

/**
 * Picks next tokens for one request from logits copied to Java. The request owns its random stream,
 * seeded from its sampling seed, and draws exactly one number per sampled token, so a sample does not
 * depend on which other requests share its batch. Greedy when temperature is 0; otherwise temperature
 * then nucleus (top-p) truncation. Padding and begin-of-sequence are never emitted.
 */
final class TokenSampler {
    private final SamplingParams params;
    private final SplittableRandom random;

    TokenSampler(SamplingParams params) {
        this.params = params;
        this.random = new SplittableRandom(params.seed());
    }

    /** Chooses from {@code logits[offset .. offset + vocab)}. */
    TokenChoice next(float[] logits, int offset, int vocab) {
        double max = Double.NEGATIVE_INFINITY;
        int best = -1;
        for (int token = 0; token < vocab; token++) {
            double logit = logits[offset + token];
            if (isEmittable(token) && logit > max) {
                max = logit;
                best = token;
            }
        }
        if (best < 0) {
            throw new IllegalStateException("no finite logit to choose from");
        }
        int chosen = params.isGreedy() ? best : sample(logits, offset, vocab, max);
        return new TokenChoice(chosen, LogNormalizer.of(logits, offset, vocab).logProb(logits[offset + chosen]));
    }

    private int sample(float[] logits, int offset, int vocab, double max) {
        double temperature = params.temperature();
        double[] weight = new double[vocab];
        double total = 0;
        for (int token = 0; token < vocab; token++) {
            if (isEmittable(token)) {
                weight[token] = Math.exp((logits[offset + token] - max) / temperature);
                total += weight[token];
            }
        }
        // The nucleus: the most probable tokens until their mass reaches top-p (at least one token). It
        // is cut at a weight threshold, so tokens tied at the threshold all stay in.
        double nucleus = Math.min(1.0, Math.max(0.0, params.topP())) * total;
        double[] descending = weight.clone();
        Arrays.sort(descending);
        double threshold = 0;
        double mass = 0;
        for (int i = vocab - 1; i >= 0 && descending[i] > 0; i--) {
            threshold = descending[i];
            mass += threshold;
            if (mass >= nucleus) {
                break;
            }
        }
        double keptMass = 0;
        for (int token = 0; token < vocab; token++) {
            keptMass += weight[token] >= threshold ? weight[token] : 0;
        }
        double draw = random.nextDouble() * keptMass;
        int last = -1;
        for (int token = 0; token < vocab; token++) {
            if (weight[token] > 0 && weight[token] >= threshold) {
                last = token;
                draw -= weight[token];
                if (draw < 0) {
                    return token;
                }
            }
        }
        return last;
    }

    private static boolean isEmittable(int token) {
        return token != CharTokenizer.PAD && token != CharTokenizer.BOS;
    }
}
