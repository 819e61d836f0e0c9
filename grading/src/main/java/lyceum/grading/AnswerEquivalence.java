// Stays whole: one decision procedure, its rules tried cheapest first in one order.
package lyceum.grading;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Decides whether a predicted answer is equivalent to a reference answer. Both are answers already
 * extracted from their texts; both are normalized ({@link LatexNormalizer}) and parsed
 * ({@link AnswerParser}) the same way.
 *
 * <p>Rules, cheapest first:
 * <ol>
 * <li>Equal normalized text (spaces ignored; answers made only of words also ignore case).</li>
 * <li>Numbers are compared exactly as rationals: "0.5", "1/2", {@code \frac12}, "2 1/2" = "5/2",
 *     "1{,}000" = "10^{3}" = "1e3". Fractions need not be reduced ("2/4" equals "1/2"): the grader
 *     judges values, not the form a problem may ask for.</li>
 * <li>Rounded decimals: a decimal with at least {@value #ROUNDED_DECIMAL_MIN_DIGITS} significant
 *     digits and p places also matches a value that cannot be written with p places (1/3, 8/3,
 *     {@code \sqrt{3}}, {@code \pi}) when it is that value rounded (half up) or truncated to p
 *     places: "0.3333" and "2.6667" match 1/3 and 8/3, "1.732" matches {@code \sqrt{3}}, "0.8661"
 *     does not match {@code \sqrt{3}/2} = 0.86602..., and "0.333" (three digits) does not match 1/3.
 *     Two terminating decimals are always compared exactly: "1234567.1" never matches "1234567.2".</li>
 * <li>Percentages: a side written with "%" may stand for x or for x/100, on either side:
 *     gold "50%" accepts "50", "0.5" and "50%"; "10%" never matches "1000".</li>
 * <li>Expressions go to the symbolic engine ({@link SymjaEngine}): equal when their difference
 *     simplifies to 0, when variable-free values agree to a relative 1e-9, or when they agree at
 *     fixed probe points for their variables.</li>
 * <li>Relations: an equation "a=b" is "a-b=0", equivalent to another when the two differences are
 *     proportional (x+y=2 and 2x+2y=4, either way round); inequalities when the factor is positive
 *     and strictness agrees ("x>3" and "3<x"). A one-variable inequality against constants is the
 *     interval it describes ("x \ge 3" equals "[3,\infty)").</li>
 * <li>Assignments: when the reference is not a relation, a predicted "x = 3", "a = b = 3" or
 *     "2+1 = 3" is read by its last side (but "5x-7y+4 = 0" is not read as 0); a reference
 *     "y = 2x+1" accepts "2x+1".</li>
 * <li>Collections: sets {@code \{..\}} and bare lists "1, 2" ignore order (a bare list is a list of
 *     solutions, so "10, 4, -2" equals "4, 10, -2", unlike Hendrycks' string check); tuples keep it
 *     ("(1,2)" is not "(2,1)"); a bare list against a tuple is read in order. Intervals need equal
 *     end points and equal open/closed ends. "(a,b)" is both a point and an open interval: it
 *     matches "(a,b)" and never an interval with a closed end. Unions ignore the order of their
 *     parts. Matrices compare cell by cell. A one-element set equals its element.</li>
 * <li>Labels: "AB=4", "f(x)=1", "|AB|=1", "(p,q)=(3,2)", "V_1:V_2=11:21" state the value after
 *     the label, on either side. Several labelled values ("AB=4, CD=5") compare by label against
 *     labelled values and in order against bare ones; in any order when the labels name one
 *     quantity's values (x_1, x_2) or the bare answer is a set. A chain with a label, "x = 5+5+1 = 11",
 *     states its last side. An exact value followed by an approximation, {@code \frac{\sqrt3}{3}
 *     \approx 0.577}, is the exact value.</li>
 * <li>Several answers: boxes next to one another are one list ({@link AnswerExtractor}); "and",
 *     "or" and ";" separate answers like commas; a union of finite sets is one set; one value
 *     written in several forms ("15\frac{39}{40} or \frac{639}{40}") is that value.</li>
 * <li>Inequalities: a double inequality around a named quantity ("0 < f(x) < 1") and one around an
 *     absolute value ("1 \le |z| \le 3/2", the union of two intervals) are the sets they describe; two
 *     inequalities that are not both intervals compare as written ("x < 2" and "-x > -2").</li>
 * <li>Words (text answers) ignore case, spaces and punctuation; choice letters ignore brackets.</li>
 * <li>A number written in a base, {@code 2516_8}, equals the same digits written with or without
 *     the base subscript.</li>
 * </ol>
 *
 * <p>Not equivalent by design or not handled: a value in degrees against radians (30 vs
 * {@code \pi/6}); conversions between units (units are dropped, not converted); "all real numbers"
 * against {@code (-\infty,\infty)}; a column vector against a tuple; matrix arithmetic left undone
 * ("A + B" is not its sum); sums and integrals (compared as text).
 *
 * <p>Policy choices are {@link GraderSettings}: decimal commas, equations up to a factor, an
 * inequality for an interval reference, ordered lists.
 */
final class AnswerEquivalence {

    private static final Pattern LABEL_SUBSCRIPT = Pattern.compile("_.*$");

    /**
     * Answers nested deeper than this are compared as written only: the parser, the normaliser and
     * the TeX translation recurse per level, and no real answer nests this deep.
     */
    static final int MAX_NESTING = 50;
    /**
     * Answers longer than this are compared as written only: building and evaluating expressions
     * grows faster than their length, and real final answers are far shorter.
     */
    static final int MAX_ANSWER_CHARS = 1000;

    /** Significant digits a decimal needs before it may stand for a rounded value. */
    static final int ROUNDED_DECIMAL_MIN_DIGITS = 4;

    /** A number with a comma that cannot be a thousands separator: "2,74", "1000,99", "0,111". */
    private static final java.util.regex.Pattern DECIMAL_COMMA =
            java.util.regex.Pattern.compile("[-+]?(?:\\d+,(?:\\d{1,2}|\\d{4,})|\\d{4,},\\d+|0,\\d+)");

    private final Supplier<SymjaEngine> symja;
    private final GraderSettings settings;

    AnswerEquivalence(Supplier<SymjaEngine> symja, GraderSettings settings) {
        this.symja = symja;
        this.settings = settings;
    }

    /** The decision and the rule that made it; {@code symjaCalls} counts symbolic-engine calls. */
    record Decision(boolean equivalent, String rule, int symjaCalls) {}

    Decision compare(String reference, String predicted) {
        if (predicted == null || predicted.isBlank()) {
            return new Decision(false, "no-answer", 0);
        }
        if (reference.length() > MAX_ANSWER_CHARS || predicted.length() > MAX_ANSWER_CHARS) {
            return new Decision(reference.strip().equals(predicted.strip()), "answer-too-long", 0);
        }
        if (Braces.depth(reference) > MAX_NESTING || Braces.depth(predicted) > MAX_NESTING) {
            return new Decision(reference.strip().equals(predicted.strip()), "too-deeply-nested", 0);
        }
        String gold = decimalComma(LatexNormalizer.normalize(reference));
        String pred = decimalComma(LatexNormalizer.normalize(predicted));
        if (pred.isEmpty()) {
            return new Decision(false, "no-answer", 0);
        }
        if (sameText(gold, pred)) {
            return new Decision(true, "normalized-string", 0);
        }
        MathAnswer goldAnswer = AnswerParser.parse(gold);
        if (!settings.inequalityForInterval()
                && isSet(goldAnswer)
                && !AnswerParser.readsAsInequality(gold)
                && AnswerParser.readsAsInequality(pred)) {
            return new Decision(false, "inequality-for-interval", 0);
        }
        Comparison c = new Comparison();
        MathAnswer predAnswer = AnswerParser.parse(pred);
        boolean equal = c.answers(goldAnswer, predAnswer);
        if (!equal
                && !c.timedOut
                && goldAnswer.getClass() != predAnswer.getClass()
                && AnswerParser.readsAsInequality(gold)
                && AnswerParser.readsAsInequality(pred)) {
            // "x < 2" (an interval) against "-x > -2" (no variable alone): the inequalities as written
            MathAnswer.Relation a = AnswerParser.writtenRelation(gold);
            MathAnswer.Relation b = AnswerParser.writtenRelation(pred);
            equal = a != null && b != null && c.answers(a, b);
        }
        if (!equal
                && !c.timedOut
                && pred.contains("\\approx")
                && NumericLiteral.parse(gold).isPresent()) {
            // a reference given as a rounded number matches the approximation a prediction ends with:
            // "\\frac{7}{9} \\times 10 \\approx 7.78" against 7.78
            List<String> parts = Braces.splitTopLevel(pred, "\\approx");
            equal = c.answers(goldAnswer, AnswerParser.parse(parts.get(parts.size() - 1)));
        }
        String rule = equal ? c.rule : c.timedOut ? "symja-timeout" : "different";
        return new Decision(equal, rule, c.symjaCalls);
    }

    /** With {@link GraderSettings#decimalComma()}: "2,74" and "1000,99" are decimals; "1,000" stays 1000. */
    private String decimalComma(String normalized) {
        if (settings.decimalComma() && DECIMAL_COMMA.matcher(normalized).matches()) {
            return normalized.replace(',', '.');
        }
        return normalized;
    }

    private static boolean isSet(MathAnswer a) {
        return a instanceof MathAnswer.Interval
                || a instanceof MathAnswer.Union
                || a instanceof MathAnswer.Tuple t && t.items().size() == 2 && t.open() == '(';
    }

    private static boolean sameText(String a, String b) {
        if (LatexNormalizer.compact(a).equals(LatexNormalizer.compact(b))) {
            return true;
        }
        return LatexNormalizer.isWordsOnly(a)
                && LatexNormalizer.isWordsOnly(b)
                && LatexNormalizer.foldCase(a).equals(LatexNormalizer.foldCase(b));
    }

    /** One comparison: shares variable names between both sides and records how it was decided. */
    private final class Comparison {
        private final TexToSymja.Symbols symbols = new TexToSymja.Symbols();
        private String rule = "different";
        private int symjaCalls;
        private boolean timedOut;

        boolean answers(MathAnswer gold, MathAnswer pred) {
            MathAnswer g = gold;
            MathAnswer p = pred;
            if (p instanceof MathAnswer.Relation r && !(g instanceof MathAnswer.Relation) && isAssignment(r)) {
                p = AnswerParser.parse(r.sides().get(r.sides().size() - 1));
                return decided(answers(g, p), "assignment");
            }
            if (g instanceof MathAnswer.Relation r
                    && !(p instanceof MathAnswer.Relation)
                    && r.isEquation()
                    && r.sides().size() == 2
                    && AnswerParser.isLabel(r.sides().get(0))) {
                return decided(
                        answers(AnswerParser.parse(r.sides().get(r.sides().size() - 1)), p), "assignment");
            }
            if (g instanceof MathAnswer.Labelled a) {
                return labelled(a, p);
            }
            if (p instanceof MathAnswer.Labelled b && !(g instanceof MathAnswer.Labelled)) {
                return decided(isCollection(g) && values(b, g), "labelled");
            }
            if (g instanceof MathAnswer.Choice a && p instanceof MathAnswer.Choice b) {
                return decided(a.letter() == b.letter(), "choice");
            }
            if (g instanceof MathAnswer.Text a && p instanceof MathAnswer.Text b) {
                return decided(a.words().equals(b.words()), "text");
            }
            if (g instanceof MathAnswer.Unordered a && p instanceof MathAnswer.Unordered b) {
                if (settings.orderedLists() && !a.braced() && !b.braced()) {
                    return decided(ordered(a.items(), b.items()), "list");
                }
                return decided(unordered(a.items(), b.items()), "set");
            }
            if (g instanceof MathAnswer.Unordered a && !a.braced() && p instanceof MathAnswer.Tuple b) {
                return decided(ordered(a.items(), b.items()), "tuple");
            }
            if (g instanceof MathAnswer.Tuple a && p instanceof MathAnswer.Unordered b && !b.braced()) {
                return decided(ordered(a.items(), b.items()), "tuple");
            }
            if (p instanceof MathAnswer.Unordered b
                    && !b.braced()
                    && b.items().size() > 1
                    && !isCollection(g)
                    && b.items().stream().allMatch(x -> answers(g, x))) {
                // "15\\frac{39}{40} or \\frac{639}{40}": one value written in several forms
                return decided(true, "same-value-forms");
            }
            if (g instanceof MathAnswer.Unordered a
                    && !a.braced()
                    && a.items().size() > 1
                    && !isCollection(p)
                    && allMatchPrediction(a.items(), p)) {
                return decided(true, "same-value-forms");
            }
            if (g instanceof MathAnswer.Unordered a && a.items().size() == 1 && !isCollection(p)) {
                return answers(a.items().get(0), p);
            }
            if (p instanceof MathAnswer.Unordered b && b.items().size() == 1 && !isCollection(g)) {
                return answers(g, b.items().get(0));
            }
            if (g instanceof MathAnswer.Tuple a && p instanceof MathAnswer.Tuple b) {
                boolean sameBrackets = a.items().size() > 2 || a.open() == b.open();
                return decided(sameBrackets && ordered(a.items(), b.items()), "tuple");
            }
            if (g instanceof MathAnswer.Interval a && p instanceof MathAnswer.Interval b) {
                return decided(
                        a.lowClosed() == b.lowClosed()
                                && a.highClosed() == b.highClosed()
                                && answers(a.low(), b.low())
                                && answers(a.high(), b.high()),
                        "interval");
            }
            if (g instanceof MathAnswer.Union a && p instanceof MathAnswer.Union b) {
                return decided(unordered(a.parts(), b.parts()), "union");
            }
            if (g instanceof MathAnswer.Matrix a && p instanceof MathAnswer.Matrix b) {
                return decided(matrices(a, b), "matrix");
            }
            if (g instanceof MathAnswer.Relation a && p instanceof MathAnswer.Relation b) {
                return relations(a, b);
            }
            if (g instanceof MathAnswer.BaseNumber a) {
                return decided(p instanceof MathAnswer.BaseNumber b ? a.equals(b) : sameDigits(a, p), "base-number");
            }
            if (p instanceof MathAnswer.BaseNumber b) {
                return decided(sameDigits(b, g), "base-number");
            }
            if (g instanceof MathAnswer.Scalar a && p instanceof MathAnswer.Scalar b) {
                return scalars(a, b);
            }
            return false;
        }

        private boolean allMatchPrediction(List<MathAnswer> golds, MathAnswer pred) {
            return golds.stream().allMatch(x -> answers(x, pred));
        }

        /**
         * "x = 3", "AB = 4", "f(x) = x+1", "a = b = 3" or "2 \\cdot 4 = 8": an equation that states a
         * value, read by its last side. "5x - 7y + 4 = 0" states no value and is not read that way.
         */
        private boolean isAssignment(MathAnswer.Relation r) {
            List<String> sides = r.sides();
            return r.isEquation()
                    && (AnswerParser.isLabel(sides.get(0))
                            || endsInAssignment(r)
                            || sides.subList(0, sides.size() - 1).stream().allMatch(AnswerParser::isConstant));
        }

        /**
         * A predicted chain of steps that ends in a value, "a+2z = 2z+a = 101" or "... = x = 0". As a
         * reference such a chain is an identity to match, not a value.
         */
        private boolean endsInAssignment(MathAnswer.Relation r) {
            List<String> sides = r.sides();
            return sides.size() > 2
                    && (AnswerParser.isConstant(sides.get(sides.size() - 1))
                            || AnswerParser.isVariable(sides.get(sides.size() - 2)));
        }

        /**
         * A labelled reference: against labelled values with the same labels, value by label
         * ("a_3 = 2, a_{37} = 19" equals "a_{37} = 19, a_3 = 2"); otherwise by its values.
         */
        private boolean labelled(MathAnswer.Labelled a, MathAnswer p) {
            if (p instanceof MathAnswer.Labelled b
                    && a.labels().size() == b.labels().size()) {
                if (new java.util.HashSet<>(a.labels()).equals(new java.util.HashSet<>(b.labels()))) {
                    for (int i = 0; i < a.labels().size(); i++) {
                        int j = b.labels().indexOf(a.labels().get(i));
                        if (!answers(a.values().get(i), b.values().get(j))) {
                            return false;
                        }
                    }
                    return decided(true, "labelled");
                }
                return decided(ordered(a.values(), b.values()), "labelled");
            }
            return decided(values(a, p), "labelled");
        }

        /**
         * Labelled values against bare ones: in order, or in any order when the labels name one
         * quantity's several values (x_1, x_2) or the bare answer is a set in braces.
         */
        private boolean values(MathAnswer.Labelled a, MathAnswer p) {
            List<MathAnswer> items = p instanceof MathAnswer.Tuple t
                    ? t.items()
                    : p instanceof MathAnswer.Unordered u ? u.items() : null;
            if (items == null) {
                return false;
            }
            boolean anyOrder = p instanceof MathAnswer.Unordered u && u.braced()
                    || a.labels().stream()
                                    .map(l -> LABEL_SUBSCRIPT.matcher(l).replaceAll(""))
                                    .distinct()
                                    .count()
                            == 1;
            return anyOrder ? unordered(a.values(), items) : ordered(a.values(), items);
        }

        private boolean decided(boolean equal, String how) {
            if (equal) {
                rule = how;
            }
            return equal;
        }

        private boolean isCollection(MathAnswer a) {
            return a instanceof MathAnswer.Tuple
                    || a instanceof MathAnswer.Unordered
                    || a instanceof MathAnswer.Interval
                    || a instanceof MathAnswer.Union
                    || a instanceof MathAnswer.Matrix;
        }

        private boolean ordered(List<MathAnswer> a, List<MathAnswer> b) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!answers(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }

        /** Multiset equality: every reference item pairs with its own predicted item. */
        private boolean unordered(List<MathAnswer> a, List<MathAnswer> b) {
            if (a.size() != b.size()) {
                return false;
            }
            boolean[] used = new boolean[b.size()];
            outer:
            for (MathAnswer x : a) {
                for (int j = 0; j < b.size(); j++) {
                    if (!used[j] && answers(x, b.get(j))) {
                        used[j] = true;
                        continue outer;
                    }
                }
                return false;
            }
            return true;
        }

        private boolean matrices(MathAnswer.Matrix a, MathAnswer.Matrix b) {
            if (a.rows().size() != b.rows().size()) {
                return false;
            }
            for (int i = 0; i < a.rows().size(); i++) {
                if (!ordered(a.rows().get(i), b.rows().get(i))) {
                    return false;
                }
            }
            return true;
        }

        private boolean sameDigits(MathAnswer.BaseNumber based, MathAnswer other) {
            return other instanceof MathAnswer.Scalar s
                    && !s.percent()
                    && LatexNormalizer.compact(s.latex()).equalsIgnoreCase(based.digits());
        }

        // ---- relations --------------------------------------------------------------------------

        private boolean relations(MathAnswer.Relation a, MathAnswer.Relation b) {
            String la = AnswerParser.label(a);
            if (la != null
                    && la.equals(AnswerParser.label(b))
                    && (a.sides().size() > 2 || b.sides().size() > 2)) {
                // "x = 5+5+1 = 11" against "x = 11": the value each states for the same name
                return decided(answers(AnswerParser.labelledValue(a), AnswerParser.labelledValue(b)), "assignment");
            }
            if (a.sides().size() != b.sides().size()) {
                return false;
            }
            if (a.sides().size() > 2) {
                // chains: the same operators between equivalent sides
                if (!a.ops().equals(b.ops())) {
                    return false;
                }
                for (int i = 0; i < a.sides().size(); i++) {
                    if (!answers(
                            AnswerParser.parse(a.sides().get(i)),
                            AnswerParser.parse(b.sides().get(i)))) {
                        return false;
                    }
                }
                return decided(true, "relation");
            }
            Oriented x = Oriented.of(a);
            Oriented y = Oriented.of(b);
            if (!x.kind.equals(y.kind)) {
                return false;
            }
            String xg = LatexNormalizer.compact(x.greater);
            String yg = LatexNormalizer.compact(y.greater);
            if (x.kind.equals("=") && xg.equals(yg)) {
                // the same left side, as in "y = 2x+3" against "y = 3+2x": compare the right sides
                return decided(answers(AnswerParser.parse(x.lesser), AnswerParser.parse(y.lesser)), "relation");
            }
            if (xg.equals(yg) && LatexNormalizer.compact(x.lesser).equals(LatexNormalizer.compact(y.lesser))) {
                return decided(true, "relation");
            }
            String d1;
            String d2;
            try {
                d1 = "(" + TexToSymja.translate(x.greater, symbols) + ")-(" + TexToSymja.translate(x.lesser, symbols)
                        + ")";
                d2 = "(" + TexToSymja.translate(y.greater, symbols) + ")-(" + TexToSymja.translate(y.lesser, symbols)
                        + ")";
            } catch (TexToSymja.Unsupported e) {
                return false;
            }
            boolean inequality = x.kind.equals("<") || x.kind.equals("<=");
            return decided(
                    outcome(symja().proportional(
                                    d1, d2, symbols.symbols(), inequality, !settings.equationsUpToScaling())),
                    "relation");
        }

        /** A relation as "greater kind lesser": a<b becomes b>a, so either writing compares alike. */
        private record Oriented(String greater, String kind, String lesser) {
            static Oriented of(MathAnswer.Relation r) {
                String left = r.sides().get(0);
                String right = r.sides().get(1);
                switch (r.ops().get(0)) {
                    case "<":
                        return new Oriented(right, "<", left);
                    case "<=":
                        return new Oriented(right, "<=", left);
                    case ">":
                        return new Oriented(left, "<", right);
                    case ">=":
                        return new Oriented(left, "<=", right);
                    default:
                        return new Oriented(left, r.ops().get(0), right);
                }
            }
        }

        // ---- scalars ----------------------------------------------------------------------------

        /** A scalar as it may be read: its text, and its exact value when it is a plain number. */
        private record Reading(String latex, NumericLiteral literal) {}

        private boolean scalars(MathAnswer.Scalar gold, MathAnswer.Scalar pred) {
            if (gold.percent() || pred.percent()) {
                for (Reading g : readings(gold)) {
                    for (Reading p : readings(pred)) {
                        if (values(g, p)) {
                            return decided(true, "percent");
                        }
                    }
                }
                return false;
            }
            return values(reading(gold.latex()), reading(pred.latex()));
        }

        private List<Reading> readings(MathAnswer.Scalar s) {
            Reading plain = reading(s.latex());
            if (!s.percent()) {
                return List.of(plain);
            }
            List<Reading> out = new ArrayList<>();
            out.add(plain);
            if (plain.literal != null) {
                NumericLiteral l = plain.literal;
                Rational hundredth = new Rational(BigInteger.ONE, BigInteger.valueOf(100));
                out.add(new Reading(
                        null,
                        new NumericLiteral(
                                l.value().times(hundredth),
                                l.decimalPlaces() == 0 ? 0 : l.decimalPlaces() + 2,
                                l.significantDigits())));
            } else {
                out.add(new Reading("\\frac{" + s.latex() + "}{100}", null));
            }
            return out;
        }

        private Reading reading(String latex) {
            return new Reading(latex, NumericLiteral.parse(latex).orElse(null));
        }

        private boolean values(Reading g, Reading p) {
            if (g.latex != null
                    && p.latex != null
                    && LatexNormalizer.compact(g.latex).equals(LatexNormalizer.compact(p.latex))) {
                return decided(true, "normalized-string");
            }
            if (g.literal != null && p.literal != null) {
                if (g.literal.value().equals(p.literal.value())) {
                    return decided(true, "exact-number");
                }
                return decided(
                        roundedMatch(g.literal, p.literal.value()) || roundedMatch(p.literal, g.literal.value()),
                        "rounded-decimal");
            }
            NumericLiteral rounded = g.literal != null ? g.literal : p.literal;
            String other = g.literal != null ? p.latex : g.latex;
            if (rounded != null && rounded.isRoundedDecimal() && AnswerParser.isConstant(other)) {
                return decided(roundedMatchSymbolic(rounded, other), "rounded-decimal");
            }
            String a = g.latex != null ? g.latex : g.literal.value().toString();
            String b = p.latex != null ? p.latex : p.literal.value().toString();
            return decided(symbolic(a, b), "symbolic");
        }

        /** A decimal with enough digits is the other value rounded or truncated to its places. */
        private boolean roundedMatch(NumericLiteral decimal, Rational value) {
            if (!decimal.isRoundedDecimal() || value.terminates()) {
                return false;
            }
            BigDecimal exact = value.truncated(decimal.decimalPlaces() + 30);
            return roundsTo(exact, decimal);
        }

        private boolean roundedMatchSymbolic(NumericLiteral decimal, String latex) {
            String expression;
            try {
                expression = TexToSymja.translate(latex, symbols);
            } catch (TexToSymja.Unsupported e) {
                return false;
            }
            if (decimal.significantDigits() > 200) {
                return false;
            }
            if (decimal.significantDigits() > 15) {
                // beyond a double's digits: the value to 20 digits more than written
                Optional<BigDecimal> precise = symja().decimalValue(expression, decimal.significantDigits() + 20);
                return precise.isPresent() && roundsTo(precise.get(), decimal);
            }
            Optional<Double> value = symja().realValue(expression);
            // A double carries about 16 significant digits: enough for any decimal of 15 digits or fewer.
            return value.isPresent() && roundsTo(new BigDecimal(value.get()), decimal);
        }

        private boolean roundsTo(BigDecimal value, NumericLiteral decimal) {
            int places = decimal.decimalPlaces();
            BigDecimal written = decimal.value().truncated(places);
            return value.setScale(places, RoundingMode.HALF_UP).compareTo(written) == 0
                    || value.setScale(places, RoundingMode.DOWN).compareTo(written) == 0;
        }

        private boolean symbolic(String gold, String pred) {
            String a;
            String b;
            try {
                a = TexToSymja.translate(gold, symbols);
                b = TexToSymja.translate(pred, symbols);
            } catch (TexToSymja.Unsupported e) {
                return false;
            }
            return outcome(symja().sameValue(a, b, symbols.symbols()));
        }

        private boolean outcome(SymjaEngine.Outcome o) {
            if (o == SymjaEngine.Outcome.TIMEOUT) {
                timedOut = true;
            }
            return o == SymjaEngine.Outcome.EQUAL;
        }

        private SymjaEngine symja() {
            symjaCalls++;
            return symja.get();
        }
    }
}
