package lyceum.problem;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lyceum.events.ProblemEvent.StepVerdict;

/**
 * A critique as a critic wrote it and as Lyceum reads it. The format every critic is asked for:
 *
 * <pre>
 * Step 1: correct - 2 + 3 = 5
 * Step 2: wrong - 5 * 4 = 21, but 5 * 4 is 20
 * Verdict: wrong
 * </pre>
 *
 * One "Step k: correct|wrong - why" line per step (the explanation is optional) and a last
 * "Verdict: correct|wrong" on the final answer. Other lines are ignored. A text without a verdict line
 * is unparsed: it is kept and journaled as written, with no step verdicts.
 */
public record Critique(String text, boolean parsed, List<StepVerdict> steps, Boolean finalVerdict) {

    private static final Pattern STEP = Pattern.compile(
            "^\\s*step\\s+(\\d+)\\s*:\\s*(correct|wrong)\\b\\s*(?:[-:\u2013\u2014]\\s*)?(.*)$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern VERDICT =
            Pattern.compile("^\\s*verdict\\s*:\\s*(correct|wrong)\\b.*$", Pattern.CASE_INSENSITIVE);

    public Critique {
        steps = List.copyOf(steps);
    }

    public static Critique parse(String text) {
        String body = text == null ? "" : text;
        List<StepVerdict> steps = new ArrayList<>();
        Boolean verdict = null;
        for (String line : body.split("\n")) {
            Matcher step = STEP.matcher(line);
            Matcher last = VERDICT.matcher(line);
            if (step.matches()) {
                try {
                    steps.add(new StepVerdict(
                            Integer.parseInt(step.group(1)),
                            isCorrect(step.group(2)),
                            step.group(3).strip()));
                } catch (NumberFormatException tooLong) {
                    // a step number beyond int range is not a step
                }
            } else if (last.matches()) {
                verdict = isCorrect(last.group(1));
            }
        }
        return verdict == null ? new Critique(body, false, List.of(), null) : new Critique(body, true, steps, verdict);
    }

    private static boolean isCorrect(String word) {
        return word.toLowerCase(Locale.ROOT).equals("correct");
    }

    public Optional<StepVerdict> firstWrongStep() {
        return steps.stream().filter(s -> !s.correct()).findFirst();
    }

    /**
     * What a teacher tells the student: the first wrong step and why, with the verdict, in the critique
     * format. A critique without a wrong step (or unparsed) is passed on as written.
     */
    public String teacherFeedback() {
        return firstWrongStep().map(s -> format(s) + "\nVerdict: wrong").orElse(text.strip());
    }

    static String format(StepVerdict step) {
        String line = "Step " + step.step() + ": " + (step.correct() ? "correct" : "wrong");
        return step.explanation() == null || step.explanation().isEmpty() ? line : line + " - " + step.explanation();
    }
}
