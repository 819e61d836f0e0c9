package lyceum.engine;

import java.util.function.Consumer;

/** A training engine behind a {@code TrainingWorker}. Blocks; progress lines go to {@code progress}. */
public interface Trainer extends AutoCloseable {
  TrainedModel train(TrainingJob job, Consumer<String> progress) throws Exception;

  String device();

  @Override
  default void close() throws Exception {}
}
