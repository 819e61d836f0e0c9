package lyceum.metrics;

/**
 * What the metrics need of one sample, taken from its Sampled and Accepted/Rejected events.
 *
 * @param round 0 for the K plain samples; 1.. for guided resample rounds
 * @param index position within the round; maj@k votes over round 0 in index order
 * @param difficultyBucket the problem's difficulty bucket, higher is harder
 * @param extractedAnswer the extracted final answer, null when none was found
 * @param tokenCount response length in tokens
 * @param meanLogProb mean natural-log token probability under the sampling model, NaN when unknown
 * @param hintDerived produced under a hint (answer, rationale, state reset or teacher feedback)
 * @param stepsValid whether its reasoning checks out step by step; null when not checked
 */
public record SampleSummary(
        String problemId,
        int difficultyBucket,
        int round,
        int index,
        boolean correct,
        boolean accepted,
        String extractedAnswer,
        String text,
        int tokenCount,
        double meanLogProb,
        boolean hintDerived,
        Boolean stepsValid) {}
