package lyceum.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import lyceum.events.IterationCounts;
import org.junit.jupiter.api.Test;

class PhaseWalkTest {

    /** What problem {@code index} contributes: deterministic, and different from its neighbours. */
    /** One problem's result; its samples are its index, so a sum of samples names the indices summed. */
    private static IterationCounts delta(int index) {
        return new IterationCounts(
                1, 0, index, Map.of("held-out", new IterationCounts.SplitCounts(0, 1, index % 2, 0, 0)));
    }

    @Test
    void neverHasMoreThanTheWindowDispatched() {
        PhaseWalk walk = new PhaseWalk(10, 0, IterationCounts.NONE, 3);

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

    /** A walk of {@code size} problems, all dispatched at once. */
    private static PhaseWalk allDispatched(int size) {
        PhaseWalk walk = new PhaseWalk(size, 0, IterationCounts.NONE, size);
        assertThat(walk.dispatchable()).hasSize(size);
        return walk;
    }

    private static void complete(PhaseWalk walk, int... indices) {
        for (int index : indices) {
            walk.complete(index, delta(index));
        }
    }

    @Test
    void outOfOrderCompletionsMoveTheWatermarkOnlyWhenContiguous() {
        PhaseWalk walk = allDispatched(5);

        complete(walk, 2, 1);
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
        PhaseWalk walk = allDispatched(4);

        complete(walk, 0, 2, 3);

        assertThat(walk.watermark()).isEqualTo(1);
        assertThat(walk.counters().problems()).isEqualTo(1);
        assertThat(walk.counters().samples()).as("the indices summed").isEqualTo(0);

        walk.complete(1, delta(1));
        assertThat(walk.counters().problems()).isEqualTo(4);
        assertThat(walk.counters().samples()).as("the indices summed").isEqualTo(6);
        assertThat(walk.counters().splits().get("held-out").greedyCorrect()).isEqualTo(2);
    }

    @Test
    void aRepeatedCompletionIsIgnored() {
        PhaseWalk walk = allDispatched(3);

        assertThat(walk.complete(0, delta(0))).isTrue();
        assertThat(walk.complete(0, delta(0))).as("below the watermark").isFalse();
        assertThat(walk.complete(2, delta(2))).isTrue();
        assertThat(walk.complete(2, delta(2))).as("done above the watermark").isFalse();
        walk.complete(1, delta(1));

        assertThat(walk.counters().problems()).isEqualTo(3);
        assertThat(walk.counters().samples()).isEqualTo(0 + 1 + 2);
    }

    @Test
    void aWalkStartedAtAJournaledWatermarkDispatchesOnlyWhatIsAboveIt() {
        PhaseWalk walk = new PhaseWalk(6, 4, new IterationCounts(4, 0, 6, Map.of()), 10);

        assertThat(walk.dispatchable()).containsExactly(4, 5);
        walk.complete(4, delta(4));
        walk.complete(5, delta(5));

        assertThat(walk.done()).isTrue();
        assertThat(walk.counters().problems()).isEqualTo(6);
        assertThat(walk.counters().samples()).isEqualTo(6 + 4 + 5);
    }

    @Test
    void restartingFromAnyJournaledCursorYieldsTheTotalsOfAnUninterruptedWalk() {
        Random random = new Random(20240607L);
        for (int trial = 0; trial < 200; trial++) {
            int total = 1 + random.nextInt(60);
            int window = 1 + random.nextInt(12);
            IterationCounts uninterrupted = runToEnd(new PhaseWalk(total, 0, IterationCounts.NONE, window), random, -1);

            PhaseWalk first = new PhaseWalk(total, 0, IterationCounts.NONE, window);
            int stopAfter = random.nextInt(total + 1);
            runToEnd(first, random, stopAfter);
            // What the coordinator journals; everything done above the watermark is lost and redone.
            PhaseWalk resumed = new PhaseWalk(total, first.watermark(), first.counters(), window);
            IterationCounts afterRestart = runToEnd(resumed, random, -1);

            assertThat(afterRestart)
                    .as("trial %d: %d problems, window %d, stopped after %d results", trial, total, window, stopAfter)
                    .isEqualTo(uninterrupted);
        }
    }

    @Test
    void onlyTheCurrentAttemptOfAnIndexCountsAndARetryKeepsItsPlaceInTheWindow() {
        PhaseWalk walk = new PhaseWalk(4, 0, IterationCounts.NONE, 2);
        assertThat(walk.dispatchable()).containsExactly(0, 1);

        assertThat(walk.attempt(1)).isEqualTo(1);
        assertThat(walk.nextAttempt(1)).isEqualTo(2);
        assertThat(walk.nextAttempt(1)).isEqualTo(3);

        assertThat(walk.isCurrent(1, 2)).as("an earlier attempt is stale").isFalse();
        assertThat(walk.isCurrent(1, 3)).isTrue();
        assertThat(walk.dispatchable())
                .as("a retried index still holds its place in the window")
                .isEmpty();
        walk.complete(1, IterationCounts.failedProblem());
        assertThat(walk.isCurrent(1, 3))
                .as("a done index has no attempt in flight")
                .isFalse();
        walk.complete(0, IterationCounts.sampled(0, 0));
        assertThat(walk.dispatchable()).containsExactly(2, 3);
        assertThat(walk.counters()).isEqualTo(new IterationCounts(1, 1, 0, Map.of()));
    }

    /** Completes dispatched problems in random order; stops after {@code stopAfter} results unless negative. */
    private static IterationCounts runToEnd(PhaseWalk walk, Random random, int stopAfter) {
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
