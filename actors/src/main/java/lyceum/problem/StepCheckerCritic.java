package lyceum.problem;

import java.util.ArrayList;
import java.util.List;
import lyceum.datasets.ArithmeticSteps;
import lyceum.datasets.ArithmeticSteps.Step;
import lyceum.datasets.ArithmeticSteps.StepCheck;
import lyceum.events.ProblemEvent.StepVerdict;

/**
 * A deterministic critic for step-wise arithmetic rationales: it checks every "a op b = c" step of a
 * solution (its arithmetic, that it starts from the previous result, and that it is the step the
 * reference takes there) and writes its findings in the {@link Critique} format. It sees the reference,
 * as GSI's teacher does, so it can also name a missing step.
 */
public final class StepCheckerCritic implements Critic {

    /** Changing what the checker says changes this version; it is journaled with every critique. */
    public static final String VERSION = "lyceum-step-checker/1";

    public static final StepCheckerCritic INSTANCE = new StepCheckerCritic();

    private StepCheckerCritic() {}

    @Override
    public String version() {
        return VERSION;
    }

    /** The critique of {@code solution}; {@code answerCorrect} is the grader's verdict on its final answer. */
    public static String critique(String solution, String referenceRationale, boolean answerCorrect) {
        return written(stepVerdicts(solution, referenceRationale), answerCorrect);
    }

    /**
     * The critique of {@code solution} without the grader's verdict, as at test time: the final verdict is
     * "correct" only when every step is. It still compares the steps with the reference.
     */
    public static String judge(String solution, String referenceRationale) {
        List<StepVerdict> verdicts = stepVerdicts(solution, referenceRationale);
        return written(verdicts, verdicts.stream().allMatch(StepVerdict::correct));
    }

    private static List<StepVerdict> stepVerdicts(String solution, String referenceRationale) {
        List<StepCheck> checks = ArithmeticSteps.check(solution);
        List<Step> reference = ArithmeticSteps.parse(referenceRationale);
        List<StepVerdict> verdicts = new ArrayList<>();
        for (int i = 0; i < checks.size(); i++) {
            verdicts.add(
                    verdict(i + 1, checks.get(i), i < reference.size() ? reference.get(i) : null, reference.size()));
        }
        if (checks.size() < reference.size()) {
            Step next = reference.get(checks.size());
            verdicts.add(new StepVerdict(
                    checks.size() + 1,
                    false,
                    checks.isEmpty()
                            ? "no step of the form a op b = c; the reference starts with " + written(next)
                            : "missing: the reference continues with " + written(next)));
        } else if (checks.isEmpty()) {
            verdicts.add(new StepVerdict(1, false, "no step of the form a op b = c"));
        }
        return verdicts;
    }

    private static String written(List<StepVerdict> verdicts, boolean correct) {
        StringBuilder text = new StringBuilder();
        verdicts.forEach(v -> text.append(Critique.format(v)).append('\n'));
        return text.append("Verdict: ").append(correct ? "correct" : "wrong").toString();
    }

    private static StepVerdict verdict(int number, StepCheck check, Step expected, int referenceSteps) {
        Step step = check.step();
        if (!check.arithmeticCorrect()) {
            return new StepVerdict(
                    number,
                    false,
                    written(step) + ", but " + step.left() + " " + step.op() + " " + step.right()
                            + (step.actual().isPresent()
                                    ? " is " + step.actual().getAsLong()
                                    : " overflows"));
        }
        if (!check.continuesPrevious()) {
            return new StepVerdict(number, false, "starts from " + step.left() + ", not from the previous result");
        }
        if (referenceSteps > 0 && expected == null) {
            return new StepVerdict(number, false, "the reference is done after " + referenceSteps + " step(s)");
        }
        if (expected != null
                && (expected.op() != step.op() || expected.right() != step.right() || expected.left() != step.left())) {
            return new StepVerdict(
                    number,
                    false,
                    written(step) + " is not the step needed here: the reference computes " + written(expected));
        }
        return new StepVerdict(number, true, written(step));
    }

    private static String written(Step step) {
        return step.left() + " " + step.op() + " " + step.right() + " = " + step.claimed();
    }
}
