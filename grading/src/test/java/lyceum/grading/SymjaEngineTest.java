package lyceum.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SymjaEngineTest {

    @Test
    void warmedUpEngineComparesAsAColdOneAndCountsNoWarmUpAsAComparison() {
        SymjaEngine warm = SymjaEngine.create(2, Duration.ofSeconds(30));
        warm.warmUp();
        warm.warmUp(); // a second warm-up starts nothing new
        SymjaEngine cold = SymjaEngine.create(1, Duration.ofSeconds(30));

        for (SymjaEngine engine : List.of(warm, cold)) {
            assertEquals(SymjaEngine.Outcome.EQUAL, engine.sameValue("x+x", "2*x", List.of("x")));
            assertEquals(SymjaEngine.Outcome.DIFFERENT, engine.sameValue("x+x", "3*x", List.of("x")));
            assertEquals(SymjaEngine.Outcome.EQUAL, engine.sameValue("Sqrt(8)", "2*Sqrt(2)", List.of()));
        }
        assertEquals(3, warm.calls());
        assertEquals(3, cold.calls());
    }

    @Test
    void comparisonsOnEveryWorkerOfAWarmedUpEngineSucceed() throws Exception {
        SymjaEngine engine = SymjaEngine.create(2, Duration.ofSeconds(30));
        engine.warmUp();
        // two comparisons at once take both workers, each with the evaluator its warm-up made
        var first = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> engine.sameValue("(a+1)^2", "a^2+2*a+1", List.of("a")));
        var second =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> engine.sameValue("1/3+1/6", "1/2", List.of()));
        assertEquals(SymjaEngine.Outcome.EQUAL, first.get());
        assertEquals(SymjaEngine.Outcome.EQUAL, second.get());
    }
}
