package lyceum.problem;

import static org.assertj.core.api.Assertions.assertThat;

import lyceum.events.ProblemEvent.StepVerdict;
import org.junit.jupiter.api.Test;

class CritiqueTest {

    @Test
    void stepLinesAndTheVerdictAreReadWhateverTheCaseAndProseAroundThem() {
        Critique c = Critique.parse("""
        Let me check.
        Step 1: correct - 2 + 3 = 5
        step 2: WRONG: 5 * 4 is 20, not 21
        Step 3: wrong
        Verdict: wrong, the answer should be 20""");

        assertThat(c.parsed()).isTrue();
        assertThat(c.steps())
                .containsExactly(
                        new StepVerdict(1, true, "2 + 3 = 5"),
                        new StepVerdict(2, false, "5 * 4 is 20, not 21"),
                        new StepVerdict(3, false, ""));
        assertThat(c.finalVerdict()).isFalse();
        assertThat(c.firstWrongStep()).contains(new StepVerdict(2, false, "5 * 4 is 20, not 21"));
        assertThat(c.teacherFeedback()).isEqualTo("Step 2: wrong - 5 * 4 is 20, not 21\nVerdict: wrong");
    }

    @Test
    void aTextWithoutAVerdictIsUnparsedAndKeptAsWritten() {
        Critique c = Critique.parse("Step 1: correct - fine\nI think it is probably right");

        assertWithoutSteps(c, false, null);
        assertThat(c.text()).isEqualTo("Step 1: correct - fine\nI think it is probably right");
        assertThat(c.teacherFeedback()).isEqualTo(c.text());
    }

    @Test
    void aBareVerdictIsParsedWithNoSteps() {
        Critique c = Critique.parse("Verdict: correct");

        assertWithoutSteps(c, true, true);
    }

    private static void assertWithoutSteps(Critique c, boolean parsed, Boolean finalVerdict) {
        assertThat(c.parsed()).isEqualTo(parsed);
        assertThat(c.steps()).isEmpty();
        assertThat(c.finalVerdict()).isEqualTo(finalVerdict);
    }
}
