package lyceum.replay;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import lyceum.events.ProblemEvent.DecisionReason;
import lyceum.events.ProblemEvent.ProblemRegistered;
import lyceum.events.ProblemEvent.Sampled;
import lyceum.events.SampleId;

/** An audit in plain sentences, in the order things happened. */
final class Explanation {

    private Explanation() {}

    static List<String> of(
            SampleId id,
            ProblemRegistered p,
            Sampled s,
            List<SampleAudit.Resample> resamples,
            List<SampleAudit.Hint> hints,
            SampleAudit.Model model,
            SampleAudit.Grading grading,
            List<SampleAudit.Correction> corrections,
            String decision,
            List<DecisionReason> reasons,
            String policyVersion,
            String policyRule,
            SampleAudit.Training training,
            String plainPrompt) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(
                Locale.ROOT,
                "Problem %s of experiment %s (%s split, difficulty bucket %d, %s %s line %d):"
                        + " \"%s\", reference answer %s.",
                p.problemId(),
                id.experimentId(),
                p.split(),
                p.difficultyBucket(),
                p.dataset(),
                p.source(),
                p.sourceLine(),
                EventLines.clip(p.question()),
                p.referenceAnswer()));
        for (SampleAudit.Resample r : resamples) {
            lines.add("Iteration " + s.iteration() + " opened resample round " + r.round() + " because " + r.cause()
                    + " (" + r.remainingBudget() + " round(s) left).");
        }
        for (SampleAudit.Hint h : hints) {
            lines.add("Hint " + h.hintId() + " for round " + h.round() + " (" + h.whatItDoes() + "), given because "
                    + h.reason() + (h.appliedToThisSample() ? "; this sample was drawn under it." : "."));
        }
        if (s.round() == 0) {
            lines.add("This sample is from the first round (no hint).");
        } else if (s.hintId() == null) {
            lines.add("This sample is from resample round " + s.round() + " without a hint.");
        }
        lines.add(String.format(
                Locale.ROOT,
                "Drawn in iteration %d, round %d, index %d by model %s (%s) with strategy %s at temperature %s, top-p %s,"
                        + " max %d tokens, seed %d on %s: %d tokens%s, mean log-prob %s.",
                s.iteration(),
                s.round(),
                s.index(),
                s.modelVersion(),
                modelOrigin(model),
                s.strategy(),
                s.temperature(),
                s.topP(),
                s.maxTokens(),
                s.seed(),
                s.workerNode(),
                s.tokenCount(),
                s.truncated() ? " (cut off)" : "",
                s.meanLogProb()));
        String answer =
                grading.extractedAnswer() == null || grading.extractedAnswer().isEmpty()
                        ? "found no final answer"
                        : "read the answer " + grading.extractedAnswer();
        lines.add("The grader " + grading.graderVersion() + " " + answer + ": "
                + (grading.correct() ? "correct" : "wrong") + " against the reference " + grading.referenceAnswer()
                + ".");
        if (grading.current() != null) {
            SampleAudit.CurrentVerdict c = grading.current();
            lines.add(
                    c.agrees()
                            ? "The current grader " + c.graderVersion() + " agrees (" + c.rule() + ")."
                            : "The current grader " + c.graderVersion() + " disagrees: it reads " + c.extractedAnswer()
                                    + " and finds it " + (c.correct() ? "correct" : "wrong") + " (" + c.rule() + ").");
        }
        for (SampleAudit.Correction c : corrections) {
            lines.add(String.format(
                    Locale.ROOT,
                    "A %s by %s (%s) %s; the refined sample %s is %s.",
                    c.kind(),
                    c.criticModelVersion(),
                    c.role(),
                    c.parsed() ? "judged " + steps(c) : "could not be read as step verdicts",
                    c.refinedSampleId(),
                    c.refinedCorrect() ? "correct" : "wrong"));
        }
        switch (decision) {
            case "accepted" -> {
                lines.add("Accepted by policy " + policyVersion + ": " + EventLines.reasons(reasons) + ".");
                if (training.hintDerived()) {
                    // compared without surrounding white space, as journals of older versions wrote the question bare
                    lines.add(
                            training.prompt().strip().equals(plainPrompt.strip())
                                    ? "It was found under a hint, and trains with the plain prompt (no hint)."
                                    : "It was found under a hint, and trains with the prompt it was drawn with (the feedback included).");
                }
            }
            case "rejected" ->
                lines.add("Rejected by policy " + policyVersion + ": " + EventLines.reasons(reasons) + ".");
            default -> lines.add("No decision yet: iteration " + s.iteration() + " of this problem is still sampling.");
        }
        if (policyRule != null) {
            lines.add("The rule: " + policyRule + ".");
        }
        return lines;
    }

    private static String modelOrigin(SampleAudit.Model model) {
        if (model.trainedInIteration() == null) {
            return model.note();
        }
        Object examples = model.training() == null ? null : model.training().get("example_count");
        Object dataset = model.training() == null ? null : model.training().get("dataset_hash");
        return "trained in iteration " + model.trainedInIteration()
                + (examples == null ? "" : " on " + examples + " examples, dataset " + dataset);
    }

    private static String steps(SampleAudit.Correction c) {
        List<String> parts = new ArrayList<>();
        c.stepVerdicts()
                .forEach(v -> parts.add("step " + v.get("step") + " "
                        + (Boolean.TRUE.equals(v.get("correct")) ? "right" : "wrong (" + v.get("explanation") + ")")));
        return parts.isEmpty() ? "no steps" : String.join(", ", parts);
    }
}
