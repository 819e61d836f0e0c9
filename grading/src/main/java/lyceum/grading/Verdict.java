package lyceum.grading;

/**
 * The outcome of grading one response against one reference.
 *
 * @param equivalent    whether the extracted answer is equivalent to the reference answer
 * @param extracted     the answer read from the response; "" when none was found
 * @param reference     the answer read from the gold text (a bare answer, or the one a solution ends with)
 * @param rule          the rule that decided, for audits (e.g. "exact-number", "symbolic", "no-answer")
 * @param symjaCalls    how many comparisons needed the computer-algebra system
 * @param graderVersion {@link Grader#VERSION} of the grader that produced this verdict
 */
public record Verdict(
        boolean equivalent, String extracted, String reference, String rule, int symjaCalls, String graderVersion) {

    /** Whether the symbolic engine was needed to reach this verdict. */
    public boolean usedSymja() {
        return symjaCalls > 0;
    }
}
