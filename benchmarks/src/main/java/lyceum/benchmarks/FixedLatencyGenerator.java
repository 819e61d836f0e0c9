package lyceum.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import lyceum.engine.Generation;
import lyceum.engine.GenerationRequest;
import lyceum.engine.Generator;

/**
 * A benchmark fixture standing in for a device: each batch takes a fixed time plus a fixed time per
 * request (parked, so that many of them share two cores without competing for them).
 */
final class FixedLatencyGenerator implements Generator {

    private final long perBatchNanos;
    private final long perRequestNanos;

    FixedLatencyGenerator(Duration perBatch, Duration perRequest) {
        this.perBatchNanos = perBatch.toNanos();
        this.perRequestNanos = perRequest.toNanos();
    }

    @Override
    public List<Generation> generate(String modelVersion, List<GenerationRequest> batch) throws InterruptedException {
        long nanos = perBatchNanos + perRequestNanos * batch.size();
        // parkNanos rather than Thread.sleep, which rounds to whole milliseconds
        long deadline = System.nanoTime() + nanos;
        for (long left = nanos; left > 0; left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(left);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
        return InstantGenerator.answers(batch, "#### 1", 3, -0.1, nanos / 1_000_000);
    }

    @Override
    public int preferredBatchSize() {
        return 32;
    }

    @Override
    public String device() {
        return "fixed-latency";
    }
}
