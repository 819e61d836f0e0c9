package lyceum.engine;

import java.util.List;

/**
 * A generation engine behind a {@code GenerationWorker}. Calls block; the worker runs them on a
 * dedicated dispatcher. {@code modelVersion} names the checkpoint (its content hash) to sample from;
 * an engine loads and caches checkpoints by that name.
 */
public interface Generator extends AutoCloseable {
    List<Generation> generate(String modelVersion, List<GenerationRequest> batch) throws Exception;

    /** How many requests one call should carry for good throughput. */
    int preferredBatchSize();

    /** A short name for the device this engine uses, for example "cpu" or "gpu0". */
    String device();

    @Override
    default void close() throws Exception {}
}
