package lyceum.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ArithmeticStepsTest {

    @Test
    void parsesStepsWithTheirLines() {
        List<ArithmeticSteps.Step> steps =
                ArithmeticSteps.parse("23 + 15 = 38\nso then\n38 - 9 = 29\n29 x 2 = 58\n#### 58");
        assertThat(steps)
                .containsExactly(
                        new ArithmeticSteps.Step(1, 23, '+', 15, 38),
                        new ArithmeticSteps.Step(3, 38, '-', 9, 29),
                        new ArithmeticSteps.Step(4, 29, '*', 2, 58));
        assertThat(ArithmeticSteps.finalAnswer("23 + 15 = 38\n#### 38")).hasValue(38);
        assertThat(ArithmeticSteps.finalAnswer("no answer")).isEmpty();
    }

    @Test
    void findsWrongArithmeticAndBrokenContinuity() {
        List<ArithmeticSteps.StepCheck> checks =
                ArithmeticSteps.check("23 + 15 = 38\n38 - 9 = 28\n30 * 2 = 60\n#### 60");
        assertThat(checks)
                .extracting(ArithmeticSteps.StepCheck::arithmeticCorrect)
                .containsExactly(true, false, true);
        assertThat(checks)
                .extracting(ArithmeticSteps.StepCheck::continuesPrevious)
                .containsExactly(true, true, false);
        assertThat(ArithmeticSteps.isValid("23 + 15 = 38\n38 - 9 = 28\n30 * 2 = 60\n#### 60"))
                .isFalse();
        assertThat(ArithmeticSteps.isValid("23 + 15 = 38\n38 - 9 = 29\n#### 28"))
                .isFalse();
        assertThat(ArithmeticSteps.isValid("23 + 15 = 38\n38 - 9 = 29\n#### 29"))
                .isTrue();
        assertThat(ArithmeticSteps.isValid("")).isFalse();
    }

    @Test
    void overflowIsAWrongStepNotACrash() {
        List<ArithmeticSteps.StepCheck> checks =
                ArithmeticSteps.check("9223372036854775807 * 9 = 1\n99999999999999999999 + 1 = 2");
        assertThat(checks).hasSize(1);
        assertThat(checks.get(0).arithmeticCorrect()).isFalse();
    }

    @Test
    void aStepIsFoundInsideProseOncePerLineButNotInsideDecimals() {
        List<ArithmeticSteps.Step> steps = ArithmeticSteps.parse(
                "Then 31 - 24 = 7.\nStep 2: 7 x 3 = 21\nHalf of 1.5 + 2 = 3.5 is nothing\n#### 21");
        assertThat(steps)
                .containsExactly(
                        new ArithmeticSteps.Step(1, 31, '-', 24, 7), new ArithmeticSteps.Step(2, 7, '*', 3, 21));
        assertThat(ArithmeticSteps.isValid("Then 31 - 24 = 7.\nStep 2: 7 x 3 = 21\n#### 21"))
                .isTrue();
    }

    private static final String CARA =
            "Cara has 6 apples. She gives away 5, then loses 1. How many does Cara have now?";
    private static final String CARA_REFERENCE = "6 - 5 = 1\n1 - 1 = 0\n#### 0";

    static Stream<Arguments> caraRationales() {
        return Stream.of(
                Arguments.of("the reference itself", CARA_REFERENCE, true),
                // the two accepted rationales: right answer, wrong reasoning
                Arguments.of("a wrong step landing on the right answer", "6 - 1 = 1\n1 - 1 = 0\n#### 0", false),
                Arguments.of("wrong steps landing on the right answer", "9 - 2 = 4\n4 - 1 = 0\n#### 0", false),
                Arguments.of("arithmetic right, chained, but not the question's numbers", "3 - 3 = 0\n#### 0", false),
                Arguments.of("the question's numbers in another order", "6 - 1 = 5\n5 - 5 = 0\n#### 0", false),
                Arguments.of("the final answer is not the last result", "6 - 5 = 1\n1 - 1 = 0\n#### 1", false),
                Arguments.of("no steps at all", "#### 0", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("caraRationales")
    void reasoningIsValidOnlyWhenEveryStepHoldsChainsAndUsesTheQuestionsNumbersInOrder(
            String why, String rationale, boolean valid) {
        assertThat(ArithmeticSteps.reasoningValid(CARA, CARA_REFERENCE, rationale))
                .contains(valid);
    }

    @Test
    void reasoningIsNotCheckedWhereTheReferenceItselfDoesNotPassTheCheck() {
        String gsm8k = "Natalia sold 48/2 = <<48/2=24>>24 clips in May.\n#### 72";
        assertThat(ArithmeticSteps.reasoningValid(
                        "Natalia sold clips to 48 of her friends", gsm8k, "48 + 24 = 72\n#### 72"))
                .isEmpty();
    }

    @Test
    void everySyntheticReferenceIsValidReasoningForItsOwnQuestion() {
        for (DatasetProblem p : SyntheticArithmetic.generate(new SyntheticArithmetic.Settings(
                300, 11, 1, 6, 20, java.util.EnumSet.allOf(SyntheticArithmetic.Op.class)))) {
            assertThat(ArithmeticSteps.reasoningValid(p.question(), p.referenceRationale(), p.referenceRationale()))
                    .as(p.problemId())
                    .contains(true);
        }
    }
}
