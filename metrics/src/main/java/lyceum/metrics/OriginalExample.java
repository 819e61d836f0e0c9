package lyceum.metrics;

/**
 * One reference rationale of the original training data, the baseline of the tail statistics.
 *
 * @param meanLogProb mean natural-log token probability of the reference rationale under the current
 *     model (for its perplexity), NaN when not scored
 */
public record OriginalExample(String problemId, int difficultyBucket, int tokenCount, double meanLogProb) {}
