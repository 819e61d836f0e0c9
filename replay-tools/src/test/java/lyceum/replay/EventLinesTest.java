package lyceum.replay;

import static org.assertj.core.api.Assertions.assertThat;

import lyceum.events.ProblemEvent;
import lyceum.projections.SampledFixture;
import org.junit.jupiter.api.Test;

class EventLinesTest {

    private static final ProblemEvent.SampleFailed FAILED = new ProblemEvent.SampleFailed(
            "exp-1",
            "p-1",
            2,
            0,
            -1,
            "eval~exp-1~p-1~2~held-out",
            "model 'm-2' does not exist",
            true,
            ProblemEvent.RequestKind.GREEDY_EVALUATION,
            "held-out",
            "m-2");

    @Test
    void aFailedRequestIsDescribedWithItsCauseAndBelongsToItsIteration() {
        assertThat(EventLines.describe(FAILED))
                .isEqualTo(
                        "failed eval~exp-1~p-1~2~held-out (greedy evaluation on held-out, iteration 2) by m-2, permanently:"
                                + " model 'm-2' does not exist");
        assertThat(EventIterations.of(FAILED)).isEqualTo(2);
        assertThat(EventIterations.within(FAILED, 1)).isFalse();
    }

    @Test
    void aSampleSaysWhetherItsStepsCheckOutWhenTheyWereChecked() {
        ProblemEvent.Sampled checked = SampledFixture.sample("exp-1", "p-1", "exp-1~p-1~1~0~0")
                .model("m-1", "n")
                .params(0.7, 0.95, 64, 5L, "h")
                .text("6 - 1 = 1\n1 - 1 = 0\n#### 0", 9, -0.3)
                .graded("0", "g/1", true)
                .latency(4L)
                .stepsValid(false)
                .build();
        ProblemEvent.Sampled unchecked = SampledFixture.sample("exp-1", "p-1", "exp-1~p-1~1~0~1")
                .at(1, 0, 1)
                .model("m-1", "n")
                .params(0.7, 0.95, 64, 6L, "h")
                .text("#### 0", 2, -0.3)
                .graded("0", "g/1", true)
                .latency(4L)
                .build();
        assertThat(EventLines.describe(checked)).contains("answer 0, correct by g/1, a step does not check out |");
        assertThat(EventLines.describe(unchecked)).contains("answer 0, correct by g/1 |");
    }
}
