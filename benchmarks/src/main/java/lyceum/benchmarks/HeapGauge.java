package lyceum.benchmarks;

import java.lang.management.ManagementFactory;
import java.time.Duration;

/** Heap in use after full collections: what live objects hold, without the garbage of the moment. */
final class HeapGauge {

    private HeapGauge() {}

    static long usedAfterGc() {
        long used = Long.MAX_VALUE;
        // Several rounds: finalizable and weakly reachable objects need more than one collection to go.
        for (int i = 0; i < 4; i++) {
            System.gc();
            Pause.sleep(Duration.ofMillis(100), "measuring the heap");
            used = Math.min(
                    used,
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
