package lyceum.model;

/**
 * The softmax normaliser of one row of logits, {@code logits[offset .. offset + vocab)}, computed stably:
 * the row's largest logit and the log of the sum of {@code exp(logit - max)}. The sampler's and the
 * scorer's log-probabilities both come from here; the sampler subtracts the two parts in turn, the scorer
 * their sum once per position (it subtracts it for every alternative), so the two agree up to rounding.
 */
record LogNormalizer(double max, double logShiftedSum) {

    static LogNormalizer of(float[] logits, int offset, int vocab) {
        double max = Double.NEGATIVE_INFINITY;
        for (int t = 0; t < vocab; t++) {
            max = Math.max(max, logits[offset + t]);
        }
        double sum = 0;
        for (int t = 0; t < vocab; t++) {
            sum += Math.exp(logits[offset + t] - max);
        }
        return new LogNormalizer(max, Math.log(sum));
    }

    /** The untempered log-probability of a token whose logit is {@code logit}. */
    double logProb(float logit) {
        return logit - max - logShiftedSum;
    }

    /** The log of the sum of {@code exp(logit)} over the row. */
    double logSumExp() {
        return max + logShiftedSum;
    }
}
