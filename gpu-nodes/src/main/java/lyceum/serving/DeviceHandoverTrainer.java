package lyceum.serving;

import java.util.List;
import java.util.function.Consumer;
import lyceum.engine.TrainedModel;
import lyceum.engine.Trainer;
import lyceum.engine.TrainingJob;

/**
 * The trainer of a node whose devices host managed servers: the servers are stopped (or put to sleep)
 * before each training job so the trainer has the devices' memory; the next batch brings each back on
 * whatever version it asks for.
 */
public final class DeviceHandoverTrainer implements Trainer {
    private final Trainer trainer;
    private final List<ManagedServerGenerator> servers;

    public DeviceHandoverTrainer(Trainer trainer, List<ManagedServerGenerator> servers) {
        this.trainer = trainer;
        this.servers = List.copyOf(servers);
    }

    @Override
    public TrainedModel train(TrainingJob job, Consumer<String> progress) throws Exception {
        freeDevices(progress);
        return trainer.train(job, progress);
    }

    @Override
    public void freeDevices(Consumer<String> progress) throws Exception {
        for (ManagedServerGenerator server : servers) {
            progress.accept("freeing " + server.device() + " for training");
            server.release();
        }
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
