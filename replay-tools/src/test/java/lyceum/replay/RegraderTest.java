package lyceum.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import lyceum.events.ProblemEvent;
import lyceum.events.ProblemEvent.ProblemRegistered;
import lyceum.events.ProblemEvent.Sampled;
import lyceum.grading.Grader;
import lyceum.grading.GraderSettings;
import lyceum.projections.SampledFixture;
import org.junit.jupiter.api.Test;

class RegraderTest {

    static final ProblemRegistered PROBLEM =
            new ProblemRegistered("e", "p", "2 + 2?", "4", "2 + 2 = 4", 1.0, 1, "train", "d", "s", 0);

    @Test
    void aSampleReadTheSameWayIsLeftAsJournaledWhateverItsNoAnswerForm() {
        Sampled emptyAnswer = sampled(0, "I cannot tell.", "", false);
        Sampled nullAnswer = sampled(1, "I cannot tell.", null, false);
        Sampled right = sampled(2, "So 2 + 2 = 4. The answer is 4.", "4", true);

        Regrader.RegradedProblem r =
                new Regrader(AnswerGrader.current()).regrade(List.of(PROBLEM, emptyAnswer, nullAnswer, right));

        assertThat(r.changes()).isEmpty();
        assertThat(r.answersChanged()).isZero();
        assertThat(r.readAsJournaled()).isTrue();
        assertThat(r.events())
                .extracting(e -> e instanceof Sampled s ? s.extractedAnswer() : "registered")
                .containsExactly("registered", "", null, "4");
        assertThat(r.events().subList(1, 4))
                .allSatisfy(e -> assertThat(((Sampled) e).graderVersion()).isEqualTo(Grader.VERSION));
    }

    @Test
    void aChangedVerdictNamesTheSampleItsDecisionAndBothAnswers() {
        Sampled wrong = sampled(0, "The answer is 4.0 apples.", "4.0 apples", false);
        ProblemEvent rejected = new ProblemEvent.Rejected(
                "e",
                "p",
                wrong.sampleId(),
                1,
                List.of(new ProblemEvent.DecisionReason(ProblemEvent.DecisionRule.INCORRECT, "")),
                "policy");

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
        assertThat(r.readAsJournaled()).isFalse();
    }

    @Test
    void aRefinementJournaledAsItsOwnSampleChangesOnceAndItsCorrectionFollows() {
        Sampled original = sampled(0, "2 + 2 = 5\n#### 5", "5", false);
        Sampled refined = sampled(1, "The answer is 4.0 apples.", "4.0 apples", false);
        ProblemEvent.Corrected corrected = new ProblemEvent.Corrected(
                "e",
                "p",
                1,
                original.sampleId(),
                ProblemEvent.CorrectionKind.CRITIQUE,
                "Verdict: wrong",
                true,
                List.of(),
                false,
                "lyceum-step-checker/1",
                refined.sampleId(),
                refined.text(),
                "4.0 apples",
                false,
                false);

        Regrader.RegradedProblem r =
                new Regrader(AnswerGrader.current()).regrade(List.of(PROBLEM, original, refined, corrected));

        assertThat(r.changes()).singleElement().satisfies(c -> {
            assertThat(c.id()).isEqualTo(refined.sampleId());
            assertThat(c.nowCorrect()).isTrue();
        });
        ProblemEvent.Corrected regraded = (ProblemEvent.Corrected) r.events().get(3);
        assertThat(regraded.refinedCorrect()).isTrue();
        assertThat(regraded.originalCorrect()).isFalse();
    }

    @Test
    void aProblemIsRegradedUnderTheGraderSettingsItWasRegisteredWith() {
        ProblemRegistered plain =
                new ProblemRegistered("e", "p", "Price?", "2.74", "#### 2.74", 1.0, 1, "train", "d", "s", 0);
        ProblemRegistered decimalComma = new ProblemRegistered(
                "e",
                "p",
                "Price?",
                "2.74",
                "#### 2.74",
                1.0,
                1,
                "train",
                "d",
                "s",
                0,
                GraderSettings.MATH.with("decimalComma", true).toMap());
        Sampled comma = sampled(0, "It costs 2,74 $. The answer is 2,74", "2,74", false);

        Regrader regrader = new Regrader(AnswerGrader.current());

        assertThat(((Sampled) regrader.regrade(List.of(plain, comma)).events().get(1)).correct())
                .isFalse();
        assertThat(((Sampled) regrader.regrade(List.of(decimalComma, comma))
                                .events()
                                .get(1))
                        .correct())
                .isTrue();
    }

    @Test
    void theRememberingGraderOfAReplayRegradesExactlyAsTheGraderWithoutMemory() {
        // many samples repeating a few answers, in several forms, as a problem's samples do
        ProblemRegistered math = new ProblemRegistered(
                "e",
                "p",
                "Solve",
                "\\frac{7}{2}",
                "so \\boxed{\\frac{7}{2}}",
                3.0,
                3,
                "train",
                "math500",
                "s",
                0,
                GraderSettings.MATH.toMap());
        String[] forms = {
            "The answer is 3.5",
            "$\\boxed{\\frac{7}{2}}$",
            "The answer is 7/2",
            "The answer is 3.6",
            "\\boxed{\\dfrac{14}{4}}",
            "no idea",
            "The answer is 3,5",
            "x = \\frac{7}{2}"
        };
        List<ProblemEvent> events = new java.util.ArrayList<>(List.of(math));
        java.util.Random random = new java.util.Random(5);
        for (int i = 0; i < 40; i++) {
            events.add(sampled(i, "Work... " + forms[random.nextInt(forms.length)], "old", random.nextBoolean()));
        }
        AnswerGrader withoutMemory = Grader.standard()::grade;

        Regrader.RegradedProblem remembered = new Regrader(AnswerGrader.current()).regrade(events);
        Regrader.RegradedProblem fresh = new Regrader(withoutMemory).regrade(events);

        assertThat(remembered.events()).isEqualTo(fresh.events());
        assertThat(remembered.changes()).isEqualTo(fresh.changes());
        assertThat(remembered.events())
                .filteredOn(e -> e instanceof Sampled s && s.correct())
                .isNotEmpty();
    }

    private static Sampled sampled(int index, String text, String answer, boolean correct) {
        String id = "e~p~1~0~" + index;
        return SampledFixture.sample("e", "p", id)
                .at(1, 0, index)
                .text(text)
                .graded(answer, "old-grader", correct)
                .build();
    }
}
