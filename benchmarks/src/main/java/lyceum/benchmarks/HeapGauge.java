package lyceum.benchmarks;

import java.lang.management.ManagementFactory;

/** Heap in use after full collections: what live objects hold, without the garbage of the moment. */
final class HeapGauge {

    private HeapGauge() {}

    static long usedAfterGc() {
        long used = Long.MAX_VALUE;
        // Several rounds: finalizable and weakly reachable objects need more than one collection to go.
        for (int i = 0; i < 4; i++) {
            System.gc();
            sleep(100);
            used = Math.min(
                    used,
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while measuring the heap", e);
        }
    }
}
