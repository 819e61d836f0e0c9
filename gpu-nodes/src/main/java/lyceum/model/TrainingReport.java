package lyceum.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a training run did. Losses are mean cross-entropy (nats per scored token) over completion
 * tokens; {@code tokens} counts every non-padding position fed to the model, {@code scoredTokens} those
 * the loss covered; {@code flops} estimates the arithmetic done (see {@link ModelConfig#trainingFlopsPerToken}).
 */
public record TrainingReport(
        double firstLoss,
        double lastLoss,
        double meanLoss,
        double finalEpochLoss,
        int steps,
        long tokens,
        long scoredTokens,
        int clippedExamples,
        double seconds,
        double flops) {

    public double tokensPerSecond() {
        return tokens / seconds;
    }

    public double flopsPerSecond() {
        return flops / seconds;
    }

    /** The loss summary a {@code TrainedModel} carries. */
    public Map<String, Double> lossSummary() {
        Map<String, Double> summary = new LinkedHashMap<>();
        summary.put("firstLoss", firstLoss);
        summary.put("lastLoss", lastLoss);
        summary.put("meanLoss", meanLoss);
        summary.put("finalEpochLoss", finalEpochLoss);
        summary.put("steps", (double) steps);
        summary.put("tokens", (double) tokens);
        summary.put("scoredTokens", (double) scoredTokens);
        summary.put("seconds", seconds);
        summary.put("tokensPerSecond", tokensPerSecond());
        return summary;
    }
}
