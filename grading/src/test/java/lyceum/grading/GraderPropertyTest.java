package lyceum.grading;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * The grader on arbitrary text: whatever a model writes, grading ends in a verdict that names the
 * grader version, and never in an exception or a grader defect. A short Symja limit keeps the run fast;
 * a comparison that hits it is a verdict too ("symja-timeout").
 */
class GraderPropertyTest {

    private static final SymjaEngine ENGINE = SymjaEngine.create(1, Duration.ofMillis(500));
    private static final Grader GRADER = Grader.withEngine(ENGINE);
    private static final Grader DECIMAL_COMMA_GRADER =
            Grader.withEngine(ENGINE, GraderSettings.MATH.with("decimalComma", true));
    private static final Grader STRICT_GRADER = Grader.withEngine(
            ENGINE,
            GraderSettings.MATH
                    .with("orderedLists", true)
                    .with("inequalityForInterval", false)
                    .with("equationsUpToScaling", false));
    private static final Grader NUMERIC_GRADER = Grader.withEngine(ENGINE, GraderSettings.NUMERIC);

    @Property(tries = 200)
    void anyTextGetsAVerdict(@ForAll("texts") String gold, @ForAll("texts") String response) {
        assertGraded(GRADER.grade(gold, response));
        assertGraded(GRADER.gradeAnswer(gold, response));
    }

    @Property(tries = 150)
    void latexLikeTextGetsAVerdict(@ForAll("latexish") String gold, @ForAll("latexish") String response) {
        assertGraded(GRADER.grade(gold, response));
        assertGraded(GRADER.grade("\\boxed{" + gold + "}", "\\boxed{" + response + "}"));
        assertGraded(GRADER.gradeAnswer(gold, response));
    }

    @Property(tries = 20)
    void hugeAndDeeplyNestedResponsesGetAVerdict(@ForAll("huge") String response) {
        assertGraded(GRADER.grade("42", response));
        assertGraded(GRADER.grade("\\frac{1}{2}", response));
        assertGraded(GRADER.grade(response, "42"));
    }

    /** Non-numeric references read responses by their math groups, joined boxes and labels too. */
    @Property(tries = 20)
    void hugeResponsesAgainstMathReferencesGetAVerdict(@ForAll("huge") String response) {
        assertGraded(GRADER.grade("x \\ge 3", response));
        assertGraded(GRADER.grade("(1,2), (3,4)", response));
        assertGraded(GRADER.grade("AB=4, CD=5", response));
        assertGraded(DECIMAL_COMMA_GRADER.grade("2,74", response));
    }

    @Property(tries = 100)
    void latexLikeTextGetsAVerdictUnderEverySetting(
            @ForAll("latexish") String gold, @ForAll("latexish") String response) {
        assertGraded(DECIMAL_COMMA_GRADER.grade(gold, response));
        assertGraded(STRICT_GRADER.grade(gold, response));
        assertGraded(NUMERIC_GRADER.grade(gold, response));
    }

    @Property(tries = 200)
    void wellFormedAnswersEqualThemselves(@ForAll("wellFormed") String answer) {
        Verdict self = GRADER.gradeAnswer(answer, answer);
        assertGraded(self);
        assertThat(self.equivalent()).as("%s against itself: %s", answer, self).isTrue();
        assertThat(GRADER.grade(answer, "The answer is " + answer + ".").equivalent())
                .isTrue();
        assertThat(GRADER.grade(answer, "So $\\boxed{" + answer + "}$").equivalent())
                .isTrue();
    }

    @Property(tries = 200)
    void anIntegersRenderingsAreEquivalent(@ForAll @LongRange(min = -10_000_000, max = 10_000_000) long n) {
        String plain = Long.toString(n);
        for (String form : List.of(
                plain,
                plain + ".0",
                plain + ".00",
                "\\boxed{" + plain + "}",
                "$" + plain + "$",
                "\\frac{" + (2 * n) + "}{2}",
                String.format("%,d", n))) {
            Verdict v = GRADER.gradeAnswer(plain, form);
            assertThat(v.equivalent()).as("%s against %s: %s", plain, form, v).isTrue();
        }
        assertThat(GRADER.gradeAnswer(plain, Long.toString(n + 1)).equivalent()).isFalse();
    }

    @Property(tries = 200)
    void aFractionsRenderingsAreEquivalent(
            @ForAll @IntRange(min = -999, max = 999) int numerator,
            @ForAll @IntRange(min = 1, max = 999) int denominator) {
        String frac = "\\frac{" + numerator + "}{" + denominator + "}";
        List<String> forms = new java.util.ArrayList<>(List.of(
                numerator + "/" + denominator,
                "\\dfrac{" + numerator + "}{" + denominator + "}",
                "\\frac{" + (3 * numerator) + "}{" + (3 * denominator) + "}"));
        BigDecimal exact = exactDecimal(numerator, denominator);
        if (exact != null) {
            forms.add(exact.toPlainString());
        }
        for (String form : forms) {
            Verdict v = GRADER.gradeAnswer(frac, form);
            assertThat(v.equivalent()).as("%s against %s: %s", frac, form, v).isTrue();
        }
    }

    /** Found by the properties above: these overflowed the stack of the recursive parsers. */
    @Example
    void deeplyNestedAnswersAreComparedAsWritten() {
        String nestedFraction = "\\frac{1}{".repeat(5_000) + "2" + "}".repeat(5_000);
        Verdict asGold = GRADER.grade(nestedFraction, "42");
        assertGraded(asGold);
        assertThat(asGold.rule()).isIn("too-deeply-nested", "answer-too-long");
        Verdict parens = GRADER.gradeAnswer("(".repeat(200) + "1" + ")".repeat(200), "1");
        assertThat(parens.rule()).isEqualTo("too-deeply-nested");
        assertThat(parens.equivalent()).isFalse();
        assertThat(GRADER.gradeAnswer("{".repeat(60), "{".repeat(60)).equivalent())
                .isTrue();
        assertThat(GRADER.gradeAnswer("1+".repeat(5_000) + "1", "5001").rule()).isEqualTo("answer-too-long");
    }

    /** What a generation worker leaves of control characters beside an answer does not change it. */
    @Example
    void replacementCharactersAroundAnAnswerAreIgnored() {
        assertThat(GRADER.grade("5", "2 + 3 = 5\n#### 5\ufffd").equivalent()).isTrue();
        assertThat(GRADER.grade("\\frac{1}{2}", "\\boxed{\ufffd\\frac{1}{2}}").equivalent())
                .isTrue();
        assertThat(GRADER.grade("5", "#### 6\ufffd").equivalent()).isFalse();
    }

    private static void assertGraded(Verdict v) {
        assertThat(v).isNotNull();
        assertThat(v.graderVersion()).isEqualTo(Grader.VERSION);
        assertThat(v.rule()).as("verdict %s", brief(v.toString())).isNotNull().isNotEqualTo("grader-error");
        assertThat(v.extracted()).isNotNull();
        assertThat(v.reference()).isNotNull();
    }

    /** Failure messages show the start of a huge input, not megabytes of it. */
    private static String brief(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "... (" + text.length() + " chars)";
    }

    private static BigDecimal exactDecimal(int numerator, int denominator) {
        try {
            return new BigDecimal(numerator).divide(new BigDecimal(denominator));
        } catch (ArithmeticException nonTerminating) {
            return null;
        }
    }

    // ---- generators --------------------------------------------------------------------------------

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(200),
                Arbitraries.strings()
                        .withChars("0123456789+-*/=.,$#{}()[]^_\\ \nabcxyz%")
                        .ofMaxLength(120),
                Arbitraries.strings().withCharRange('\u0000', '\u001f').ofMaxLength(40),
                Arbitraries.strings().withCharRange('\ud800', '\udfff').ofMaxLength(20),
                Arbitraries.of(
                        "",
                        " ",
                        "####",
                        "\\boxed{",
                        "}",
                        "\\boxed{}",
                        "The answer is",
                        "Answer:",
                        "(A)",
                        "\u0000",
                        "NaN",
                        "Infinity",
                        "1e999999999",
                        "0/0",
                        "1/0",
                        "\\frac{1}{0}"));
    }

    /** Answer-shaped text built from the tokens the parser and the TeX translation know. */
    @Provide
    Arbitrary<String> latexish() {
        Arbitrary<String> token = Arbitraries.of(
                "\\frac",
                "\\dfrac",
                "\\sqrt",
                "\\boxed",
                "\\left(",
                "\\right)",
                "\\pi",
                "\\infty",
                "\\cdot",
                "\\times",
                "\\le",
                "\\ge",
                "\\cup",
                "\\text{",
                "\\pmatrix",
                "\\begin{pmatrix}",
                "\\end{pmatrix}",
                "&",
                "\\\\",
                "{",
                "}",
                "(",
                ")",
                "[",
                "]",
                "^",
                "_",
                "=",
                "<",
                ">",
                ",",
                "+",
                "-",
                "/",
                "*",
                "!",
                "%",
                "\\%",
                "$",
                "x",
                "y",
                "n",
                "i",
                "e",
                "0",
                "1",
                "2",
                "7",
                "12",
                "3.5",
                "0.333",
                "10^{100}",
                "99999999999999999999",
                "base",
                "_{2}",
                "\\sin",
                "\\log",
                "\\ln",
                " ",
                "\\,",
                "\\!",
                "\\emptyset",
                "\\mathbb{R}",
                "deg",
                "^\\circ",
                "\\approx",
                ";",
                "\\quad",
                "\\text{ and }",
                " or ",
                "|",
                "\\begin{array}{cc}",
                "\\end{array}",
                "AB",
                "x_{1}",
                "f(x)",
                ":",
                "\\(",
                "\\)",
                "\\[",
                "\\]",
                "$$",
                "\u7b54\u6848\u662f",
                "\u00b2",
                "m\u00b2",
                "pct",
                "\\neq",
                "1,5",
                "0,25",
                "1 000",
                "\\boxed{1} and \\boxed{2}",
                "R\u00e9ponse :",
                "is",
                "Final Answer:");
        return token.list().ofMaxSize(25).map(tokens -> String.join("", tokens));
    }

    @Provide
    Arbitrary<String> huge() {
        Arbitrary<Integer> size = Arbitraries.integers().between(2_000, 60_000);
        return Arbitraries.oneOf(
                size.map(n -> "\\boxed{".repeat(n / 7) + "1" + "}".repeat(n / 7)),
                size.map(n -> "{".repeat(n)),
                size.map(n -> "(".repeat(n / 2) + "1" + ")".repeat(n / 2)),
                size.map(n -> "9".repeat(n)),
                size.map(n -> "\\frac{1}{".repeat(n / 9) + "2" + "}".repeat(n / 9)),
                size.map(n -> "1+".repeat(n / 2) + "1"),
                size.map(n -> ("The answer is " + "x".repeat(50) + "\n").repeat(n / 65)),
                size.map(n -> "\\boxed{1}, ".repeat(n / 11)),
                size.map(n -> "\\[".repeat(n / 2)),
                size.map(n -> "\\(".repeat(n / 2) + "1"),
                size.map(n -> "$".repeat(n)),
                size.map(n -> "$$ 1 ".repeat(n / 5)),
                size.map(n -> "x_{1}=1, ".repeat(n / 9)),
                size.map(n -> "1 \\approx ".repeat(n / 10)),
                size.map(n -> "|x| < ".repeat(n / 6) + "1"),
                size.map(n -> "1;".repeat(n / 2)),
                size.map(n -> "\u7b54\u6848\u662f 1 ".repeat(n / 6)),
                size.map(n -> "Final Answer: the value is ".repeat(n / 27)),
                size.map(n -> "1,5 ".repeat(n / 4)),
                Combinators.combine(size, Arbitraries.strings().all().ofLength(64))
                        .as((n, chunk) -> chunk.repeat(Math.max(1, n / 64))));
    }

    @Provide
    Arbitrary<String> wellFormed() {
        Arbitrary<String> integers = Arbitraries.bigIntegers()
                .between(BigInteger.TEN.pow(30).negate(), BigInteger.TEN.pow(30))
                .map(BigInteger::toString);
        Arbitrary<String> decimals = Combinators.combine(
                        Arbitraries.integers().between(-100_000, 100_000),
                        Arbitraries.integers().between(0, 9999))
                .as((whole, part) -> whole + "." + part);
        Arbitrary<String> fractions = Combinators.combine(
                        Arbitraries.integers().between(-1000, 1000),
                        Arbitraries.integers().between(1, 1000))
                .as((p, q) -> "\\frac{" + p + "}{" + q + "}");
        return Arbitraries.oneOf(integers, decimals, fractions);
    }
}
