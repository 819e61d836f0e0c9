package lyceum.serving;

import java.util.function.Consumer;
import lyceum.engine.TrainedModel;
import lyceum.engine.Trainer;
import lyceum.engine.TrainingJob;

/**
 * The trainer of a device that also hosts a managed server: the server is stopped (or put to sleep)
 * before each training job so the trainer has the device's memory; the next batch brings it back on
 * whatever version it asks for.
 */
public final class DeviceHandoverTrainer implements Trainer {
  private final Trainer trainer;
  private final ManagedServerGenerator server;

  public DeviceHandoverTrainer(Trainer trainer, ManagedServerGenerator server) {
    this.trainer = trainer;
    this.server = server;
  }

  @Override
  public TrainedModel train(TrainingJob job, Consumer<String> progress) throws Exception {
    progress.accept("freeing device " + server.device() + " for training");
    server.release();
    return trainer.train(job, progress);
  }

  @Override
  public String device() {
    return trainer.device();
  }

  @Override
  public void close() throws Exception {
    trainer.close();
  }
}
