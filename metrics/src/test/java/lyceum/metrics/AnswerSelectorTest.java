package lyceum.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Optional;
import lyceum.metrics.TestTimeEvaluation.ProblemAnswers;
import org.junit.jupiter.api.Test;

class AnswerSelectorTest {

    private static EvaluationCandidate c(int index, String answer, boolean correct, double meanLogProb) {
        return new EvaluationCandidate(index, answer, correct, meanLogProb);
    }

    private static ProblemAnswers heldOut(String problemId, EvaluationCandidate... candidates) {
        return new ProblemAnswers("held-out", problemId, List.of(candidates));
    }

    private static Optional<Integer> pick(AnswerSelector selector, EvaluationCandidate... candidates) {
        return selector.select(List.of(candidates)).map(EvaluationCandidate::index);
    }

    @Test
    void majorityPicksTheMostFrequentAnswerAndATieGoesToTheAnswerSeenFirst() {
        assertThat(pick(
                        AnswerSelector.MAJORITY,
                        c(0, "7", false, -0.1),
                        c(1, "5", true, -0.9),
                        c(2, "5", true, -0.8),
                        c(3, "7", false, -0.2),
                        c(4, "5", true, -0.7)))
                .contains(1); // 5 wins 3-2, picked at its first occurrence
        assertThat(pick(
                        AnswerSelector.MAJORITY,
                        c(0, "7", false, -0.1),
                        c(1, "5", true, -0.9),
                        c(2, "5", true, -0.8),
                        c(3, "7", false, -0.2)))
                .contains(0); // 2-2: 7 occurred first
    }

    @Test
    void majorityIgnoresCandidatesWithoutAnAnswerAndPicksNoneWhenNobodyAnswered() {
        assertThat(pick(AnswerSelector.MAJORITY, c(0, null, false, -0.1), c(1, null, false, -0.1), c(2, "5", true, -1)))
                .contains(2);
        assertThat(pick(AnswerSelector.MAJORITY, c(0, null, false, -0.1), c(1, null, false, -0.2)))
                .isEmpty();
        assertThat(pick(AnswerSelector.MAJORITY)).isEmpty();
    }

    @Test
    void bestOfNPicksTheHighestMeanLogProbAndATieGoesToTheLowestIndex() {
        assertThat(pick(
                        AnswerSelector.BEST_OF_N,
                        c(0, "7", false, -0.5),
                        c(1, "5", true, -0.2),
                        c(2, "6", false, -0.3)))
                .contains(1);
        assertThat(pick(
                        AnswerSelector.BEST_OF_N,
                        c(0, "7", false, -0.5),
                        c(1, "5", true, -0.2),
                        c(2, "6", false, -0.2)))
                .contains(1);
    }

    @Test
    void bestOfNRanksUnknownScoresLastAndStillPicksWithoutAnAnswer() {
        assertThat(pick(AnswerSelector.BEST_OF_N, c(0, "7", false, Double.NaN), c(1, "5", true, -3.0)))
                .contains(1);
        assertThat(pick(AnswerSelector.BEST_OF_N, c(0, "7", false, Double.NaN), c(1, "5", true, Double.NaN)))
                .contains(0);
        assertThat(pick(AnswerSelector.BEST_OF_N, c(0, null, false, -0.1), c(1, "5", true, -0.4)))
                .contains(0);
        assertThat(pick(AnswerSelector.BEST_OF_N)).isEmpty();
    }

    @Test
    void aScorerCanReplaceTheModelsConfidence() {
        // for example a critic's score journaled per candidate; here: prefer the answer "5"
        BestOfNSelector byCritic = new BestOfNSelector(c -> "5".equals(c.answerKey()) ? 1.0 : 0.0);
        assertThat(pick(byCritic, c(0, "7", false, -0.1), c(1, "5", true, -2.0)))
                .contains(1);
        assertThat(byCritic.key()).isEqualTo("best-of-n");
    }

    @Test
    void testTimeAccuracyPerSplitCountsPicksPassAtKAndTheOracle() {
        List<ProblemAnswers> answers = List.of(
                // majority right (5 twice), best-of-N wrong (7 at -0.1)
                heldOut(
                        "a",
                        c(3, "5", true, -0.6),
                        c(0, "7", false, -0.1),
                        c(1, "5", true, -0.9),
                        c(2, "8", false, -0.5)),
                // majority wrong (7 twice), best-of-N right, one right of four
                heldOut(
                        "b",
                        c(0, "7", false, -0.4),
                        c(1, "7", false, -0.4),
                        c(2, "5", true, -0.2),
                        c(3, null, false, -0.3)),
                // nothing right
                heldOut(
                        "c",
                        c(0, "1", false, -0.4),
                        c(1, "2", false, -0.3),
                        c(2, "3", false, -0.2),
                        c(3, "4", false, -0.1)),
                new ProblemAnswers("held-in", "d", List.of(c(0, "5", true, -0.1), c(1, "5", true, -0.1))));

        var bySplit = TestTimeEvaluation.bySplit(answers, AnswerSelector.STANDARD);

        assertThat(bySplit).containsOnlyKeys("held-in", "held-out");
        TestTimeAccuracy out = bySplit.get("held-out");
        assertThat(out.problems()).isEqualTo(3);
        assertThat(out.samples()).isEqualTo(12);
        assertThat(out.samplesPerProblem()).isEqualTo(4);
        assertThat(out.selected()).containsExactly(entry("majority", 1.0 / 3), entry("best-of-n", 1.0 / 3));
        assertThat(out.oracle()).isEqualTo(2.0 / 3);
        assertThat(out.passAtK()).containsOnlyKeys(1, 2, 4);
        assertThat(out.passAtK().get(1)).isCloseTo((2 / 4.0 + 1 / 4.0 + 0) / 3, within(1e-12));
        assertThat(out.passAtK().get(2)).isCloseTo(((1 - 1 / 6.0) + (1 - 3 / 6.0) + 0) / 3, within(1e-12));
        assertThat(out.passAtK().get(4)).isEqualTo(out.oracle());
        TestTimeAccuracy in = bySplit.get("held-in");
        assertThat(in.selected()).containsExactly(entry("majority", 1.0), entry("best-of-n", 1.0));
        assertThat(in.passAtK()).containsOnlyKeys(1, 2);
    }

    @Test
    void passAtKReportsNItselfWhenItIsNotAPowerOfTwo() {
        var bySplit = TestTimeEvaluation.bySplit(
                List.of(heldOut("a", c(0, "5", true, -1), c(1, "6", false, -1), c(2, "6", false, -1))),
                AnswerSelector.STANDARD);

        assertThat(bySplit.get("held-out").passAtK()).containsOnlyKeys(1, 2, 3);
        assertThat(bySplit.get("held-out").passAtK().get(3)).isEqualTo(1.0);
        assertThat(bySplit.get("held-out").selected())
                .containsEntry("majority", 0.0)
                .containsEntry("best-of-n", 1.0);
    }

    @Test
    void theFiguresDoNotDependOnTheOrderOfProblemsOrCandidates() {
        List<ProblemAnswers> answers = List.of(
                heldOut("a", c(0, "5", true, -0.31), c(1, "6", false, -0.3)),
                heldOut("b", c(0, "6", false, -0.7), c(1, "5", true, -0.1)),
                heldOut("c", c(0, "5", true, -0.7), c(1, "5", true, -0.1)));
        List<ProblemAnswers> shuffled =
                List.of(answers.get(2), heldOut("b", c(1, "5", true, -0.1), c(0, "6", false, -0.7)), answers.get(0));

        assertThat(TestTimeEvaluation.bySplit(shuffled, AnswerSelector.STANDARD))
                .isEqualTo(TestTimeEvaluation.bySplit(answers, AnswerSelector.STANDARD));
    }
}
