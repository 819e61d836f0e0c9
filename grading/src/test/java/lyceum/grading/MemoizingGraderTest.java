package lyceum.grading;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A memoizing grader gives exactly the verdicts of the grader it remembers for. */
class MemoizingGraderTest {

    @Test
    void everyDocumentedCaseGetsThePlainGradersVerdictFirstAndAgain() {
        List<DocumentedCasesTest.Case> cases = new ArrayList<>(DocumentedCasesTest.cases());
        // Each settings variant remembers for itself; cases sharing a gold or an answer meet in one memory.
        Grader memoizingMath = Grader.standard().memoizing();
        for (int pass = 0; pass < 2; pass++) {
            Collections.shuffle(cases, new Random(pass));
            for (DocumentedCasesTest.Case c : cases) {
                Grader plain = DocumentedCasesTest.graderFor(c);
                Grader memoizing = c.settings() == null ? memoizingMath : plain.memoizing();
                assertThat(memoizing.grade(c.gold(), c.pred()))
                        .as("line %d, pass %d: %s <> %s", c.line(), pass, c.gold(), c.pred())
                        .isEqualTo(plain.grade(c.gold(), c.pred()));
            }
        }
    }

    @Test
    void repeatedAnswersToOneReferenceKeepTheirOwnVerdictsAndExtractions() {
        Grader plain = Grader.standard();
        Grader memoizing = plain.memoizing();
        String gold = "Half of 7 is \\frac{7}{2}.\n#### 3.5";
        List<String> responses = List.of(
                "7 / 2 = 3.5. The answer is 3.5",
                "so 3.50. The answer is 3.50",
                "The answer is \\boxed{\\frac{7}{2}}",
                "The answer is 7/2",
                "The answer is 3.6",
                "#### 3.5",
                "no number here",
                "The answer is 3,5",
                "The answer is 3.5",
                "The answer is \\boxed{\\frac{7}{2}}",
                "The answer is 3.6");
        for (int pass = 0; pass < 3; pass++) {
            for (String response : responses) {
                assertThat(memoizing.grade(gold, response)).as(response).isEqualTo(plain.grade(gold, response));
            }
        }
        assertThat(memoizing.settings()).isEqualTo(plain.settings());
    }

    @Test
    void aMemoryBelongsToItsGraderAndItsSettings() {
        // The same pair judged under other settings is judged afresh, not taken from another grader's memory.
        Grader ordered = Grader.withSettings(GraderSettings.MATH.with("orderedLists", true))
                .memoizing();
        Grader unordered = Grader.standard().memoizing();
        assertThat(unordered.grade("10, 4, -2", "The answer is 4, 10, -2").equivalent())
                .isTrue();
        assertThat(ordered.grade("10, 4, -2", "The answer is 4, 10, -2").equivalent())
                .isFalse();
        assertThat(unordered.grade("10, 4, -2", "The answer is 4, 10, -2").equivalent())
                .isTrue();
    }
}
