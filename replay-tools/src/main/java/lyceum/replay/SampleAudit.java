package lyceum.replay;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
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
public record SampleAudit(
        @JsonProperty("sample_id") String sampleId,
        @JsonProperty("experiment") String experiment,
        @JsonProperty("problem_id") String problemId,
        @JsonProperty("iteration") int iteration,
        @JsonProperty("round") int round,
        @JsonProperty("index") int index,
        @JsonProperty("decision") String decision,
        @JsonProperty("reasons") List<Reason> reasons,
        @JsonProperty("policy_version") String policyVersion,
        @JsonProperty("policy_rule") String policyRule,
        @JsonProperty("problem") Problem problem,
        @JsonProperty("resamples") List<Resample> resamples,
        @JsonProperty("hints") List<Hint> hints,
        @JsonProperty("sampling") Sampling sampling,
        @JsonProperty("model") Model model,
        @JsonProperty("grading") Grading grading,
        @JsonProperty("corrections") List<Correction> corrections,
        @JsonProperty("training") Training training,
        @JsonProperty("explanation") List<String> explanation,
        @JsonProperty("chain") List<HistoryEntry> chain) {

    public record Reason(
            @JsonProperty("rule") String rule,
            @JsonProperty("detail") String detail,
            @JsonProperty("words") String words) {}

    public record Problem(
            @JsonProperty("question") String question,
            @JsonProperty("reference_answer") String referenceAnswer,
            @JsonProperty("difficulty") double difficulty,
            @JsonProperty("difficulty_bucket") int difficultyBucket,
            @JsonProperty("split") String split,
            @JsonProperty("dataset") String dataset,
            @JsonProperty("source") String source,
            @JsonProperty("source_line") int sourceLine) {}

    /** A resample round opened before this sample's round, and why. */
    public record Resample(
            @JsonProperty("round") int round,
            @JsonProperty("cause") String cause,
            @JsonProperty("remaining_budget") int remainingBudget) {}

    /**
     * A hint given in this sample's iteration up to its round.
     *
     * @param appliedToThisSample the sample was drawn under this hint
     */
    public record Hint(
            @JsonProperty("hint_id") String hintId,
            @JsonProperty("round") int round,
            @JsonProperty("kind") String kind,
            @JsonProperty("what_it_does") String whatItDoes,
            @JsonProperty("payload") String payload,
            @JsonProperty("reason") String reason,
            @JsonProperty("applied_to_this_sample") boolean appliedToThisSample) {}

    public record Sampling(
            @JsonProperty("strategy") String strategy,
            @JsonProperty("hint_id") String hintId,
            @JsonProperty("temperature") double temperature,
            @JsonProperty("top_p") double topP,
            @JsonProperty("max_tokens") int maxTokens,
            @JsonProperty("seed") long seed,
            @JsonProperty("prompt_hash") String promptHash,
            @JsonProperty("worker_node") String workerNode,
            @JsonProperty("token_count") int tokenCount,
            @JsonProperty("mean_log_prob") double meanLogProb,
            @JsonProperty("truncated") boolean truncated,
            @JsonProperty("latency_millis") long latencyMillis,
            @JsonProperty("text") String text,
            @JsonProperty("prompt") Prompt prompt) {}

    /**
     * The full prompt the sample was drawn with, rendered again from the journaled config and events.
     *
     * @param format completion or chat
     * @param text the rendered text (what the in-process engine decoded, and what is hashed)
     * @param messages chat: the messages sent; empty for completion
     * @param matchesHash whether the text's hash is the one the sample journaled
     */
    public record Prompt(
            @JsonProperty("format") String format,
            @JsonProperty("text") String text,
            @JsonProperty("messages") List<ChatMessage> messages,
            @JsonProperty("stop") List<String> stop,
            @JsonProperty("matches_hash") boolean matchesHash) {}

    /**
     * The model that drew the sample and the training that produced it.
     *
     * @param trainedInIteration the iteration whose training produced it; null when this experiment did
     *     not train it (a base model)
     * @param training the TrainingStarted facts of that iteration (dataset, example count, base model)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Model(
            @JsonProperty("version") String version,
            @JsonProperty("trained_in_iteration") Integer trainedInIteration,
            @JsonProperty("training") Map<String, Object> training,
            @JsonProperty("checkpoint") String checkpoint,
            @JsonProperty("trainer_node") String trainerNode,
            @JsonProperty("loss") Map<String, Double> loss,
            @JsonProperty("note") String note) {}

    /**
     * The journaled verdict and, when asked, the current grader's.
     *
     * @param current null unless the audit re-graded the sample
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Grading(
            @JsonProperty("extracted_answer") String extractedAnswer,
            @JsonProperty("reference_answer") String referenceAnswer,
            @JsonProperty("correct") boolean correct,
            @JsonProperty("grader_version") String graderVersion,
            @JsonProperty("current") CurrentVerdict current) {}

    public record CurrentVerdict(
            @JsonProperty("grader_version") String graderVersion,
            @JsonProperty("extracted_answer") String extractedAnswer,
            @JsonProperty("correct") boolean correct,
            @JsonProperty("rule") String rule,
            @JsonProperty("agrees") boolean agrees) {}

    /**
     * A critique or reflection that names this sample.
     *
     * @param role "critique of this sample" or "this sample is the refinement"
     */
    public record Correction(
            @JsonProperty("role") String role,
            @JsonProperty("kind") String kind,
            @JsonProperty("critic_model_version") String criticModelVersion,
            @JsonProperty("critique") String critique,
            @JsonProperty("parsed") boolean parsed,
            @JsonProperty("step_verdicts") List<Map<String, Object>> stepVerdicts,
            @JsonProperty("critic_final_verdict") Boolean criticFinalVerdict,
            @JsonProperty("original_sample_id") String originalSampleId,
            @JsonProperty("original_correct") boolean originalCorrect,
            @JsonProperty("refined_sample_id") String refinedSampleId,
            @JsonProperty("refined_answer") String refinedAnswer,
            @JsonProperty("refined_correct") boolean refinedCorrect) {}

    /** What the sample became in the training set when it was accepted. */
    public record Training(
            @JsonProperty("prompt") String prompt,
            @JsonProperty("completion") String completion,
            @JsonProperty("hint_derived") boolean hintDerived) {}

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
