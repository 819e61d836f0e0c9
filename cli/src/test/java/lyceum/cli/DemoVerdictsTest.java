package lyceum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import lyceum.events.ProblemEvent;
import lyceum.events.ProblemEvent.Accepted;
import lyceum.events.ProblemEvent.DecisionReason;
import lyceum.events.ProblemEvent.DecisionRule;
import lyceum.events.ProblemEvent.Evaluated;
import lyceum.events.ProblemEvent.ProblemRegistered;
import lyceum.events.ProblemEvent.Sampled;
import lyceum.projections.SampledFixture;
import org.junit.jupiter.api.Test;

class DemoVerdictsTest {

    private static ProblemRegistered registered(String id, String split, int bucket) {
        return new ProblemRegistered(
                "e", id, "q", "5", "2 + 3 = 5\n#### 5", bucket, bucket, split, "synthetic", "s", 1);
    }

    private static Evaluated greedy(String id, int iteration, boolean correct) {
        return new Evaluated(
                "e", id, iteration, "held-out", "greedy", "m" + iteration, "#### 5", "5", "g", correct, 3, -1);
    }

    private static Sampled sampled(String id, int iteration, int index, String text, boolean correct, Boolean valid) {
        return SampledFixture.sample("e", id, id + "~" + iteration + "~" + index)
                .at(iteration, 0, index)
                .model("m", "n")
                .text(text)
                .graded(correct ? "5" : "6", "g", correct)
                .stepsValid(valid)
                .build();
    }

    private static Accepted accepted(Sampled s) {
        return new Accepted(
                "e",
                s.problemId(),
                s.sampleId(),
                s.iteration(),
                List.of(new DecisionReason(DecisionRule.CORRECT_UNDER_QUOTA, "1 of 2")),
                "p",
                false,
                "q",
                s.text());
    }

    /** 200 held-out problems: M_0 right on the first {@code before}, M_2 on the first {@code after}. */
    private static DemoVerdicts.Facts heldOut(int before, int after) {
        DemoVerdicts.Facts facts = new DemoVerdicts.Facts("vanilla", false);
        for (int i = 0; i < 200; i++) {
            String id = "t" + i;
            facts.add(List.of(registered(id, "test", 1), greedy(id, 0, i < before), greedy(id, 2, i < after)));
        }
        return facts;
    }

    @Test
    void selfImprovementIsReportedOnlyWhenThePairedIntervalExcludesNoChange() {
        assertThat(DemoVerdicts.selfImprovement(heldOut(20, 50)))
                .startsWith("self-improvement (vanilla): rises; held-out greedy accuracy M_0 10.0% (")
                .contains("M_2 25.0% (", "difference +15.0 points", "30 vs 0 discordant, n = 200");
        assertThat(DemoVerdicts.selfImprovement(heldOut(20, 23)))
                .startsWith("self-improvement (vanilla): no change beyond noise;");
        assertThat(DemoVerdicts.selfImprovement(heldOut(40, 10))).startsWith("self-improvement (vanilla): falls;");
    }

    @Test
    void rightForTheWrongReasonCountsCheckedCorrectSamplesAndTheAcceptedOnes() {
        DemoVerdicts.Facts facts = new DemoVerdicts.Facts("vanilla", true);
        Sampled valid = sampled("p", 1, 0, "2 + 3 = 5\n#### 5", true, true);
        Sampled wrongReason = sampled("p", 1, 1, "2 + 2 = 5\n#### 5", true, false);
        facts.add(List.of(
                registered("p", "train", 2),
                valid,
                wrongReason,
                sampled("p", 1, 2, "#### 6", false, false),
                accepted(valid)));

        assertThat(DemoVerdicts.wrongReason(facts))
                .isEqualTo(
                        "right for the wrong reason (vanilla): without step "
                                + "verification (all correct samples) 50.0% (9.5-90.5) of 2; accepted with step verification 0.0% (0.0-79.3) of 1");
    }

    @Test
    void tailNarrowingComparesTheHardestBucketsShareOfAcceptedAndOriginalData() {
        DemoVerdicts.Facts facts = new DemoVerdicts.Facts("vanilla", false);
        List<ProblemEvent> events;
        for (int i = 0; i < 300; i++) {
            int bucket = i % 3 + 1;
            Sampled s = sampled("p" + i, 1, 0, "2 + 3 = 5\n#### 5", bucket < 3, true);
            events = new ArrayList<>(List.of(registered("p" + i, "train", bucket), s));
            if (s.correct()) {
                events.add(accepted(s));
            }
            facts.add(events);
        }
        assertThat(DemoVerdicts.tailNarrowing(facts))
                .startsWith("tail narrowing (vanilla): narrowed; hardest bucket (3 steps)"
                        + " share of accepted data 0.0% (0.0-1.9) against original data 33.3% (");
    }
}
