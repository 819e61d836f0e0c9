package lyceum.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import lyceum.events.ProblemEvent;
import lyceum.events.ProblemEvent.ProblemRegistered;
import lyceum.events.ProblemEvent.Sampled;
import lyceum.grading.Grader;
import org.junit.jupiter.api.Test;

class RegraderTest {

  static final ProblemRegistered PROBLEM =
      new ProblemRegistered("e", "p", "2 + 2?", "4", "2 + 2 = 4", 1.0, 1, "train", "d", "s", 0);

  @Test
  void aSampleReadTheSameWayIsLeftAsJournaledWhateverItsNoAnswerForm() {
    Sampled emptyAnswer = sampled(0, "I cannot tell.", "", false);
    Sampled nullAnswer = sampled(1, "I cannot tell.", null, false);
    Sampled right = sampled(2, "So 2 + 2 = 4. The answer is 4.", "4", true);

    Regrader.RegradedProblem r = new Regrader(AnswerGrader.current())
        .regrade(List.of(PROBLEM, emptyAnswer, nullAnswer, right));

    assertThat(r.changes()).isEmpty();
    assertThat(r.answersChanged()).isZero();
    assertThat(r.events()).extracting(e -> e instanceof Sampled s ? s.extractedAnswer() : "registered")
        .containsExactly("registered", "", null, "4");
    assertThat(r.events().subList(1, 4))
        .allSatisfy(e -> assertThat(((Sampled) e).graderVersion()).isEqualTo(Grader.VERSION));
  }

  @Test
  void aChangedVerdictNamesTheSampleItsDecisionAndBothAnswers() {
    Sampled wrong = sampled(0, "The answer is 4.0 apples.", "4.0 apples", false);
    ProblemEvent rejected = new ProblemEvent.Rejected("e", "p", wrong.sampleId(), 1,
        List.of(new ProblemEvent.DecisionReason(ProblemEvent.DecisionRule.INCORRECT, "")), "policy");

    Regrader.RegradedProblem r = new Regrader(AnswerGrader.current()).regrade(List.of(PROBLEM, wrong, rejected));

    assertThat(r.changes()).singleElement().satisfies(c -> {
      assertThat(c.id()).isEqualTo(wrong.sampleId());
      assertThat(c.wasCorrect()).isFalse();
      assertThat(c.nowCorrect()).isTrue();
      assertThat(c.decision()).isEqualTo("rejected");
      assertThat(c.extractedBefore()).isEqualTo("4.0 apples");
      assertThat(c.graderVersionBefore()).isEqualTo("old-grader");
    });
    Sampled regraded = (Sampled) r.events().get(1);
    assertThat(regraded.correct()).isTrue();
    assertThat(regraded.graderVersion()).isEqualTo(Grader.VERSION);
    assertThat(r.events().get(2)).isSameAs(rejected);
  }

  @Test
  void aRefinementJournaledAsItsOwnSampleChangesOnceAndItsCorrectionFollows() {
    Sampled original = sampled(0, "2 + 2 = 5\n#### 5", "5", false);
    Sampled refined = sampled(1, "The answer is 4.0 apples.", "4.0 apples", false);
    ProblemEvent.Corrected corrected = new ProblemEvent.Corrected("e", "p", 1, original.sampleId(),
        ProblemEvent.CorrectionKind.CRITIQUE, "Verdict: wrong", true, List.of(), false, "lyceum-step-checker/1",
        refined.sampleId(), refined.text(), "4.0 apples", false, false);

    Regrader.RegradedProblem r = new Regrader(AnswerGrader.current()).regrade(List.of(PROBLEM, original, refined, corrected));

    assertThat(r.changes()).singleElement().satisfies(c -> {
      assertThat(c.id()).isEqualTo(refined.sampleId());
      assertThat(c.nowCorrect()).isTrue();
    });
    ProblemEvent.Corrected regraded = (ProblemEvent.Corrected) r.events().get(3);
    assertThat(regraded.refinedCorrect()).isTrue();
    assertThat(regraded.originalCorrect()).isFalse();
  }

  private static Sampled sampled(int index, String text, String answer, boolean correct) {
    String id = "e~p~1~0~" + index;
    return new Sampled("e", "p", id, 1, 0, index, "vanilla", null, "m0", "n", 0.7, 0.95, 64, 1L, "h", text, 5, -0.5,
        false, answer, "old-grader", correct, 1L);
  }
}
