package lyceum.problem;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import lyceum.datasets.ArithmeticSteps;
import lyceum.events.ProblemEvent.DecisionReason;
import lyceum.events.ProblemEvent.DecisionRule;
import lyceum.events.ProblemEvent.HintKind;
import lyceum.events.ProblemEvent.Sampled;
import lyceum.experiment.config.ExperimentConfig;

/**
 * Decides, once a problem's sampling for an iteration is over, which samples are kept: correct, not cut
 * off, not a duplicate of a kept rationale, and under the per-problem quota. Samples are considered in
 * (round, index) order, so the decision is a pure function of the journal.
 *
 * <p>A refinement (a sample written after feedback on an earlier wrong sample) must also pass the
 * shortcut barrier and, for a critique, the cap per critique:
 *
 * <ul>
 *   <li>shortcut: it has no reasoning line before its answer, or one of its "a op b = c" steps does
 *       not check out (wrong arithmetic, or not starting from the previous result), or it has fewer such
 *       steps than the reference rationale. A right answer reached that way was copied from the
 *       feedback, not reasoned to.
 *   <li>cap: at most {@code capPerCritique} correct refinements of one critique are kept.
 * </ul>
 *
 * <p>With {@code requireValidSteps}, a correct sample whose reasoning was checked and does not hold is
 * rejected with rule INVALID_STEPS (right for the wrong reason).
 */
public final class AcceptancePolicy {

    /** Changing any rule changes this version; it is journaled with every decision. */
    public static final String VERSION = "lyceum-acceptance/3";

    public record Decision(Sampled sample, boolean accepted, List<DecisionReason> reasons) {}

    /**
     * What makes a sample a refinement: its hint id is one of {@code feedbackHints} (with the hint's kind);
     * {@code referenceRationale} may be null.
     */
    public record Refinements(Map<String, HintKind> feedbackHints, int capPerCritique, String referenceRationale) {
        public static final Refinements NONE = new Refinements(Map.of(), Integer.MAX_VALUE, null);
    }

    private AcceptancePolicy() {}

    public static List<Decision> decide(List<Sampled> samplesInOrder, ExperimentConfig.Acceptance settings) {
        return decide(samplesInOrder, settings, Refinements.NONE);
    }

    public static List<Decision> decide(
            List<Sampled> samplesInOrder, ExperimentConfig.Acceptance settings, Refinements refinements) {
        List<Decision> decisions = new ArrayList<>(samplesInOrder.size());
        Map<String, String> keptByText = new HashMap<>();
        Map<String, Integer> keptPerCritique = new HashMap<>();
        int kept = 0;
        for (Sampled s : samplesInOrder) {
            DecisionReason reason;
            HintKind feedback =
                    s.hintId() == null ? null : refinements.feedbackHints().get(s.hintId());
            Optional<String> shortcut =
                    feedback == null ? Optional.empty() : shortcut(s.text(), refinements.referenceRationale());
            boolean critiqued = feedback == HintKind.CRITIQUE;
            if (!s.correct()) {
                reason = new DecisionReason(
                        DecisionRule.INCORRECT,
                        s.extractedAnswer() == null || s.extractedAnswer().isEmpty()
                                ? "no answer found"
                                : "answered " + s.extractedAnswer());
            } else if (s.truncated()) {
                reason = new DecisionReason(DecisionRule.TRUNCATED, s.tokenCount() + " tokens");
            } else if (settings.requireValidSteps() && s.rightForWrongReason()) {
                reason = new DecisionReason(DecisionRule.INVALID_STEPS, invalidStep(s.text()));
            } else if (shortcut.isPresent()) {
                reason = new DecisionReason(DecisionRule.SHORTCUT, shortcut.get());
            } else if (settings.deduplicate() && keptByText.containsKey(normalise(s.text()))) {
                reason = new DecisionReason(
                        DecisionRule.DUPLICATE, "duplicate of " + keptByText.get(normalise(s.text())));
            } else if (critiqued && keptPerCritique.getOrDefault(s.hintId(), 0) >= refinements.capPerCritique()) {
                reason = new DecisionReason(
                        DecisionRule.CRITIQUE_CAP,
                        keptPerCritique.get(s.hintId()) + " of " + refinements.capPerCritique() + " kept for "
                                + s.hintId());
            } else if (kept >= settings.quotaPerProblem()) {
                reason = new DecisionReason(
                        DecisionRule.QUOTA_FULL, kept + " of " + settings.quotaPerProblem() + " kept");
            } else {
                kept++;
                if (critiqued) {
                    keptPerCritique.merge(s.hintId(), 1, Integer::sum);
                }
                keptByText.put(normalise(s.text()), s.sampleId());
                reason = new DecisionReason(
                        DecisionRule.CORRECT_UNDER_QUOTA, kept + " of " + settings.quotaPerProblem());
                decisions.add(new Decision(s, true, List.of(reason)));
                continue;
            }
            decisions.add(new Decision(s, false, List.of(reason)));
        }
        return decisions;
    }

    /** Why a refinement is a shortcut (see the class comment), or empty when it shows its reasoning. */
    static Optional<String> shortcut(String refinement, String referenceRationale) {
        if (Prompts.reasoningLines(refinement).isEmpty()) {
            return Optional.of("no reasoning before the answer");
        }
        List<ArithmeticSteps.StepCheck> checks = ArithmeticSteps.check(refinement);
        for (int i = 0; i < checks.size(); i++) {
            if (!checks.get(i).correct()) {
                return Optional.of("step " + (i + 1) + " does not check out");
            }
        }
        int needed = ArithmeticSteps.parse(referenceRationale).size();
        if (checks.size() < needed) {
            return Optional.of(checks.size() + " of the " + needed + " steps the reference needs");
        }
        return Optional.empty();
    }

    /** The first thing wrong with a right answer's reasoning, for the journaled rule. */
    static String invalidStep(String text) {
        List<ArithmeticSteps.StepCheck> checks = ArithmeticSteps.check(text);
        for (int i = 0; i < checks.size(); i++) {
            ArithmeticSteps.StepCheck c = checks.get(i);
            if (!c.arithmeticCorrect()) {
                return "step " + (i + 1) + " has wrong arithmetic";
            }
            if (!c.continuesPrevious()) {
                return "step " + (i + 1) + " does not start from the previous result";
            }
        }
        return checks.isEmpty()
                ? "no step of the form a op b = c"
                : "its operands are not the question's numbers, or its answer is not the last result";
    }

    /** Rationales that differ only in case or white space are the same rationale. */
    static String normalise(String text) {
        return text.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }
}
