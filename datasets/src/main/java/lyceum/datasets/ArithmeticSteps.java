package lyceum.datasets;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and checks step-wise arithmetic rationales of the form {@link SyntheticArithmetic} writes:
 * lines "a op b = c" (op one of + - * x) and a final "#### N". A line holds at most one step, found
 * anywhere in it ("Then 5 * 4 = 20.", "Step 2: 5 * 4 = 20"); lines without one are ignored, so a model's
 * prose around its steps does not break the parse.
 */
public final class ArithmeticSteps {

    /** Not inside a longer number or a decimal on either side: "1.5 + 2 = 3.5" holds no step. */
    private static final Pattern STEP =
            Pattern.compile("(?<![\\d.])(-?\\d+)\\s*([-+*x\u00d7])\\s*(-?\\d+)\\s*=\\s*(-?\\d+)(?!\\.?\\d)");

    private static final Pattern FINAL = Pattern.compile("^\\s*####\\s*(-?\\d+)\\s*$");

    private ArithmeticSteps() {}

    /** One step as written: left op right = claimed, on its 1-based line. */
    public record Step(int line, long left, char op, long right, long claimed) {

        /** What left op right really is; empty on overflow. */
        public OptionalLong actual() {
            try {
                switch (op) {
                    case '+':
                        return OptionalLong.of(Math.addExact(left, right));
                    case '-':
                        return OptionalLong.of(Math.subtractExact(left, right));
                    default:
                        return OptionalLong.of(Math.multiplyExact(left, right));
                }
            } catch (ArithmeticException e) {
                return OptionalLong.empty();
            }
        }
    }

    /**
     * A step and its verdicts.
     *
     * @param arithmeticCorrect whether left op right equals the claimed result
     * @param continuesPrevious whether the step starts from the previous step's claimed result
     *                          (always true for the first step)
     */
    public record StepCheck(Step step, boolean arithmeticCorrect, boolean continuesPrevious) {
        public boolean correct() {
            return arithmeticCorrect && continuesPrevious;
        }
    }

    public static List<Step> parse(String rationale) {
        List<Step> steps = new ArrayList<>();
        String[] lines = rationale == null ? new String[0] : rationale.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher m = STEP.matcher(lines[i]);
            if (!lines[i].stripLeading().startsWith("####") && m.find()) {
                try {
                    char op = m.group(2).charAt(0) == '+' || m.group(2).charAt(0) == '-'
                            ? m.group(2).charAt(0)
                            : '*';
                    steps.add(new Step(
                            i + 1,
                            Long.parseLong(m.group(1)),
                            op,
                            Long.parseLong(m.group(3)),
                            Long.parseLong(m.group(4))));
                } catch (NumberFormatException tooLong) {
                    // a number beyond long range is not a step this checker can judge
                }
            }
        }
        return steps;
    }

    /** Each step's arithmetic and its continuity with the step before. */
    public static List<StepCheck> check(String rationale) {
        List<StepCheck> checks = new ArrayList<>();
        Step previous = null;
        for (Step s : parse(rationale)) {
            boolean arithmetic = s.actual().isPresent() && s.actual().getAsLong() == s.claimed();
            boolean continues = previous == null || s.left() == previous.claimed();
            checks.add(new StepCheck(s, arithmetic, continues));
            previous = s;
        }
        return checks;
    }

    /** The number on the last "#### N" line. */
    public static OptionalLong finalAnswer(String rationale) {
        OptionalLong found = OptionalLong.empty();
        for (String line : rationale == null ? new String[0] : rationale.split("\n")) {
            Matcher m = FINAL.matcher(line);
            if (m.matches()) {
                try {
                    found = OptionalLong.of(Long.parseLong(m.group(1)));
                } catch (NumberFormatException tooLong) {
                    found = OptionalLong.empty();
                }
            }
        }
        return found;
    }

    /** Changing what counts as valid reasoning changes this version. */
    public static final String REASONING_VERSION = "lyceum-reasoning/1";

    private static final Pattern NUMBER = Pattern.compile("(?<![\\d.])\\d+(?!\\.?\\d)");

    /**
     * Whether {@code rationale} reasons its way to its answer for {@code question}: {@link #isValid} (every
     * step's arithmetic holds, each step starts from the previous result, "#### N" is the last result) and
     * its operands, the first step's left one then each step's right one, are the question's numbers in
     * the order the question gives them. Empty when the question's own {@code referenceRationale} does
     * not pass that check: then the data's steps cannot be verified this way (GSM8K's, say).
     */
    public static Optional<Boolean> reasoningValid(String question, String referenceRationale, String rationale) {
        if (!isValid(referenceRationale) || !usesNumbersOf(question, referenceRationale)) {
            return Optional.empty();
        }
        return Optional.of(isValid(rationale) && usesNumbersOf(question, rationale));
    }

    private static boolean usesNumbersOf(String question, String rationale) {
        List<Long> given = new ArrayList<>();
        Matcher m = NUMBER.matcher(question == null ? "" : question);
        while (m.find()) {
            try {
                given.add(Long.parseLong(m.group()));
            } catch (NumberFormatException tooLong) {
                return false;
            }
        }
        List<Step> steps = parse(rationale);
        List<Long> used = new ArrayList<>();
        if (!steps.isEmpty()) {
            used.add(steps.get(0).left());
        }
        steps.forEach(s -> used.add(s.right()));
        return used.equals(given);
    }

    /** Whether there is at least one step, every step checks out and "#### N" is the last result. */
    public static boolean isValid(String rationale) {
        List<StepCheck> checks = check(rationale);
        OptionalLong answer = finalAnswer(rationale);
        return !checks.isEmpty()
                && checks.stream().allMatch(StepCheck::correct)
                && answer.isPresent()
                && answer.getAsLong() == checks.get(checks.size() - 1).step().claimed();
    }
}
