package lyceum.replay;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import lyceum.engine.ChatMessage;

/**
 * Why a sample was kept or not, from the journal alone: {@code lyceum audit SAMPLE_ID --json}.
 *
 * @param decision "accepted", "rejected" or "undecided" (its problem's iteration is still sampling)
 * @param reasons the rules that decided, as journaled
 * @param explanation the same story in plain sentences, in order
 * @param chain the events that made the decision, oldest first
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SampleAudit(
        String sampleId,
        String experiment,
        String problemId,
        int iteration,
        int round,
        int index,
        String decision,
        List<Reason> reasons,
        String policyVersion,
        String policyRule,
        Problem problem,
        List<Resample> resamples,
        List<Hint> hints,
        Sampling sampling,
        Model model,
        Grading grading,
        List<Correction> corrections,
        Training training,
        List<String> explanation,
        List<HistoryEntry> chain) {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Reason(String rule, String detail, String words) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Problem(
            String question,
            String referenceAnswer,
            double difficulty,
            int difficultyBucket,
            String split,
            String dataset,
            String source,
            int sourceLine) {}

    /** A resample round opened before this sample's round, and why. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Resample(int round, String cause, int remainingBudget) {}

    /**
     * A hint given in this sample's iteration up to its round.
     *
     * @param appliedToThisSample the sample was drawn under this hint
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Hint(
            String hintId,
            int round,
            String kind,
            String whatItDoes,
            String payload,
            String reason,
            boolean appliedToThisSample) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Sampling(
            String strategy,
            String hintId,
            double temperature,
            double topP,
            int maxTokens,
            long seed,
            String promptHash,
            String workerNode,
            int tokenCount,
            double meanLogProb,
            boolean truncated,
            long latencyMillis,
            String text,
            Prompt prompt) {}

    /**
     * The full prompt the sample was drawn with, rendered again from the journaled config and events.
     *
     * @param format completion or chat
     * @param text the rendered text (what the in-process engine decoded, and what is hashed)
     * @param messages chat: the messages sent; empty for completion
     * @param matchesHash whether the text's hash is the one the sample journaled
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Prompt(
            String format, String text, List<ChatMessage> messages, List<String> stop, boolean matchesHash) {}

    /**
     * The model that drew the sample and the training that produced it.
     *
     * @param trainedInIteration the iteration whose training produced it; null when this experiment did
     *     not train it (a base model)
     * @param training the TrainingStarted facts of that iteration (dataset, example count, base model)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Model(
            String version,
            Integer trainedInIteration,
            Map<String, Object> training,
            String checkpoint,
            String trainerNode,
            Map<String, Double> loss,
            String note) {

        /** A model this experiment's training did not produce, with why. */
        static Model untrained(String version, String note) {
            return new Model(version, null, null, null, null, null, note);
        }
    }

    /**
     * The journaled verdict and, when asked, the current grader's.
     *
     * @param current null unless the audit re-graded the sample
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Grading(
            String extractedAnswer,
            String referenceAnswer,
            boolean correct,
            String graderVersion,
            CurrentVerdict current) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record CurrentVerdict(
            String graderVersion, String extractedAnswer, boolean correct, String rule, boolean agrees) {}

    /**
     * A critique or reflection that names this sample.
     *
     * @param role "critique of this sample" or "this sample is the refinement"
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Correction(
            String role,
            String kind,
            String criticModelVersion,
            String critique,
            boolean parsed,
            List<Map<String, Object>> stepVerdicts,
            Boolean criticFinalVerdict,
            String originalSampleId,
            boolean originalCorrect,
            String refinedSampleId,
            String refinedAnswer,
            boolean refinedCorrect) {}

    /** What the sample became in the training set when it was accepted. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Training(String prompt, String completion, boolean hintDerived) {}

    /** The plain-text audit. */
    public String render() {
        StringBuilder out = new StringBuilder();
        out.append("Sample ")
                .append(sampleId)
                .append(": ")
                .append(decision.toUpperCase(Locale.ROOT))
                .append('\n');
        explanation.forEach(line -> out.append("  ").append(line).append('\n'));
        Prompt prompt = sampling.prompt();
        if (prompt != null) {
            out.append("\nPrompt (")
                    .append(prompt.format())
                    .append(
                            prompt.matchesHash()
                                    ? ", its hash as journaled"
                                    : ", its hash differs from the journaled " + sampling.promptHash())
                    .append("):\n");
            if (prompt.messages().isEmpty()) {
                prompt.text()
                        .lines()
                        .forEach(line -> out.append("  | ").append(line).append('\n'));
            } else {
                prompt.messages().forEach(m -> {
                    out.append("  [").append(m.role()).append("]\n");
                    m.content()
                            .lines()
                            .forEach(line -> out.append("  | ").append(line).append('\n'));
                });
            }
        }
        out.append("\nEvents, oldest first:\n");
        chain.forEach(e -> out.append("  ")
                .append(e.writtenAt())
                .append("  ")
                .append(e.persistenceId())
                .append(" #")
                .append(e.sequenceNr())
                .append("  ")
                .append(e.summary())
                .append('\n'));
        return out.toString();
    }
}
