package lyceum.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A synthetic arithmetic question read back into its steps: "Ann has 23 apples. She gets 15 more, then
 * gives away 9. How many does Ann have now?" is 23 + 15 = 38, 38 - 9 = 29. The phrases are those of
 * {@code lyceum.datasets.SyntheticArithmetic}.
 */
record SyntheticQuestion(long start, List<Step> steps) {

    record Step(long left, char op, long right, long result) {
        String line() {
            return left + " " + op + " " + right + " = " + result;
        }
    }

    private static final Pattern START = Pattern.compile(" has (\\d+) ");
    private static final Pattern STEP = Pattern.compile(
            "(?:gets|finds|buys) (\\d+) more|(?:gives away|loses|sells) (\\d+)|multiplies them by (\\d+)");

    static Optional<SyntheticQuestion> read(String question) {
        Matcher start = START.matcher(question);
        if (!start.find()) {
            return Optional.empty();
        }
        long value = Long.parseLong(start.group(1));
        List<Step> steps = new ArrayList<>();
        Matcher step = STEP.matcher(question);
        step.region(start.end(), question.length());
        while (step.find()) {
            char op;
            long operand;
            long result;
            if (step.group(1) != null) {
                op = '+';
                operand = Long.parseLong(step.group(1));
                result = value + operand;
            } else if (step.group(2) != null) {
                op = '-';
                operand = Long.parseLong(step.group(2));
                result = value - operand;
            } else {
                op = '*';
                operand = Long.parseLong(step.group(3));
                result = value * operand;
            }
            steps.add(new Step(value, op, operand, result));
            value = result;
        }
        return steps.isEmpty()
                ? Optional.empty()
                : Optional.of(new SyntheticQuestion(Long.parseLong(start.group(1)), steps));
    }

    long answer() {
        return steps.get(steps.size() - 1).result();
    }
}
