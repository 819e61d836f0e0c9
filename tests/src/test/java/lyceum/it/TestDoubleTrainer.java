package lyceum.it;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import lyceum.engine.TrainedModel;
import lyceum.engine.Trainer;
import lyceum.engine.TrainingExample;
import lyceum.engine.TrainingJob;

/**
 * A trainer that trains nothing: the model it returns is named after the iteration and a hash of the
 * base model and the examples' prompts and completions (not their sample ids, which name the
 * experiment), so equal training sets give equal model versions in any experiment. It records every job.
 * Each training takes {@code latency}, so a test can interrupt the coordinator while it waits for one.
 */
final class TestDoubleTrainer implements Trainer {

    record Job(TrainingJob job, String modelVersion) {}

    private final List<Job> jobs = new CopyOnWriteArrayList<>();
    private final Duration latency;

    TestDoubleTrainer() {
        this(Duration.ZERO);
    }

    TestDoubleTrainer(Duration latency) {
        this.latency = latency;
    }

    static String modelVersion(TrainingJob job) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(String.valueOf(job.baseModelVersion()).getBytes(StandardCharsets.UTF_8));
            for (TrainingExample e : job.examples()) {
                digest.update((e.prompt() + "\u0000" + e.completion() + "\u0001").getBytes(StandardCharsets.UTF_8));
            }
            return "m" + job.iteration() + "-" + HexFormat.of().formatHex(digest.digest(), 0, 6);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public TrainedModel train(TrainingJob job, Consumer<String> progress) throws InterruptedException {
        Thread.sleep(latency.toMillis());
        String version = modelVersion(job);
        jobs.add(new Job(job, version));
        progress.accept("trained " + version + " on " + job.examples().size() + " examples");
        return new TrainedModel(
                version, "/checkpoints/" + version, job.examples().size(), Map.of("final", 0.1));
    }

    List<Job> jobs(String experimentId) {
        return jobs.stream()
                .filter(j -> j.job().experimentId().equals(experimentId))
                .toList();
    }

    @Override
    public String device() {
        return "test-double";
    }
}
