package lyceum.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EvaluationMetricsTest {

    @Test
    void greedyAccuracyPerSplit() {
        var accuracy = GreedyAccuracy.bySplit(List.of(
                new GreedyResult("held-in", "a", true),
                new GreedyResult("held-in", "b", false),
                new GreedyResult("held-in", "c", true),
                new GreedyResult("held-out", "d", false)));
        assertThat(accuracy.get("held-in")).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(accuracy).containsEntry("held-out", 0.0).hasSize(2);
    }

    @Test
    void greedyAccuracyPerSplitAndBucketLeavesOutAnswersOfUnknownProblems() {
        var accuracy = GreedyAccuracy.byBucket(List.of(
                new GreedyResult("held-out", "a", true, 3),
                new GreedyResult("held-out", "b", false, 3),
                new GreedyResult("held-out", "c", true, 3),
                new GreedyResult("held-out", "d", false, 0),
                new GreedyResult("held-in", "e", true, 0),
                new GreedyResult("held-in", "f", true)));
        assertThat(accuracy.get("held-out").get(3)).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(accuracy.get("held-out")).containsEntry(0, 0.0).hasSize(2);
        assertThat(accuracy.get("held-in")).containsOnly(entry(0, 1.0));
    }

    @Test
    void improvementSetHoldsWhatTheCurrentModelSolvesAndTheFirstDidNot() {
        Map<String, Boolean> current = Map.of("a", true, "b", true, "c", false, "d", true);
        Map<String, Boolean> first = Map.of("a", false, "b", true, "c", false); // d not evaluated by M_1
        assertThat(ImprovementSet.of(current, first)).containsExactly("a");
    }

    @Test
    void firstModelPassAtNCountsProblemsWithAnyCorrectSample() {
        Set<String> improved = Set.of("a", "b", "c", "e");
        Map<String, PassCounts> firstSamples =
                Map.of("a", new PassCounts(8, 1), "b", new PassCounts(8, 0), "c", new PassCounts(4, 2));
        // e has no samples and is left out: (1 + 0 + 1) / 3
        assertThat(ImprovementSet.firstModelPassAtN(improved, firstSamples)).isCloseTo(2.0 / 3, within(1e-12));
        // pass@4 at (8,1) = 1 - C(7,4)/C(8,4) = 1/2; (8,0) = 0; (4,2) = 1
        assertThat(ImprovementSet.firstModelPassAtK(improved, firstSamples, 4)).isCloseTo(0.5, within(1e-12));
        assertThat(ImprovementSet.firstModelPassAtN(Set.of(), firstSamples)).isNaN();
    }

    @Test
    void selfCorrectionRatesConditionOnTheVerdictBefore() {
        SelfCorrection rates = SelfCorrection.of(List.of(
                new CorrectionOutcome("s1", false, true),
                new CorrectionOutcome("s2", false, false),
                new CorrectionOutcome("s3", false, true),
                new CorrectionOutcome("s4", true, false)));
        assertThat(rates.corrections()).isEqualTo(4);
        assertThat(rates.wrongBefore()).isEqualTo(3);
        assertThat(rates.rightAfterGivenWrongBefore()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(rates.rightAfterGivenRightBefore()).isEqualTo(0.0);
        assertThat(SelfCorrection.of(List.of(new CorrectionOutcome("s", false, true)))
                        .rightAfterGivenRightBefore())
                .isNull();
    }

    @Test
    void disparityIsTheSpreadOfBucketAccuracies() {
        Disparity d = Disparity.fromScores(List.of(
                new BucketScore(1, 1.0),
                new BucketScore(1, 0.5),
                new BucketScore(2, 0.5),
                new BucketScore(3, 0.0),
                new BucketScore(3, 0.25)));
        assertThat(d.accuracyByBucket()).containsExactly(entry(1, 0.75), entry(2, 0.5), entry(3, 0.125));
        assertThat(d.spread()).isCloseTo(0.625, within(1e-12));
        // population sd of {0.75, 0.5, 0.125}: mean 0.4583.., squares sum 0.197916.. / 3
        double mean = (0.75 + 0.5 + 0.125) / 3;
        double sd = Math.sqrt((Math.pow(0.75 - mean, 2) + Math.pow(0.5 - mean, 2) + Math.pow(0.125 - mean, 2)) / 3);
        assertThat(d.standardDeviation()).isCloseTo(sd, within(1e-12));
        assertThat(Disparity.of(Map.of())).isEqualTo(new Disparity(Map.of(), null, null));
    }
}
