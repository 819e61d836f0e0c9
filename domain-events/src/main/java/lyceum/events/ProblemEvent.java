// Stays whole: every event of a problem's journal in one sealed interface, each with the constructors that
// keep older journals readable.
package lyceum.events;

import java.util.List;
import java.util.Map;

/**
 * What happened to one problem of one experiment. Each event carries what an auditor needs without
 * reading any other store.
 */
public sealed interface ProblemEvent extends LyceumSerializable {

    String experimentId();

    String problemId();

    /**
     * The problem as the dataset gave it; the first event of every problem. {@code graderSettings}: the
     * settings its answers are graded with (the experiment's {@code grading} keys), by the field names of
     * lyceum.grading.GraderSettings; null in journals written before them, whose answers were all graded
     * with the MATH-style settings.
     */
    record ProblemRegistered(
            String experimentId,
            String problemId,
            String question,
            String referenceAnswer,
            String referenceRationale,
            double difficulty,
            int difficultyBucket,
            String split,
            String dataset,
            String source,
            int sourceLine,
            Map<String, Boolean> graderSettings)
            implements ProblemEvent {

        public ProblemRegistered(
                String experimentId,
                String problemId,
                String question,
                String referenceAnswer,
                String referenceRationale,
                double difficulty,
                int difficultyBucket,
                String split,
                String dataset,
                String source,
                int sourceLine) {
            this(
                    experimentId,
                    problemId,
                    question,
                    referenceAnswer,
                    referenceRationale,
                    difficulty,
                    difficultyBucket,
                    split,
                    dataset,
                    source,
                    sourceLine,
                    null);
        }
    }

    /**
     * One sampled rationale with its grade. Exactly one per (iteration, round, index). {@code stepsValid}:
     * whether its reasoning checks out step by step, null where the data's steps cannot be checked (and in
     * journals written before it).
     */
    record Sampled(
            String experimentId,
            String problemId,
            String sampleId,
            int iteration,
            int round,
            int index,
            String strategy,
            String hintId,
            String modelVersion,
            String workerNode,
            double temperature,
            double topP,
            int maxTokens,
            long seed,
            String promptHash,
            String text,
            int tokenCount,
            double meanLogProb,
            boolean truncated,
            String extractedAnswer,
            String graderVersion,
            boolean correct,
            long latencyMillis,
            Boolean stepsValid)
            implements ProblemEvent {

        /** This sample graded again: its answer, grader and verdict replaced, the rest as journaled. */
        public Sampled regraded(String extractedAnswer, String graderVersion, boolean correct) {
            return graded(extractedAnswer, graderVersion, correct, stepsValid);
        }

        /** This sample with its reasoning checked ({@code stepsValid}), the rest as journaled. */
        public Sampled withStepsValid(Boolean stepsValid) {
            return graded(extractedAnswer, graderVersion, correct, stepsValid);
        }

        private Sampled graded(String extractedAnswer, String graderVersion, boolean correct, Boolean stepsValid) {
            return new Sampled(
                    experimentId,
                    problemId,
                    sampleId,
                    iteration,
                    round,
                    index,
                    strategy,
                    hintId,
                    modelVersion,
                    workerNode,
                    temperature,
                    topP,
                    maxTokens,
                    seed,
                    promptHash,
                    text,
                    tokenCount,
                    meanLogProb,
                    truncated,
                    extractedAnswer,
                    graderVersion,
                    correct,
                    latencyMillis,
                    stepsValid);
        }

        /** Right answer, reasoning checked and wrong (a step's arithmetic, its chain or its numbers). */
        public boolean rightForWrongReason() {
            return correct && Boolean.FALSE.equals(stepsValid);
        }
    }

    /**
     * A hint given before a resample round, and why. Feedback hints (teacher feedback, critique,
     * reflection) are about one earlier sample, {@code aboutSampleId}, and {@code source} names what
     * wrote them (a critic's version or a model version); hints from the reference have neither.
     * A round may hold several hints; the round's sample i is conditioned on hint i modulo their number.
     */
    record Hinted(
            String experimentId,
            String problemId,
            int iteration,
            int round,
            String hintId,
            HintKind kind,
            String payload,
            String reason,
            String aboutSampleId,
            String source)
            implements ProblemEvent {}

    /** A further round of sampling was started. */
    record Resampled(String experimentId, String problemId, int iteration, int round, String cause, int remainingBudget)
            implements ProblemEvent {}

    /**
     * A critique or reflection of a sample and the refined sample it led to. {@code parsed} is false
     * when the critic's output could not be read as step verdicts; the raw text is kept either way.
     */
    record Corrected(
            String experimentId,
            String problemId,
            int iteration,
            String sampleId,
            CorrectionKind kind,
            String critiqueText,
            boolean parsed,
            List<StepVerdict> stepVerdicts,
            Boolean criticFinalVerdict,
            String criticModelVersion,
            String refinedSampleId,
            String refinedText,
            String refinedExtractedAnswer,
            boolean refinedCorrect,
            boolean originalCorrect)
            implements ProblemEvent {

        /** This correction graded again: the refined answer and both verdicts replaced, the rest as journaled. */
        public Corrected regraded(String refinedExtractedAnswer, boolean refinedCorrect, boolean originalCorrect) {
            return new Corrected(
                    experimentId,
                    problemId,
                    iteration,
                    sampleId,
                    kind,
                    critiqueText,
                    parsed,
                    stepVerdicts,
                    criticFinalVerdict,
                    criticModelVersion,
                    refinedSampleId,
                    refinedText,
                    refinedExtractedAnswer,
                    refinedCorrect,
                    originalCorrect);
        }
    }

    /** The acceptance policy kept a sample for training. */
    record Accepted(
            String experimentId,
            String problemId,
            String sampleId,
            int iteration,
            List<DecisionReason> reasons,
            String policyVersion,
            boolean hintDerived,
            String trainingPrompt,
            String trainingCompletion)
            implements ProblemEvent {}

    /** The acceptance policy did not keep a sample. */
    record Rejected(
            String experimentId,
            String problemId,
            String sampleId,
            int iteration,
            List<DecisionReason> reasons,
            String policyVersion)
            implements ProblemEvent {}

    /** A graded evaluation answer (the greedy one). */
    record Evaluated(
            String experimentId,
            String problemId,
            int iteration,
            String evaluationSplit,
            String mode,
            String modelVersion,
            String text,
            String extractedAnswer,
            String graderVersion,
            boolean correct,
            int tokenCount,
            double meanLogProb)
            implements ProblemEvent, EvaluationAnswer {

        /** This answer graded again: its answer, grader and verdict replaced, the rest as journaled. */
        public Evaluated regraded(String extractedAnswer, String graderVersion, boolean correct) {
            return new Evaluated(
                    experimentId,
                    problemId,
                    iteration,
                    evaluationSplit,
                    mode,
                    modelVersion,
                    text,
                    extractedAnswer,
                    graderVersion,
                    correct,
                    tokenCount,
                    meanLogProb);
        }
    }

    /**
     * One sampled answer of a test-time evaluation (best-of-N, majority vote), graded. Exactly one per
     * (iteration, split, index); its id extends the evaluation request id with the index
     * ({@code eval~experiment~problem~iteration~split~index}); its seed derives from the experiment's
     * configured seed and that place ({@link RequestKey#seed}), so a repeated request, and a run of the same
     * configuration, draws the same answer. Which answer a selector picks is derived from these events.
     */
    record EvaluationSampled(
            String experimentId,
            String problemId,
            String sampleId,
            int iteration,
            String evaluationSplit,
            int index,
            String modelVersion,
            String workerNode,
            double temperature,
            double topP,
            int maxTokens,
            long seed,
            String text,
            int tokenCount,
            double meanLogProb,
            boolean truncated,
            String extractedAnswer,
            String graderVersion,
            boolean correct,
            long latencyMillis)
            implements ProblemEvent, EvaluationAnswer {

        /** This answer graded again: its answer, grader and verdict replaced, the rest as journaled. */
        public EvaluationSampled regraded(String extractedAnswer, String graderVersion, boolean correct) {
            return new EvaluationSampled(
                    experimentId,
                    problemId,
                    sampleId,
                    iteration,
                    evaluationSplit,
                    index,
                    modelVersion,
                    workerNode,
                    temperature,
                    topP,
                    maxTokens,
                    seed,
                    text,
                    tokenCount,
                    meanLogProb,
                    truncated,
                    extractedAnswer,
                    graderVersion,
                    correct,
                    latencyMillis);
        }
    }

    /**
     * Critique-then-refine of a greedy evaluation answer: a critic judged it (without the grader's
     * verdict), and when the critic found it wrong ({@code flagged}) the model refined it greedily with the
     * critique in the prompt. Exactly one per (iteration, split); its id extends the evaluation request id
     * ({@code eval~experiment~problem~iteration~split~refine}). {@code parsed} is false when the critic's
     * text could not be read as step verdicts (such a critique flags nothing). The refined fields are null
     * when nothing was refined; {@code correctAfter} is the verdict on the answer kept: the refined one when
     * flagged, else the greedy one ({@code originalCorrect}).
     */
    record EvaluationRefined(
            String experimentId,
            String problemId,
            String sampleId,
            int iteration,
            String evaluationSplit,
            String modelVersion,
            boolean originalCorrect,
            String criticVersion,
            String critiqueText,
            boolean parsed,
            List<StepVerdict> stepVerdicts,
            Boolean criticFinalVerdict,
            boolean flagged,
            String refinedText,
            String refinedExtractedAnswer,
            String graderVersion,
            Integer refinedTokenCount,
            Boolean refinedCorrect,
            boolean correctAfter)
            implements ProblemEvent {}

    /**
     * A generation request that came back failed: a permanent error (the server refused it in a way no
     * retry fixes) or a transient one that outlasted every attempt. Exactly one per request; the round or
     * evaluation goes on without it and a repeated command does not ask again. {@code sampleId} is the
     * request's id ({@link RequestKey#wire()}); {@code kind} says what was asked. Sampling requests name
     * their {@code round} and {@code index} (a feedback request its slot); evaluation requests name their
     * {@code evaluationSplit}, with round 0 and {@code index} the sample's index, or -1 for the greedy
     * answer and its critique and refinement.
     */
    record SampleFailed(
            String experimentId,
            String problemId,
            int iteration,
            int round,
            int index,
            String sampleId,
            String cause,
            boolean permanent,
            RequestKind kind,
            String evaluationSplit,
            String modelVersion)
            implements ProblemEvent {}

    /**
     * The problem's reference rationale scored under an iteration's sampling model: the baseline of the
     * tail statistics' perplexity (GSI compares accepted data with the original data under the same
     * model). At most one per iteration, journaled before the iteration's decisions, for training problems
     * with a reference rationale. {@code promptHash} is the plain sample prompt it was scored after;
     * {@code tokenCount} the tokens scored (the end token included where the engine scores it);
     * {@code meanLogProb} their mean natural-log probability, null when it was not scored, and then
     * {@code failure} says why (the engine cannot score, or the request failed).
     */
    record ReferenceScored(
            String experimentId,
            String problemId,
            int iteration,
            String modelVersion,
            String promptHash,
            int tokenCount,
            Double meanLogProb,
            String failure)
            implements ProblemEvent {}

    /** What a generation request asked for. */
    enum RequestKind {
        SAMPLE,
        FEEDBACK,
        GREEDY_EVALUATION,
        SAMPLED_EVALUATION,
        CRITIQUE,
        REFINE,
        REFERENCE_SCORE
    }

    enum HintKind {
        ANSWER,
        RATIONALE,
        STATE_RESET_PREFIX,
        TEACHER_FEEDBACK,
        CRITIQUE,
        REFLECTION
    }

    enum CorrectionKind {
        CRITIQUE,
        REFLECTION
    }

    /**
     * What a greedy and a sampled evaluation answer both tell, read alike by the read side: the model, the
     * graded answer and its length and mean log-prob. Their records keep their own components.
     */
    interface EvaluationAnswer {
        String experimentId();

        String problemId();

        int iteration();

        String evaluationSplit();

        String modelVersion();

        boolean correct();

        String extractedAnswer();

        String graderVersion();

        int tokenCount();

        double meanLogProb();
    }

    /** One step of a critique: its number, whether the critic found it correct, and why. */
    record StepVerdict(int step, boolean correct, String explanation) {}

    /** A rule that decided a sample's fate, with its detail ("duplicate of ...", "2 of 4"). */
    record DecisionReason(DecisionRule rule, String detail) {
        public String describe() {
            return detail == null || detail.isEmpty() ? rule.words() : rule.words() + " (" + detail + ")";
        }
    }

    enum DecisionRule {
        CORRECT_UNDER_QUOTA("correct and under the per-problem quota"),
        DUPLICATE("duplicate of an accepted rationale"),
        QUOTA_FULL("correct but the per-problem quota is full"),
        SHORTCUT("refinement skips the reasoning"),
        CRITIQUE_CAP("correct but the cap of refinements kept per critique is full"),
        INVALID_STEPS("correct answer but a step does not check out"),
        TRUNCATED("generation was cut off at the token limit"),
        INCORRECT("final answer is wrong");

        private final String words;

        DecisionRule(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }
    }
}
