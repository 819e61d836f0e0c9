package lyceum.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import lyceum.events.ProblemEvent.DecisionReason;
import lyceum.events.ProblemEvent.DecisionRule;
import lyceum.events.ProblemEvent.Sampled;
import lyceum.events.SampleId;
import lyceum.experiment.config.ExperimentConfig;
import org.junit.jupiter.api.Test;

class AcceptancePolicyTest {

    private static final ExperimentConfig.Acceptance QUOTA_TWO = new ExperimentConfig.Acceptance(2, true);

    private static Sampled sample(int round, int index, String text, boolean correct, boolean truncated) {
        SampleId id = new SampleId("exp-1", "p-1", 1, round, index);
        return new Sampled(
                "exp-1",
                "p-1",
                id.value(),
                1,
                round,
                index,
                "vanilla",
                null,
                "m-1",
                "node-1",
                0.7,
                0.95,
                64,
                id.seed(),
                "hash",
                text,
                12,
                -0.5,
                truncated,
                correct ? "5" : "7",
                "grader/1",
                correct,
                3L,
                null);
    }

    private static List<DecisionRule> rules(List<AcceptancePolicy.Decision> decisions) {
        return decisions.stream().map(d -> d.reasons().get(0).rule()).toList();
    }

    @Test
    void correctSamplesUnderTheQuotaAreAcceptedInRoundThenIndexOrder() {
        List<Sampled> inOrder = List.of(
                sample(0, 0, "first #### 5", true, false),
                sample(0, 1, "second #### 5", true, false),
                sample(1, 0, "third #### 5", true, false));

        List<AcceptancePolicy.Decision> decisions = AcceptancePolicy.decide(inOrder, QUOTA_TWO);

        assertThat(decisions)
                .extracting(d -> d.sample().sampleId())
                .containsExactly(
                        inOrder.get(0).sampleId(),
                        inOrder.get(1).sampleId(),
                        inOrder.get(2).sampleId());
        assertThat(decisions).extracting(AcceptancePolicy.Decision::accepted).containsExactly(true, true, false);
        assertThat(rules(decisions))
                .containsExactly(
                        DecisionRule.CORRECT_UNDER_QUOTA, DecisionRule.CORRECT_UNDER_QUOTA, DecisionRule.QUOTA_FULL);
        assertThat(decisions.get(0).reasons().get(0).detail()).isEqualTo("1 of 2");
        assertThat(decisions.get(1).reasons().get(0).detail()).isEqualTo("2 of 2");
    }

    @Test
    void anIncorrectSampleIsRejectedAsIncorrectWithTheAnswerItGave() {
        assertThat(rejectedAlone(sample(0, 0, "#### 7", false, false)).reasons())
                .containsExactly(new DecisionReason(DecisionRule.INCORRECT, "answered 7"));
    }

    @Test
    void aTruncatedCorrectSampleIsRejectedAsTruncated() {
        assertThat(rejectedAlone(sample(0, 0, "cut off #### 5", true, true)).reasons())
                .extracting(DecisionReason::rule)
                .containsExactly(DecisionRule.TRUNCATED);
    }

    @Test
    void aDuplicateDifferingOnlyInCaseAndSpaceIsRejectedNamingTheFirstSample() {
        Sampled first = sample(0, 0, "Two plus three is five.\n#### 5", true, false);
        Sampled copy = sample(0, 1, "  two PLUS three   is five. #### 5 ", true, false);

        List<AcceptancePolicy.Decision> decisions = AcceptancePolicy.decide(List.of(first, copy), QUOTA_TWO);

        assertThat(decisions.get(0).accepted()).isTrue();
        assertThat(decisions.get(1).accepted()).isFalse();
        assertThat(decisions.get(1).reasons())
                .containsExactly(new DecisionReason(DecisionRule.DUPLICATE, "duplicate of " + first.sampleId()));
    }

    @Test
    void aCorrectSampleBeyondTheQuotaIsRejectedAsQuotaFull() {
        ExperimentConfig.Acceptance quotaOne = new ExperimentConfig.Acceptance(1, true);

        List<AcceptancePolicy.Decision> decisions = AcceptancePolicy.decide(
                List.of(sample(0, 0, "a #### 5", true, false), sample(0, 1, "b #### 5", true, false)), quotaOne);

        assertThat(decisions.get(1).accepted()).isFalse();
        assertThat(decisions.get(1).reasons())
                .containsExactly(new DecisionReason(DecisionRule.QUOTA_FULL, "1 of 1 kept"));
    }

    @Test
    void withoutDeduplicationIdenticalRationalesAreAllKept() {
        ExperimentConfig.Acceptance keepDuplicates = new ExperimentConfig.Acceptance(4, false);
        Sampled first = sample(0, 0, "same #### 5", true, false);
        Sampled again = sample(0, 1, "same #### 5", true, false);

        List<AcceptancePolicy.Decision> decisions = AcceptancePolicy.decide(List.of(first, again), keepDuplicates);

        assertThat(decisions).extracting(AcceptancePolicy.Decision::accepted).containsExactly(true, true);
    }

    @Test
    void incorrectAndTruncatedSamplesDoNotUseTheQuota() {
        ExperimentConfig.Acceptance quotaOne = new ExperimentConfig.Acceptance(1, true);

        List<AcceptancePolicy.Decision> decisions = AcceptancePolicy.decide(
                List.of(
                        sample(0, 0, "wrong #### 7", false, false),
                        sample(0, 1, "cut #### 5", true, true),
                        sample(0, 2, "right #### 5", true, false)),
                quotaOne);

        assertThat(rules(decisions))
                .containsExactly(DecisionRule.INCORRECT, DecisionRule.TRUNCATED, DecisionRule.CORRECT_UNDER_QUOTA);
    }

    @Test
    void aRefinementIsAShortcutWithoutReasoningWithAStepThatFailsOrWithFewerStepsThanTheReference() {
        String reference = "2 + 3 = 5\n5 * 4 = 20\n#### 20";

        assertThat(AcceptancePolicy.shortcut("#### 20", reference)).contains("no reasoning before the answer");
        assertThat(AcceptancePolicy.shortcut("2 + 3 = 6\n5 * 4 = 20\n#### 20", reference))
                .contains("step 1 does not check out");
        assertThat(AcceptancePolicy.shortcut("2 + 3 = 5\n7 * 4 = 28\n#### 20", reference))
                .contains("step 2 does not check out");
        assertThat(AcceptancePolicy.shortcut("5 * 4 = 20\n#### 20", reference))
                .contains("1 of the 2 steps the reference needs");
        assertThat(AcceptancePolicy.shortcut("2 + 3 = 5\nthen\n5 * 4 = 20\n#### 20", reference))
                .isEmpty();
        assertThat(AcceptancePolicy.shortcut("Twenty, counting twice.\n#### 20", "no steps here\n#### 20"))
                .isEmpty();
    }

    @Test
    void onlySamplesOfAFeedbackHintFaceTheBarrierAndOnlyCritiquesHaveACap() {
        Sampled plain = hinted(0, 0, "#### 20", null);
        Sampled shortcut = hinted(1, 0, "#### 20", "hint-1-1-0");
        Sampled first = hinted(1, 1, "2 + 3 = 5\n5 * 4 = 20\n#### 20", "hint-1-1-0");
        Sampled second = hinted(1, 2, "2 + 3 = 5\n5 x 4 = 20\n#### 20", "hint-1-1-0");
        Sampled taught = hinted(1, 3, "2 + 3 = 5\n5*4 = 20\n#### 20", "hint-1-1-1");
        var refinements = new AcceptancePolicy.Refinements(
                java.util.Map.of(
                        "hint-1-1-0",
                        lyceum.events.ProblemEvent.HintKind.CRITIQUE,
                        "hint-1-1-1",
                        lyceum.events.ProblemEvent.HintKind.TEACHER_FEEDBACK),
                1,
                "2 + 3 = 5\n5 * 4 = 20\n#### 20");

        List<AcceptancePolicy.Decision> decisions = AcceptancePolicy.decide(
                List.of(plain, shortcut, first, second, taught),
                new ExperimentConfig.Acceptance(10, true),
                refinements);

        assertThat(decisions)
                .extracting(d -> d.reasons().get(0).rule())
                .containsExactly(
                        DecisionRule.CORRECT_UNDER_QUOTA,
                        DecisionRule.SHORTCUT,
                        DecisionRule.CORRECT_UNDER_QUOTA,
                        DecisionRule.CRITIQUE_CAP,
                        DecisionRule.CORRECT_UNDER_QUOTA);
        assertThat(decisions.get(3).reasons().get(0).detail()).isEqualTo("1 of 1 kept for hint-1-1-0");
    }

    private static Sampled hinted(int round, int index, String text, String hintId) {
        return new Sampled(
                "e",
                "p",
                new lyceum.events.SampleId("e", "p", 1, round, index).value(),
                1,
                round,
                index,
                "critique",
                hintId,
                "m",
                "n",
                0.7,
                0.95,
                64,
                1L,
                "h",
                text,
                5,
                -0.1,
                false,
                "20",
                "g",
                true,
                1L,
                null);
    }

    private static Sampled checked(int index, String text, boolean stepsValid) {
        return sample(0, index, text, true, false).withStepsValid(stepsValid);
    }

    @Test
    void requiringValidStepsRejectsARightAnswerReachedByWrongArithmeticAndKeepsTheQuotaForValidOnes() {
        List<Sampled> inOrder = List.of(
                checked(0, "6 - 1 = 1\n1 - 1 = 0\n#### 0", false),
                checked(1, "6 - 5 = 1\n1 - 1 = 0\n#### 0", true),
                sample(0, 2, "unchecked #### 5", true, false));
        ExperimentConfig.Acceptance strict = new ExperimentConfig.Acceptance(2, true, true);

        List<AcceptancePolicy.Decision> decisions = AcceptancePolicy.decide(inOrder, strict);

        assertThat(rules(decisions))
                .containsExactly(
                        DecisionRule.INVALID_STEPS, DecisionRule.CORRECT_UNDER_QUOTA, DecisionRule.CORRECT_UNDER_QUOTA);
        assertThat(decisions.get(0).reasons().get(0).detail()).isEqualTo("step 1 has wrong arithmetic");
        assertThat(rules(AcceptancePolicy.decide(inOrder, QUOTA_TWO)))
                .containsExactly(
                        DecisionRule.CORRECT_UNDER_QUOTA, DecisionRule.CORRECT_UNDER_QUOTA, DecisionRule.QUOTA_FULL);
    }

    /** The decision on a sample decided alone, which must be a rejection. */
    private static AcceptancePolicy.Decision rejectedAlone(Sampled sample) {
        List<AcceptancePolicy.Decision> decisions = AcceptancePolicy.decide(List.of(sample), QUOTA_TWO);
        assertThat(decisions)
                .singleElement()
                .satisfies(d -> assertThat(d.accepted()).isFalse());
        return decisions.get(0);
    }
}
