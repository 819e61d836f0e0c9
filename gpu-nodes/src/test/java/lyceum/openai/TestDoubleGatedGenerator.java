package lyceum.openai;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import lyceum.engine.Generation;
import lyceum.engine.GenerationRequest;
import lyceum.engine.Generator;

/**
 * The real generator behind a gate: a batch waits until the test opens it, so a test can hold the
 * server's engine busy while it sends more requests. Counts the requests that reached the real engine.
 */
final class TestDoubleGatedGenerator implements Generator {
    private final Generator real;
    private final CountDownLatch gate = new CountDownLatch(1);
    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch done = new CountDownLatch(1);
    private final AtomicInteger generated = new AtomicInteger();

    TestDoubleGatedGenerator(Generator real) {
        this.real = real;
    }

    @Override
    public List<Generation> generate(String modelVersion, List<GenerationRequest> batch) throws Exception {
        entered.countDown();
        if (!gate.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the test never opened the gate");
        }
        generated.addAndGet(batch.size());
        try {
            return real.generate(modelVersion, batch);
        } finally {
            done.countDown();
        }
    }

    /** Waits until the engine holds a batch at the gate. */
    void awaitBatch() throws InterruptedException {
        if (!entered.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("no batch reached the engine");
        }
    }

    /** Waits until the first batch is decoded. */
    void awaitFirstDone() throws InterruptedException {
        if (!done.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the first batch was never decoded");
        }
    }

    void open() {
        gate.countDown();
    }

    int generated() {
        return generated.get();
    }

    @Override
    public int preferredBatchSize() {
        return real.preferredBatchSize();
    }

    @Override
    public String device() {
        return real.device();
    }

    @Override
    public void close() throws Exception {
        real.close();
    }
}
