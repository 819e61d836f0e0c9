package lyceum.replay;

import static org.assertj.core.api.Assertions.assertThat;

import lyceum.events.ProblemEvent;
import org.junit.jupiter.api.Test;

class EventLinesTest {

  private static final ProblemEvent.SampleFailed FAILED = new ProblemEvent.SampleFailed(
      "exp-1", "p-1", 2, 0, -1, "eval~exp-1~p-1~2~held-out", "model 'm-2' does not exist", true,
      ProblemEvent.RequestKind.GREEDY_EVALUATION, "held-out", "m-2");

  @Test
  void aFailedRequestIsDescribedWithItsCauseAndBelongsToItsIteration() {
    assertThat(EventLines.describe(FAILED)).isEqualTo(
        "failed eval~exp-1~p-1~2~held-out (greedy evaluation on held-out, iteration 2) by m-2, permanently:"
            + " model 'm-2' does not exist");
    assertThat(EventIterations.of(FAILED)).isEqualTo(2);
    assertThat(EventIterations.within(FAILED, 1)).isFalse();
  }
}
