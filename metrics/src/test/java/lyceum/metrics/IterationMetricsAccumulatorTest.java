package lyceum.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class IterationMetricsAccumulatorTest {

    private static final double LN2 = Math.log(2);

    private static SampleSummary sample(
            String problem,
            int bucket,
            int round,
            int index,
            String answer,
            boolean correct,
            boolean accepted,
            String text,
            int tokens,
            double meanLogProb) {
        return new SampleSummary(
                problem, bucket, round, index, correct, accepted, answer, text, tokens, meanLogProb, round > 0, null);
    }

    /** P1 (bucket 1): 2 of 4 right. P2 (bucket 3): 0 of 4, then a hinted right one. */
    private static List<SampleSummary> p1() {
        return List.of(
                sample("p1", 1, 0, 2, "5", true, true, "2 + 3 = 5 so 5", 12, -LN2),
                sample("p1", 1, 0, 0, "5", true, true, "2 + 3 = 5 so 5", 10, -LN2),
                sample("p1", 1, 0, 1, "6", false, false, "guess six", 2, -LN2),
                sample("p1", 1, 0, 3, "6", false, false, "maybe 6", 2, -LN2));
    }

    private static List<SampleSummary> p2() {
        return List.of(
                sample("p2", 3, 0, 0, "1", false, false, "one", 1, -1),
                sample("p2", 3, 0, 1, "2", false, false, "two", 1, -1),
                sample("p2", 3, 0, 2, "2", false, false, "two again", 2, -1),
                sample("p2", 3, 0, 3, "3", false, false, "three", 1, -1),
                sample("p2", 3, 1, 0, "9", true, true, "4 + 5 = 9", 40, Double.NaN));
    }

    /** P3 (bucket 3): nothing right in any round. P4 (bucket 2): 2 of 2 right. */
    private static List<SampleSummary> p3() {
        List<SampleSummary> samples = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            samples.add(sample("p3", 3, 0, i, "0", false, false, "zero " + i, 2, -1));
        }
        samples.add(sample("p3", 3, 1, 0, "1", false, false, "still wrong", 2, -1));
        return samples;
    }

    private static List<SampleSummary> p4() {
        return List.of(
                sample("p4", 2, 0, 0, "7", true, true, "3 + 4 = 7", 8, -LN2),
                sample("p4", 2, 0, 1, "7", true, true, "3 + 4 = 7", 8, -LN2));
    }

    private static ProblemSummary summary(List<SampleSummary> samples) {
        SampleSummary first = samples.get(0);
        return ProblemSummary.of(first.problemId(), first.difficultyBucket(), samples, Function.identity());
    }

    private static IterationMetricsAccumulator handExample() {
        return new IterationMetricsAccumulator(2)
                .add(summary(p1()))
                .add(summary(p2()))
                .add(summary(p3()))
                .add(summary(p4()))
                .addOriginal(new OriginalExample("p1", 1, 10, -LN2))
                .addOriginal(new OriginalExample("p2", 3, 30, -2 * LN2))
                .addOriginal(new OriginalExample("p3", 3, 40, Double.NaN))
                .addOriginal(new OriginalExample("p4", 2, 20, -LN2))
                .addGreedy(new GreedyResult("held-in", "g1", true))
                .addGreedy(new GreedyResult("held-in", "g2", false))
                .addGreedy(new GreedyResult("held-out", "g3", true))
                .addCorrection(new CorrectionOutcome("r1", false, true))
                .addCorrection(new CorrectionOutcome("r2", false, false))
                .improvementBaseline(new ImprovementBaseline(
                        Map.of("g1", false, "g2", false, "g3", true), Map.of("g1", new PassCounts(8, 1))));
    }

    @Test
    void problemSummaryReducesSamplesToCountsVotesAndDiversity() {
        ProblemSummary p1 = summary(p1());
        assertThat(p1.samples()).isEqualTo(4);
        assertThat(p1.roundZeroCounts()).isEqualTo(new PassCounts(4, 2));
        assertThat(p1.accepted()).isEqualTo(2);
        // index order is 5, 6, 5, 6: every tie goes to "5", which is right
        assertThat(p1.majorityCorrectAtK()).containsOnly(entry(1, true), entry(2, true), entry(4, true));
        assertThat(p1.acceptedTokenCounts()).containsExactlyInAnyOrder(10, 12);
        assertThat(p1.acceptedPerplexities()).allSatisfy(p -> assertThat(p).isCloseTo(2.0, within(1e-12)));
        assertThat(p1.diversity(SampleSubset.CORRECT).semanticDiversity()).isCloseTo(0.0, within(1e-12));
        assertThat(p1.diversity(SampleSubset.INCORRECT).semanticDiversity()).isEqualTo(1.0);

        ProblemSummary p2 = summary(p2());
        assertThat(p2.roundZeroCounts()).isEqualTo(new PassCounts(4, 0));
        assertThat(p2.correctAllRounds()).isEqualTo(1);
        assertThat(p2.acceptedHintDerived()).isEqualTo(1);
        assertThat(p2.acceptedPerplexities()).isEmpty(); // its log-prob is unknown
        assertThat(p2.diversity(SampleSubset.ACCEPTED).samples()).isEqualTo(1);

        List<SampleSummary> unextracted = List.of(
                sample("p5", 1, 0, 0, null, false, false, "no idea", 2, -1),
                sample("p5", 1, 0, 1, " 4", true, false, "4", 1, -1));
        assertThat(ProblemSummary.of("p5", 1, unextracted, String::strip).majorityCorrectAtK())
                .containsOnly(entry(1, false), entry(2, true));

        ProblemSummary unsampled = ProblemSummary.of("p0", 2, List.of(), Function.identity());
        assertThat(unsampled.roundZeroCounts()).isEqualTo(new PassCounts(0, 0));
        assertThat(unsampled.majorityCorrectAtK()).isEmpty();
        assertThat(unsampled.diversity(SampleSubset.ALL)).isEqualTo(TextDiversity.NONE);
        // a problem without samples is a training problem nobody solved
        assertThat(handExample().add(unsampled).result().coverage()).isEqualTo(0.4);

        assertThatThrownBy(() -> ProblemSummary.of("p9", 1, p1(), Function.identity()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void handExampleGivesHandComputedMetrics() {
        IterationMetrics m = handExample().result();

        assertThat(m.metricsVersion()).isEqualTo(MetricsVersion.CURRENT);
        assertThat(m.iteration()).isEqualTo(2);
        assertThat(m.problems()).isEqualTo(4);
        assertThat(m.samples()).isEqualTo(16);
        assertThat(m.accepted()).isEqualTo(5);
        assertThat(m.acceptedHintDerived()).isEqualTo(1);

        assertThat(m.coverage()).isEqualTo(0.5); // p1, p4
        assertThat(m.coverageAfterResample()).isEqualTo(0.75); // and p2
        assertThat(m.correctHistogram()).containsExactly(entry(0, 2), entry(2, 2));
        assertThat(m.correctHistogramAfterResample()).containsExactly(entry(0, 1), entry(1, 1), entry(2, 2));

        // pass@1 = (2/4 + 0 + 0 + 2/2) / 4; pass@2 = (5/6 + 0 + 0 + 1) / 4; pass@4 leaves p4 (n = 2) out
        assertThat(m.passAtK()).containsOnlyKeys(1, 2, 4);
        assertThat(m.passAtK().get(1)).isCloseTo(0.375, within(1e-12));
        assertThat(m.passAtK().get(2)).isCloseTo(11.0 / 24, within(1e-12));
        assertThat(m.passAtK().get(4)).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(m.majAtK()).containsOnlyKeys(1, 2, 4);
        assertThat(m.majAtK().get(2)).isEqualTo(0.5);
        assertThat(m.majAtK().get(4)).isCloseTo(1.0 / 3, within(1e-12));

        assertThat(m.greedyAccuracy()).containsExactly(entry("held-in", 0.5), entry("held-out", 1.0));
        assertThat(m.improvementSetSize()).isEqualTo(1); // g1
        assertThat(m.firstModelPassAtNOnImprovementSet()).isEqualTo(1.0);

        // correct samples: p1 and p4 each repeat one text and one equation; p2 has a single one
        assertThat(m.diversityBySubset().get("correct").problems()).isEqualTo(2);
        assertThat(m.semanticDiversity().get("correct")).isCloseTo(0.0, within(1e-12));
        assertThat(m.diversityBySubset().get("correct").distinctEquations()).isEqualTo(0.5);
        assertThat(m.diversityBySubset().get("correct").uniqueEquationsPerProblem())
                .isEqualTo(1.0);
        assertThat(m.semanticDiversity()).containsOnlyKeys("all", "accepted", "correct", "incorrect");
        assertThat(m.distinct1()).isBetween(0.0, 1.0);
        assertThat(m.distinct4()).isEqualTo(m.diversityBySubset().get("all").distinct4());

        assertThat(m.bucketShareAccepted()).containsExactly(entry(1, 0.4), entry(2, 0.4), entry(3, 0.2));
        assertThat(m.bucketShareOriginal()).containsExactly(entry(1, 0.25), entry(2, 0.25), entry(3, 0.5));
        assertThat(m.hardestBucket()).isEqualTo(3);
        assertThat(m.hardestBucketCoverage()).isEqualTo(0.5); // p2 of p2, p3
        assertThat(m.hardestBucketShareAccepted()).isEqualTo(0.2);
        assertThat(m.hardestBucketShareOriginal()).isEqualTo(0.5);

        assertThat(m.length().acceptedCount()).isEqualTo(5);
        assertThat(m.length().accepted().p50()).isEqualTo(10.0); // 8 8 10 12 40
        assertThat(m.length().original().p50()).isEqualTo(25.0); // 10 20 30 40
        assertThat(m.length().wasserstein1())
                .isCloseTo(
                        Distances.wasserstein1(new double[] {8, 8, 10, 12, 40}, new double[] {10, 20, 30, 40}),
                        within(1e-12));
        assertThat(m.perplexity().acceptedCount()).isEqualTo(4);
        assertThat(m.perplexity().originalCount()).isEqualTo(3);
        // accepted perplexities all 2; original 2, 4, 2: CDF gap 1/3 on [2, 4)
        assertThat(m.perplexity().wasserstein1()).isCloseTo(2.0 / 3, within(1e-9));

        assertThat(m.selfCorrection().corrections()).isEqualTo(2);
        assertThat(m.selfCorrection().rightAfterGivenWrongBefore()).isEqualTo(0.5);
        assertThat(m.selfCorrection().rightAfterGivenRightBefore()).isNull();

        assertThat(m.disparity().accuracyByBucket()).containsExactly(entry(1, 0.5), entry(2, 1.0), entry(3, 0.0));
        assertThat(m.disparity().spread()).isEqualTo(1.0);
    }

    @Test
    void redeliveredInputsAreCountedOnce() {
        IterationMetrics once = handExample().result();
        IterationMetrics twice = handExample()
                .add(summary(p1()))
                .addGreedy(new GreedyResult("held-in", "g1", true))
                .addCorrection(new CorrectionOutcome("r1", false, true))
                .addOriginal(new OriginalExample("p1", 1, 10, -LN2))
                .result();
        assertThat(twice).isEqualTo(once);
    }

    @Test
    void aLaterSummaryOfAProblemReplacesTheEarlierOne() {
        List<SampleSummary> p3Solved = new ArrayList<>(p3());
        p3Solved.add(sample("p3", 3, 2, 0, "3", true, true, "1 + 2 = 3", 9, -1));
        IterationMetrics m = handExample().add(summary(p3Solved)).result();
        assertThat(m.problems()).isEqualTo(4);
        assertThat(m.coverageAfterResample()).isEqualTo(1.0);
        assertThat(m.hardestBucketCoverage()).isEqualTo(1.0);
    }

    @Test
    void anEmptyIterationHasUndefinedRatherThanZeroMetrics() {
        IterationMetrics m = new IterationMetricsAccumulator(0).result();
        assertThat(m.coverage()).isNull();
        assertThat(m.passAtK()).isEmpty();
        assertThat(m.semanticDiversity().get("all")).isNull();
        assertThat(m.hardestBucket()).isNull();
        assertThat(m.length().wasserstein1()).isNull();
        assertThat(m.improvementSetSize()).isNull();
    }

    @Test
    void jsonUsesSnakeCaseKeysAndReadsBackEqual() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        IterationMetrics m = handExample().result();
        String json = mapper.writeValueAsString(m);
        JsonNode tree = mapper.readTree(json);

        assertThat(tree.get("metrics_version").asText()).isEqualTo(MetricsVersion.CURRENT);
        assertThat(tree.get("coverage_after_resample").asDouble()).isEqualTo(0.75);
        assertThat(tree.get("pass_at_k").get("1").asDouble()).isCloseTo(0.375, within(1e-12));
        assertThat(tree.get("greedy_accuracy").get("held-out").asDouble()).isEqualTo(1.0);
        assertThat(tree.get("semantic_diversity").has("incorrect")).isTrue();
        assertThat(tree.get("diversity_by_subset").get("correct").has("distinct_equations"))
                .isTrue();
        assertThat(tree.get("length").has("wasserstein_1")).isTrue();
        assertThat(tree.get("perplexity").has("js_divergence")).isTrue();
        assertThat(tree.get("self_correction")
                        .get("right_after_given_wrong_before")
                        .asDouble())
                .isEqualTo(0.5);
        assertThat(tree.get("disparity").get("accuracy_by_bucket").get("2").asDouble())
                .isEqualTo(1.0);
        for (String key : List.of(
                "iteration",
                "accepted",
                "coverage",
                "distinct_1",
                "distinct_4",
                "distinct_equations",
                "hardest_bucket_coverage",
                "hardest_bucket_share_accepted",
                "hardest_bucket_share_original",
                "maj_at_k",
                "improvement_set_size",
                "first_model_pass_at_n_on_improvement_set",
                "correct_histogram_after_resample")) {
            assertThat(tree.has(key)).as(key).isTrue();
        }
        assertThat(json).doesNotContain("NaN").doesNotContain("passAtK");

        assertThat(mapper.readValue(json, IterationMetrics.class)).isEqualTo(m);
    }

    private static SampleSummary checked(
            String problem, int bucket, int index, boolean correct, boolean accepted, Boolean stepsValid) {
        return new SampleSummary(
                problem,
                bucket,
                0,
                index,
                correct,
                accepted,
                correct ? "5" : "6",
                "t" + index,
                3,
                -1,
                false,
                stepsValid);
    }

    @Test
    void theShareRightForTheWrongReasonCountsCheckedCorrectSamplesOverallAndPerBucket() {
        IterationMetricsAccumulator acc = new IterationMetricsAccumulator(1);
        acc.add(ProblemSummary.of(
                "a",
                1,
                List.of(
                        checked("a", 1, 0, true, true, true),
                        checked("a", 1, 1, true, true, false),
                        checked("a", 1, 2, true, false, false),
                        checked("a", 1, 3, false, false, false)),
                Function.identity()));
        acc.add(ProblemSummary.of(
                "b",
                3,
                List.of(checked("b", 3, 0, true, true, false), checked("b", 3, 1, true, true, null)),
                Function.identity()));

        IterationMetrics m = acc.result();

        // accepted and checked: a0 (valid), a1 (wrong), b0 (wrong); b1 was not checked
        assertThat(m.wrongReasonShareAccepted()).isCloseTo(2 / 3.0, within(1e-9));
        // correct and checked: a0, a1, a2, b0, three of them wrong; a3 is not correct
        assertThat(m.wrongReasonShareCorrect()).isCloseTo(3 / 4.0, within(1e-9));
        assertThat(m.wrongReasonShareAcceptedByBucket()).containsOnly(entry(1, 0.5), entry(3, 1.0));
        assertThat(m.intervals().get("wrong_reason_share_accepted")).isEqualTo(Uncertainty.wilson(2, 3));
        assertThat(m.intervals().get("wrong_reason_share_accepted_by_bucket.3")).isEqualTo(Uncertainty.wilson(1, 1));
    }

    @Test
    void noCheckedSampleLeavesTheShareRightForTheWrongReasonUndefined() {
        IterationMetrics m = new IterationMetricsAccumulator(1)
                .add(ProblemSummary.of("p1", 1, p1(), Function.identity()))
                .result();
        assertThat(m.wrongReasonShareAccepted()).isNull();
        assertThat(m.wrongReasonShareCorrect()).isNull();
        assertThat(m.intervals()).doesNotContainKey("wrong_reason_share_accepted");
    }
}
