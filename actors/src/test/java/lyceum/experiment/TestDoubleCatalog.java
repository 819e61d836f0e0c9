package lyceum.experiment;

import lyceum.experiment.config.ExperimentConfig;
import java.util.stream.IntStream;
import lyceum.events.ProblemEvent.ProblemRegistered;

/** {@code train} problems "train-0".. and {@code test} problems "test-0"..; difficulty bucket = number % 3. */
final class TestDoubleCatalog implements ProblemCatalog {

  private final int train;
  private final int test;

  TestDoubleCatalog(int train, int test) {
    this.train = train;
    this.test = test;
  }

  static int number(String problemId) {
    return Integer.parseInt(problemId.substring(problemId.indexOf('-') + 1));
  }

  private static ProblemRegistered problem(String experimentId, String split, int n) {
    return new ProblemRegistered(experimentId, split + "-" + n, "What is " + n + " + 1?", String.valueOf(n + 1),
        n + " + 1 = " + (n + 1) + "\n#### " + (n + 1), n % 3, n % 3, split, "test-double", "test-double:" + n, n + 1);
  }

  @Override
  public Problems load(String experimentId, ExperimentConfig config) {
    return new Problems(
        IntStream.range(0, train).mapToObj(n -> problem(experimentId, "train", n)).toList(),
        IntStream.range(0, test).mapToObj(n -> problem(experimentId, "test", n)).toList());
  }
}
