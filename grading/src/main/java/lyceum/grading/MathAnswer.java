package lyceum.grading;

import java.util.List;

/**
 * The structure of one normalized answer, as {@link AnswerParser} reads it. Leaves keep their LaTeX
 * text: numbers are read exactly by {@link NumericLiteral}, everything else goes to the symbolic
 * engine only when a cheaper rule cannot decide.
 */
sealed interface MathAnswer {

    /** One mathematical expression, e.g. "3", {@code \frac{\sqrt{3}}{2}}, "x^2+1"; "%" marks a percentage. */
    record Scalar(String latex, boolean percent) implements MathAnswer {}

    /** Digits written in a base, e.g. {@code 2516_8}. */
    record BaseNumber(String digits, String base) implements MathAnswer {}

    /** Words, compared without case, spaces or punctuation: {@code \text{Monday}}, "even". */
    record Text(String words) implements MathAnswer {}

    /** A multiple-choice letter, upper case. */
    record Choice(char letter) implements MathAnswer {}

    /**
     * An equation, inequality or chain of them: sides[i] ops[i] sides[i+1]. Ops are one of
     * "=", "<", "<=", ">", ">=", "!=".
     */
    record Relation(List<String> sides, List<String> ops) implements MathAnswer {
        boolean isEquation() {
            return ops.stream().allMatch("="::equals);
        }
    }

    /**
     * An ordered tuple, point or vector. A two-element tuple in round brackets, "(1,2)", is also how
     * an open interval is written; see {@link AnswerEquivalence} for how that is compared.
     */
    record Tuple(List<MathAnswer> items, char open) implements MathAnswer {}

    /** An interval with at least one closed end, e.g. "[1,2)"; "(1,2)" is read as a {@link Tuple}. */
    record Interval(MathAnswer low, MathAnswer high, boolean lowClosed, boolean highClosed) implements MathAnswer {}

    /**
     * A collection whose order does not matter: a set in braces {@code \{1,2\}} or a bare
     * comma-separated list of solutions "1, 2".
     */
    record Unordered(List<MathAnswer> items, boolean braced) implements MathAnswer {}

    /**
     * Values given with their names, "AB=4, CD=5" or {@code x_1 = 2, x_2 = 3}: labels (compact text)
     * and values in the order written.
     */
    record Labelled(List<String> labels, List<MathAnswer> values) implements MathAnswer {}

    /** A union of intervals or sets, {@code (-\infty,2) \cup (3,\infty)}. */
    record Union(List<MathAnswer> parts) implements MathAnswer {}

    /** A matrix or column vector from a pmatrix/bmatrix environment, by rows. */
    record Matrix(List<List<MathAnswer>> rows) implements MathAnswer {}
}
