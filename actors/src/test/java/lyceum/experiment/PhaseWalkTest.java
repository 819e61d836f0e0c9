package lyceum.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PhaseWalkTest {

  /** What problem {@code index} contributes: deterministic, and different from its neighbours. */
  private static Map<String, Long> delta(int index) {
    return Map.of("problems", 1L, "samples", 8L, "correct", (long) (index % 5), "index-sum", (long) index);
  }

  @Test
  void neverHasMoreThanTheWindowDispatched() {
    PhaseWalk walk = new PhaseWalk(10, 0, Map.of(), 3);

    assertThat(walk.dispatchable()).containsExactly(0, 1, 2);
    assertThat(walk.dispatchable()).isEmpty();

    walk.complete(1, delta(1));
    assertThat(walk.dispatchable())
        .as("index 1 is done but waits above the watermark, so it still holds its place in the window")
        .isEmpty();

    walk.complete(0, delta(0));
    assertThat(walk.dispatchable()).containsExactly(3, 4);
    assertThat(walk.inFlightCount()).isEqualTo(3);
  }

  @Test
  void outOfOrderCompletionsMoveTheWatermarkOnlyWhenContiguous() {
    PhaseWalk walk = new PhaseWalk(5, 0, Map.of(), 5);
    walk.dispatchable();

    walk.complete(2, delta(2));
    walk.complete(1, delta(1));
    assertThat(walk.watermark()).isZero();

    walk.complete(0, delta(0));
    assertThat(walk.watermark()).isEqualTo(3);

    walk.complete(4, delta(4));
    assertThat(walk.watermark()).isEqualTo(3);
    assertThat(walk.done()).isFalse();

    walk.complete(3, delta(3));
    assertThat(walk.watermark()).isEqualTo(5);
    assertThat(walk.done()).isTrue();
  }

  @Test
  void countersSumOnlyTheResultsBelowTheWatermark() {
    PhaseWalk walk = new PhaseWalk(4, 0, Map.of(), 4);
    walk.dispatchable();

    walk.complete(0, delta(0));
    walk.complete(2, delta(2));
    walk.complete(3, delta(3));

    assertThat(walk.watermark()).isEqualTo(1);
    assertThat(walk.counters()).containsEntry("problems", 1L).containsEntry("index-sum", 0L);

    walk.complete(1, delta(1));
    assertThat(walk.counters()).containsEntry("problems", 4L).containsEntry("index-sum", 6L);
  }

  @Test
  void aRepeatedCompletionIsIgnored() {
    PhaseWalk walk = new PhaseWalk(3, 0, Map.of(), 3);
    walk.dispatchable();

    assertThat(walk.complete(0, delta(0))).isTrue();
    assertThat(walk.complete(0, delta(0))).as("below the watermark").isFalse();
    assertThat(walk.complete(2, delta(2))).isTrue();
    assertThat(walk.complete(2, delta(2))).as("done above the watermark").isFalse();
    walk.complete(1, delta(1));

    assertThat(walk.counters()).containsEntry("problems", 3L).containsEntry("samples", 24L);
  }

  @Test
  void aWalkStartedAtAJournaledWatermarkDispatchesOnlyWhatIsAboveIt() {
    PhaseWalk walk = new PhaseWalk(6, 4, Map.of("problems", 4L), 10);

    assertThat(walk.dispatchable()).containsExactly(4, 5);
    walk.complete(4, delta(4));
    walk.complete(5, delta(5));

    assertThat(walk.done()).isTrue();
    assertThat(walk.counters()).containsEntry("problems", 6L);
  }

  @Test
  void restartingFromAnyJournaledCursorYieldsTheTotalsOfAnUninterruptedWalk() {
    Random random = new Random(20240607L);
    for (int trial = 0; trial < 200; trial++) {
      int total = 1 + random.nextInt(60);
      int window = 1 + random.nextInt(12);
      Map<String, Long> uninterrupted = runToEnd(new PhaseWalk(total, 0, Map.of(), window), random, -1);

      PhaseWalk first = new PhaseWalk(total, 0, Map.of(), window);
      int stopAfter = random.nextInt(total + 1);
      runToEnd(first, random, stopAfter);
      // What the coordinator journals; everything done above the watermark is lost and redone.
      PhaseWalk resumed = new PhaseWalk(total, first.watermark(), first.counters(), window);
      Map<String, Long> afterRestart = runToEnd(resumed, random, -1);

      assertThat(afterRestart)
          .as("trial %d: %d problems, window %d, stopped after %d results", trial, total, window, stopAfter)
          .isEqualTo(uninterrupted);
    }
  }

  @Test
  void onlyTheCurrentAttemptOfAnIndexCountsAndARetryKeepsItsPlaceInTheWindow() {
    PhaseWalk walk = new PhaseWalk(4, 0, Map.of(), 2);
    assertThat(walk.dispatchable()).containsExactly(0, 1);

    assertThat(walk.attempt(1)).isEqualTo(1);
    assertThat(walk.nextAttempt(1)).isEqualTo(2);
    assertThat(walk.nextAttempt(1)).isEqualTo(3);

    assertThat(walk.isCurrent(1, 2)).as("an earlier attempt is stale").isFalse();
    assertThat(walk.isCurrent(1, 3)).isTrue();
    assertThat(walk.dispatchable()).as("a retried index still holds its place in the window").isEmpty();
    walk.complete(1, Map.of("failed", 1L));
    assertThat(walk.isCurrent(1, 3)).as("a done index has no attempt in flight").isFalse();
    walk.complete(0, Map.of("problems", 1L));
    assertThat(walk.dispatchable()).containsExactly(2, 3);
    assertThat(walk.counters()).isEqualTo(Map.of("problems", 1L, "failed", 1L));
  }

  /** Completes dispatched problems in random order; stops after {@code stopAfter} results unless negative. */
  private static Map<String, Long> runToEnd(PhaseWalk walk, Random random, int stopAfter) {
    List<Integer> running = new ArrayList<>(walk.dispatchable());
    int completed = 0;
    while (!running.isEmpty() && completed != stopAfter) {
      int index = running.remove(random.nextInt(running.size()));
      walk.complete(index, delta(index));
      if (random.nextInt(4) == 0) {
        walk.complete(index, delta(index)); // an at-least-once repeat
      }
      completed++;
      running.addAll(walk.dispatchable());
    }
    if (stopAfter < 0) {
      assertThat(walk.done()).isTrue();
    }
    return walk.counters();
  }
}
