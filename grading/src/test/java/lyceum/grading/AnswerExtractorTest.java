package lyceum.grading;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Reading final answers out of whole responses and gold texts. */
class AnswerExtractorTest {

    static Stream<Arguments> responses() {
        return Stream.of(
                read(
                        "Janet sells 16 - 3 - 4 = <<16-3-4=9>>9 duck eggs.\nShe makes 9 * 2 = $<<9*2=18>>18.\n#### 18",
                        "18",
                        Extraction.Rule.HASH_MARKER),
                read("So the total is 70,000 dollars.\n#### 70,000", "70,000", Extraction.Rule.HASH_MARKER),
                read("First 2+3=5. Then 5*2=10. The answer is 10.", "10", Extraction.Rule.ANSWER_IS),
                read("We get 3.5 cups. The answer is 3.5.", "3.5", Extraction.Rule.ANSWER_IS),
                read(
                        "The final answer is $\\frac{1}{2}$. I hope it is correct.",
                        "\\frac{1}{2}", Extraction.Rule.ANSWER_IS),
                read(
                        "Final Answer: The final answer is $(3,\\frac{\\pi}{2})$. I hope it is correct.",
                        "(3,\\frac{\\pi}{2})", Extraction.Rule.ANSWER_IS),
                read("So the answer is: -7", "-7", Extraction.Rule.ANSWER_IS),
                read("The answer is $18. She keeps the rest.", "$18", Extraction.Rule.ANSWER_IS),
                read("The answer is twelve.", "twelve", Extraction.Rule.ANSWER_IS),
                read("Thus $x = \\boxed{\\frac{\\sqrt{3}}{2}}$.", "\\frac{\\sqrt{3}}{2}", Extraction.Rule.BOXED),
                read(
                        "We have \\boxed{2} and later \\boxed{\\left( 3, \\frac{\\pi}{2} \\right)}.",
                        "\\left( 3, \\frac{\\pi}{2} \\right)", Extraction.Rule.BOXED),
                read("Nested: \\boxed{\\frac{a^{2}}{b_{1}}}", "\\frac{a^{2}}{b_{1}}", Extraction.Rule.BOXED),
                read("The answer is 12. Wait, I made an error; it is \\boxed{13}.", "13", Extraction.Rule.BOXED),
                read("\\boxed{13}. We check that our answer is correct: 13 * 2 = 26.", "13", Extraction.Rule.BOXED),
                read("The answer is not obvious. After work, the answer is indeed 7.", "7", Extraction.Rule.ANSWER_IS),
                read("The answer is 4.\nAnswer: 5", "5", Extraction.Rule.ANSWER_LINE),
                read("#### 9\nThe answer is 9.", "9", Extraction.Rule.HASH_MARKER),
                read("Therefore $\\fbox{42}$ cookies.", "42", Extraction.Rule.BOXED),
                read("so it is $\\boxed 5$.", "5", Extraction.Rule.BOXED),
                read("The final answer is $\\boxed{5}$.", "5", Extraction.Rule.BOXED),
                read("Work work.\nAnswer: 1,234", "1,234", Extraction.Rule.ANSWER_LINE),
                read("Reasoning here.\nA: 56", "56", Extraction.Rule.ANSWER_LINE),
                read("Steps...\n**Final Answer:** $\\dfrac{3}{4}$", "\\dfrac{3}{4}", Extraction.Rule.ANSWER_LINE),
                read("She has 5 apples, then buys 7 more, so 12 in total.", "12", Extraction.Rule.LAST_NUMBER),
                read("The temperature fell to -5 degrees.", "-5", Extraction.Rule.LAST_NUMBER),
                read("10-5 is what remains", "5", Extraction.Rule.LAST_NUMBER),
                read("Each share is 3/4 of a pie", "3/4", Extraction.Rule.LAST_NUMBER),
                read("It costs $1,250.50 in total", "1,250.50", Extraction.Rule.LAST_NUMBER),
                read("He computes <<4*5=20>>20 and then 20 + 2 = 22 marbles.", "22", Extraction.Rule.LAST_NUMBER),
                read("A rise of 25% this year", "25%", Extraction.Rule.LAST_NUMBER),
                read("So the probability is $\\frac{1}{6}$.", "\\frac{1}{6}", Extraction.Rule.LAST_NUMBER),
                read("It comes to -\\dfrac{3}{4} of the total", "-\\dfrac{3}{4}", Extraction.Rule.LAST_NUMBER),
                read("The answer is **25**.", "25", Extraction.Rule.ANSWER_IS),
                read("So the answer is:\n25", "25", Extraction.Rule.LAST_NUMBER),
                read("On the 3rd day, x2 grows.", "", Extraction.Rule.NONE),
                read("I don't know.", "", Extraction.Rule.NONE),
                read("no idea", "", Extraction.Rule.NONE),
                read("\\frac{14}{3}", "\\frac{14}{3}", Extraction.Rule.WHOLE_TEXT),
                read(" (3, \\frac{\\pi}{2}) ", "(3, \\frac{\\pi}{2})", Extraction.Rule.WHOLE_TEXT),
                read("18 dollars", "18 dollars", Extraction.Rule.WHOLE_TEXT),
                read("Evelyn", "Evelyn", Extraction.Rule.WHOLE_TEXT),
                read("", "", Extraction.Rule.NONE),
                read(null, "", Extraction.Rule.NONE));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("responses")
    void readsTheFinalAnswer(String response, String answer, Extraction.Rule rule) {
        Extraction e = AnswerExtractor.fromResponse(response);
        assertThat(e.answer()).isEqualTo(answer);
        assertThat(e.rule()).isEqualTo(rule);
    }

    static Stream<Arguments> golds() {
        return Stream.of(
                read("Natalia sold 48/2 = <<48/2=24>>24 clips in May.\n#### 72", "72", Extraction.Rule.HASH_MARKER),
                read(
                        "... so the polar coordinates are $\\boxed{\\left( 3, \\frac{\\pi}{2} \\right)}.$",
                        "\\left( 3, \\frac{\\pi}{2} \\right)", Extraction.Rule.BOXED),
                read("\\frac{14}{3}", "\\frac{14}{3}", Extraction.Rule.WHOLE_TEXT),
                read("  18 ", "18", Extraction.Rule.WHOLE_TEXT));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("golds")
    void readsTheReferenceAnswer(String gold, String answer, Extraction.Rule rule) {
        Extraction e = AnswerExtractor.fromGold(gold);
        assertThat(e.answer()).isEqualTo(answer);
        assertThat(e.rule()).isEqualTo(rule);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource({
        "'Comparing the options, the answer is (B).', B",
        "The answer is C because the others fail., C",
        "Answer: D, D",
        "So we pick \\boxed{\\text{(E)}}, E",
        "'Option (A) fails, option (C) works.', C",
        "(b), B",
        "B, B",
        "'No letter here, just 42.', ''"
    })
    void readsChoiceLetters(String response, String letter) {
        assertThat(AnswerExtractor.choiceFromResponse(response).answer()).isEqualTo(letter);
    }

    @Test
    void lastBoxedHandlesNestedBracesAndIgnoresEmptyBoxes() {
        assertThat(AnswerExtractor.lastBoxed("\\boxed{\\{1,2\\}} then \\boxed{}"))
                .contains("\\{1,2\\}");
        assertThat(AnswerExtractor.lastBoxed("no box")).isEmpty();
        assertThat(AnswerExtractor.lastBoxed("\\boxed{unclosed")).isEmpty();
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource({
        "one hundred five apples, 105 apples",
        "Twenty-One, 21",
        "two million three thousand, 2003000",
        "none of them, none of them",
        "thousand, thousand",
        "the one, the one"
    })
    void numberWordsAreReadOnlyAtTheStartOfAnAnswer(String text, String read) {
        assertThat(NumberWords.replaceLeading(text)).isEqualTo(read);
    }

    private static Arguments read(String text, String answer, Extraction.Rule rule) {
        return Arguments.of(text, answer, rule);
    }
}
