package lyceum.workers;

import lyceum.engine.Trainer;
import lyceum.engine.TrainedModel;
import lyceum.engine.TrainingJob;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** A trainer that trains nothing: it records each job and names the model after its iteration and size. */
public final class TestDoubleTrainer implements Trainer {

  private final List<TrainingJob> jobs = new CopyOnWriteArrayList<>();

  public static String modelVersion(int iteration, int examples) {
    return "m-" + iteration + "-" + examples;
  }

  @Override
  public TrainedModel train(TrainingJob job, Consumer<String> progress) {
    jobs.add(job);
    progress.accept("trained on " + job.examples().size() + " examples");
    String version = modelVersion(job.iteration(), job.examples().size());
    return new TrainedModel(version, "/checkpoints/" + version, job.examples().size(), Map.of("final", 0.1));
  }

  public List<TrainingJob> jobs() {
    return List.copyOf(jobs);
  }

  @Override
  public String device() {
    return "test-double";
  }
}
