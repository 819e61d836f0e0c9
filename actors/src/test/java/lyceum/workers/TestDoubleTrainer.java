package lyceum.workers;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import lyceum.engine.TrainedModel;
import lyceum.engine.Trainer;
import lyceum.engine.TrainingJob;

/** A trainer that trains nothing: it records each job and names the model after its iteration and size. */
public final class TestDoubleTrainer implements Trainer {

    private final List<TrainingJob> jobs = new CopyOnWriteArrayList<>();
    private final AtomicInteger devicesFreed = new AtomicInteger();

    public static String modelVersion(int iteration, int examples) {
        return "m-" + iteration + "-" + examples;
    }

    @Override
    public TrainedModel train(TrainingJob job, Consumer<String> progress) {
        jobs.add(job);
        progress.accept("trained on " + job.examples().size() + " examples");
        String version = modelVersion(job.iteration(), job.examples().size());
        return new TrainedModel(
                version, "/checkpoints/" + version, job.examples().size(), Map.of("final", 0.1));
    }

    @Override
    public void freeDevices(Consumer<String> progress) {
        devicesFreed.incrementAndGet();
    }

    /** How often the devices were freed for a job the node's worker ran with another trainer. */
    public int devicesFreed() {
        return devicesFreed.get();
    }

    public List<TrainingJob> jobs() {
        return List.copyOf(jobs);
    }

    @Override
    public String device() {
        return "test-double";
    }
}
