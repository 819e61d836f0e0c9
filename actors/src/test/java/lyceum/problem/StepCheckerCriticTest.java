package lyceum.problem;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StepCheckerCriticTest {

    private static final String REFERENCE = "2 + 3 = 5\n5 * 4 = 20\n20 - 6 = 14\n#### 14";

    @Test
    void wrongArithmeticIsNamedWithTheTrueResult() {
        String critique = StepCheckerCritic.critique("2 + 3 = 5\n5 * 4 = 21\n21 - 6 = 15\n#### 15", REFERENCE, false);

        assertThat(critique).isEqualTo("""
        Step 1: correct - 2 + 3 = 5
        Step 2: wrong - 5 * 4 = 21, but 5 * 4 is 20
        Step 3: wrong - 21 - 6 = 15 is not the step needed here: the reference computes 20 - 6 = 14
        Verdict: wrong""");
        assertThat(Critique.parse(critique).firstWrongStep().orElseThrow().step())
                .isEqualTo(2);
    }

    @Test
    void aStepThatDoesNotStartFromThePreviousResultOrIsMissingIsWrong() {
        assertThat(StepCheckerCritic.critique("2 + 3 = 5\n4 * 4 = 16\n#### 16", REFERENCE, false))
                .contains("Step 2: wrong - starts from 4, not from the previous result")
                .contains("Step 3: wrong - missing: the reference continues with 20 - 6 = 14");
        assertThat(StepCheckerCritic.critique("It is 14.\n#### 14", REFERENCE, true))
                .isEqualTo(
                        "Step 1: wrong - no step of the form a op b = c; the reference starts with 2 + 3 = 5\nVerdict: correct");
    }

    @Test
    void aSolutionFollowingTheReferenceIsCorrectThroughoutAndExtraStepsAreNot() {
        assertThat(StepCheckerCritic.critique("2 + 3 = 5\n5 x 4 = 20\n20 - 6 = 14\n#### 14", REFERENCE, true))
                .isEqualTo(
                        "Step 1: correct - 2 + 3 = 5\nStep 2: correct - 5 * 4 = 20\nStep 3: correct - 20 - 6 = 14\nVerdict: correct");
        assertThat(StepCheckerCritic.critique(
                        "2 + 3 = 5\n5 * 4 = 20\n20 - 6 = 14\n14 + 1 = 15\n#### 15", REFERENCE, false))
                .contains("Step 4: wrong - the reference is done after 3 step(s)");
    }

    @Test
    void judgingWithoutTheGradersVerdictCallsAnAnswerCorrectOnlyWhenEveryStepIs() {
        assertThat(StepCheckerCritic.judge("2 + 3 = 5\n5 * 4 = 20\n20 - 6 = 14\n#### 14", REFERENCE))
                .isEqualTo(StepCheckerCritic.critique("2 + 3 = 5\n5 * 4 = 20\n20 - 6 = 14\n#### 14", REFERENCE, true));
        // the final answer is right but a step is missing: judged wrong, unlike with the grader's verdict
        assertThat(StepCheckerCritic.judge("It is 14.\n#### 14", REFERENCE)).endsWith("Verdict: wrong");
        assertThat(StepCheckerCritic.judge("2 + 3 = 5\n5 * 4 = 21\n21 - 6 = 15\n#### 15", REFERENCE))
                .isEqualTo(StepCheckerCritic.critique("2 + 3 = 5\n5 * 4 = 21\n21 - 6 = 15\n#### 15", REFERENCE, false));
    }
}
