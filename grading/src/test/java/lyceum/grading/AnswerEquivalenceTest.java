package lyceum.grading;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Equivalence of bare answers, rule by rule: what must match and what must not. */
class AnswerEquivalenceTest {

    private static final Grader GRADER = Grader.standard();

    static Stream<Arguments> equivalent() {
        return Stream.of(
                // numbers: integers, decimals, fractions, mixed numbers, separators, signs
                same("18", "18.0"),
                same("18", "18.00"),
                same("0.5", "1/2"),
                same("\\frac{1}{2}", "0.5"),
                same("\\frac12", "\\frac{1}{2}"),
                same("\\dfrac{3}{4}", "0.75"),
                same("\\tfrac83", "\\frac{8}{3}"),
                same("\\frac 34", "3/4"),
                same("\\frac9{19}", "\\frac{9}{19}"),
                same("2 1/2", "2.5"),
                same("2\\frac{1}{2}", "\\frac{5}{2}"),
                same("137 \\frac{1}{2}", "275/2"),
                same("1\\frac{4}{5}", "1.8"),
                same("-5", "-5.0"),
                same("-\\frac{3}{8}", "\\frac{-3}{8}"),
                same("-\\frac{3}{8}", "-0.375"),
                same("1000", "1,000"),
                same("1000", "1{,}000"),
                same("10080", "10,\\!080"),
                same("11,\\! 111,\\! 111,\\! 100", "11111111100"),
                same("58,500", "58500"),
                same("1000", "10^{3}"),
                same("1000", "10^3"),
                same("1500", "1.5 \\times 10^{3}"),
                same("1500", "1.5e3"),
                same("0.0015", "1.5\\times10^{-3}"),
                same("1024", "2^{10}"),
                same(".35625", "0.35625"),
                same("0.1", ".1"),
                same("2/4", "1/2"),
                same("6/2", "3"),
                same("\\frac{1}{3}", "0.\\overline{3}"),
                same("0.1\\overline{6}", "\\frac{1}{6}"),
                // units, currency, degrees, text wrappers
                same("10", "10\\text{ units}"),
                same("10", "\\$10"),
                same("18", "$18"),
                same("18.90", "\\$18.90"),
                same("5.4", "5.4 \\text{ cents}"),
                same("15", "15\\mbox{ cm}^2"),
                same("864", "864 \\mbox{ inches}^2"),
                same("30", "30^\\circ"),
                same("30^\\circ", "30"),
                same("106^\\circ", "106^{\\circ}"),
                same("\\frac{270}7\\text{ degrees}", "\\frac{270}{7}"),
                same("18", "18 dollars"),
                same("18", "18 (dollars)"),
                same("18", "\\$18 per day"),
                same("10", "10 \\mathrm{~m}"),
                same("12\\pi", "12\\pi \\text{ square units}"),
                same("2", "2\\,\\text{cm}"),
                same("2e", "2\\mathrm{e}"),
                same("32348", "\\$32,\\!348"),
                same("5", "5 apples"),
                same("12", "twelve"),
                same("105", "one hundred five"),
                same("21", "twenty-one"),
                same("3210", "three thousand two hundred and ten"),
                // percentages (either reading of a percent is accepted)
                same("50\\%", "0.5"),
                same("50%", "50"),
                same("50\\%", "50%"),
                same("0.5", "50%"),
                same("10\\%", "10"),
                same("12.5\\%", "\\frac{1}{8}"),
                // rounded decimals against values they cannot write exactly
                same("\\frac{1}{3}", "0.3333"),
                same("\\frac{1}{12}", "0.0833333333333333"),
                same("\\frac{8}{3}", "2.6667"),
                same("\\sqrt{3}", "1.732"),
                same("\\pi", "3.1416"),
                same("\\frac{\\sqrt{3}}{2}", "0.8660"),
                // LaTeX expressions through the symbolic engine
                same("\\sqrt{12}", "2\\sqrt{3}"),
                same("\\frac{\\sqrt{3}}{3}", "\\frac{1}{\\sqrt{3}}"),
                same("10\\sqrt{3} + \\sqrt4", "10\\sqrt3 + \\sqrt{4}"),
                same("\\sqrt[3]{8}", "2"),
                same("\\sqrt[3]{-8}", "-2"),
                same("\\frac34i", "\\frac{3}{4}i"),
                same("1+2i", "2i+1"),
                same("6 - 5i", "-5i+6"),
                same("3\\pi", "3 \\pi"),
                same("\\frac{20000}{\\pi}", "20000/\\pi"),
                same("2\\cdot 3", "6"),
                same("2 \\times 3", "6"),
                same("x^2+2x+1", "(x+1)^2"),
                same("\\left(x-2\\right)\\left(x+2\\right)", "(x-2)(x+2)"),
                same("(x-2)(x+2)", "x^2-4"),
                same("\\frac{x}{7}+\\frac{2}{7}", "\\frac{x+2}{7}"),
                same("\\sec^2(y)", "\\tan^2(y)+1"),
                same("2^2", "4"),
                same("7(x-3)(x+3)", "7(x+3)(x-3)"),
                same("3s^2", "3*s^2"),
                same("2k+2", "2(k+1)"),
                same("\\frac{11+9a}{20}", "\\frac{11}{20}+\\frac{9a}{20}"),
                same("p - q", "-q+p"),
                same("3R^2", "3 R^2"),
                same("\\cot x", "\\frac{\\cos x}{\\sin x}"),
                same("e^{i\\pi}", "-1"),
                same("\\log_2 8", "3"),
                same("10 - 10i^2", "20"),
                same("\\frac{1}{\\sqrt{2}}", "\\frac{\\sqrt{2}}{2}"),
                same("|-3|", "3"),
                same("\\binom{5}{2}", "10"),
                same("5!", "120"),
                same("\\infty", "\\infty"),
                same("-\\infty", "-\\infty"),
                // equations, inequalities, assignments
                same("y = 2x + 3", "y = 3 + 2x"),
                same("y = 2x+1", "2x+1"),
                same("3", "x = 3"),
                same("3", "a=3"),
                same("3", "k = 3"),
                same("5", "x=5"),
                same("-2x", "y = -2x"),
                same("x + y = 2", "2x + 2y = 4"),
                same("x+y=2", "2 = x + y"),
                same("5x - 7y + 11z + 4 = 0", "-5x + 7y - 11z - 4 = 0"),
                same("x > 3", "3 < x"),
                same("x \\ge 3", "[3, \\infty)"),
                same("x > 3", "(3,\\infty)"),
                same("x < 5", "(-\\infty, 5)"),
                same("2 < x \\le 5", "(2, 5]"),
                same("x+y > 1", "1 < y + x"),
                same("y \\le 2x", "2y \\le 4x"),
                // collections
                same("1, 2", "2,1"),
                same("1,2", "\\{1,2\\}"),
                same("\\{1,2\\}", "\\{2, 1\\}"),
                same("3, 5, 7", "7, 3, 5"),
                same("1 \\pm \\sqrt{19}", "1+\\sqrt{19}, 1-\\sqrt{19}"),
                same("\\{1\\pm\\sqrt{5},-2\\}", "-2, 1-\\sqrt{5}, 1+\\sqrt{5}"),
                same("x=1, x=2", "1, 2"),
                same("1, 2", "x = 2 \\text{ or } x = 1"),
                same("\\{5\\}", "5"),
                same("(1,2)", "(1, 2)"),
                same("(1,4.5)", "(1,\\frac{9}{2})"),
                same("\\left( 3, \\frac{\\pi}{2} \\right)", "(3, \\pi/2)"),
                same("(-\\sqrt{3},\\sqrt{3})", "(-1.732, 1.732)"),
                same("(6,31,-1)", "(6, 31, -1)"),
                same("(1,2,3)", "[1,2,3]"),
                same("(2, 4)", "2, 4"),
                same("[1,2)", "[1, 2)"),
                same("(3,4]", "(3, 4]"),
                same("(-\\infty, 0]", "(-\\infty,0]"),
                same("x \\in [2,5)", "[2,5)"),
                same("[2,5)", "2 \\le x < 5"),
                same("x \\in [-2,7]", "[-2, 7]"),
                same("(0.6,2.6667]", "(\\frac{3}{5},\\frac{8}{3}]"),
                same("(-\\infty, 2) \\cup (3, \\infty)", "(3,\\infty)\\cup(-\\infty,2)"),
                same("\\left[ \\frac{\\pi^2}{8}, \\frac{5 \\pi^2}{4} \\right]", "[\\pi^2/8, 5\\pi^2/4]"),
                same("\\begin{pmatrix} 1/5 \\\\ -18/5 \\end{pmatrix}", "\\begin{pmatrix}0.2\\\\-3.6\\end{pmatrix}"),
                same(
                        "\\begin{pmatrix} -1 & 0 \\\\ 0 & -1 \\end{pmatrix}",
                        "\\begin{bmatrix}-1&0\\\\0&-1\\end{bmatrix}"),
                // words, choices, bases
                same("\\text{Monday}", "monday"),
                same("\\text{east}", "East"),
                same("\\text{Navin}", "Navin"),
                same("\\text{even}", "\\text{ even }"),
                same("\\text{(B)}", "B"),
                same("(C)", "C"),
                same("\\text{(E)}", "(e)"),
                same("2516_8", "2516_8"),
                same("2516_8", "2516"),
                same("4210_{5}", "4210_5"));
    }

    /** Accepted one way only: a prediction may end in "= answer"; a reference is not read that way. */
    static Stream<Arguments> equivalentOneWay() {
        return Stream.of(same("3", "1 + 2 = 3"), same("3", "a = b = 3"), same("8", "2 \\cdot 4 = 8"));
    }

    static Stream<Arguments> different() {
        return Stream.of(
                differ("1/2", "2"),
                differ("\\frac{1}{2}", "2"),
                differ("(1,2)", "(2,1)"),
                differ("[1,2]", "(1,2)"),
                differ("[1,2)", "(1,2)"),
                differ("(1,2]", "[1,2]"),
                differ("x^2", "x^3"),
                differ("10%", "1000"),
                differ("10\\%", "1000"),
                differ("316", "317"),
                differ("1000000", "1000001"),
                differ("1234567.1", "1234567.2"),
                differ("0.333", "\\frac{1}{3}"),
                differ("0.33", "\\frac{1}{3}"),
                differ("3.14", "\\pi"),
                differ("1.41", "\\sqrt{2}"),
                differ("5.51", "\\frac{11}{2}"),
                differ("(6.0+9.1i)", "6+9.2i"),
                differ("\\frac{34}{16}+\\frac{\\sqrt{1358}}{16}", "4"),
                differ("1", "1\\sqrt{19}"),
                differ("x+2n+1", "x+1"),
                differ("5x - 7y + 11z + 4 = 0", "x + y - z + 2 = 0"),
                differ("0", "5x - 7y + 11z + 4 = 0"),
                differ("10\\text{ units}", "100 "),
                differ("\\tfrac{1}{2} + \\frac1{72}", "\\frac{1}{2} + 2/3"),
                differ("x > 3", "x \\ge 3"),
                differ("x > 3", "x < 3"),
                differ("y \\le 2x", "y \\ge 2x"),
                differ("x=1", "x=-1"),
                differ("1, 2", "1, 2, 3"),
                differ("1, 2", "1, 3"),
                differ("\\{1,2\\}", "(1,2)"),
                differ("(1,2,3)", "(3,2,1)"),
                differ("\\sqrt{x^2}", "x"),
                differ("\\pi", "3"),
                differ("\\infty", "-\\infty"),
                differ("(2,\\infty)", "[2,\\infty)"),
                differ("\\text{Monday}", "Tuesday"),
                differ("(B)", "C"),
                differ("\\text{(B)}", "b2"),
                differ("2516_8", "2516_9"),
                differ("2516_8", "1358"),
                differ("0", "-1"),
                differ("1+2i", "1-2i"),
                differ("2x", "2y"),
                differ("x", "X"),
                differ("3R^2", "3r^2"),
                differ("\\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix}", "\\begin{pmatrix} 2 \\\\ 1 \\end{pmatrix}"),
                differ("(-\\infty, 2) \\cup (3, \\infty)", "(-\\infty, 2] \\cup (3, \\infty)"),
                differ("50%", "5"),
                differ("x \\in [2,5)", "[2,5]"),
                differ("12", "twelve apples and 3 pears"),
                differ("-5", "5"),
                differ("\\frac{\\sqrt{3}}{2}", "0.8661"));
    }

    @ParameterizedTest(name = "[{index}] {0}  ==  {1}")
    @MethodSource("equivalent")
    void equivalentAnswersMatch(String gold, String predicted) {
        Verdict v = GRADER.gradeAnswer(gold, predicted);
        assertThat(v.equivalent())
                .as("%s vs %s: rule %s", gold, predicted, v.rule())
                .isTrue();
        assertThat(GRADER.gradeAnswer(predicted, gold).equivalent())
                .as("%s vs %s symmetric", predicted, gold)
                .isTrue();
    }

    @ParameterizedTest(name = "[{index}] {0}  ==  {1}")
    @MethodSource("equivalentOneWay")
    void predictionsEndingInAnAssignmentMatch(String gold, String predicted) {
        assertThat(GRADER.gradeAnswer(gold, predicted).rule()).isEqualTo("assignment");
        assertThat(GRADER.gradeAnswer(predicted, gold).equivalent()).isFalse();
    }

    @ParameterizedTest(name = "[{index}] {0}  !=  {1}")
    @MethodSource("different")
    void differentAnswersDoNotMatch(String gold, String predicted) {
        Verdict v = GRADER.gradeAnswer(gold, predicted);
        assertThat(v.equivalent())
                .as("%s vs %s: rule %s", gold, predicted, v.rule())
                .isFalse();
        assertThat(v.rule()).isIn("different", "no-answer");
    }

    private static Arguments same(String gold, String predicted) {
        return Arguments.of(gold, predicted);
    }

    private static Arguments differ(String gold, String predicted) {
        return Arguments.of(gold, predicted);
    }
}
