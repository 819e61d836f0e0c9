package lyceum.engine;

/**
 * One completion. {@code meanLogProb} is the mean natural-log probability of the generated tokens under
 * the sampling model (before temperature), used for perplexity. {@code truncated} is true when
 * generation stopped at {@code maxTokens} rather than at the end of the answer.
 */
public record Generation(
        String requestId, String text, int tokenCount, double meanLogProb, boolean truncated, long latencyMillis) {}
