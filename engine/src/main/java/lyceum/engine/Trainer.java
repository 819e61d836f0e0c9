package lyceum.engine;

import java.util.function.Consumer;

/** A training engine behind a {@code TrainingWorker}. Blocks; progress lines go to {@code progress}. */
public interface Trainer extends AutoCloseable {
    TrainedModel train(TrainingJob job, Consumer<String> progress) throws Exception;

    String device();

    /**
     * Frees what the node's other engines hold on this trainer's devices (a managed inference server)
     * before a training job runs there: the node's own job, or an external trainer command the training
     * worker runs instead.
     */
    default void freeDevices(Consumer<String> progress) throws Exception {}

    @Override
    default void close() throws Exception {}
}
