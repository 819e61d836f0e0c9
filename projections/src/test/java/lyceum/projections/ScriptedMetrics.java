package lyceum.projections;

import java.util.List;
import lyceum.metrics.IterationMetrics;

/** Metrics of a scripted experiment, for the report tests. */
public final class ScriptedMetrics {

  private ScriptedMetrics() {}

  /** Iterations 0, 1 and 2 of a 24-problem experiment. */
  public static List<IterationMetrics> threeIterations() {
    return MetricsFromEvents.compute(
        "exp-report", ExperimentScript.generate("exp-report", 5, 24, 8, 6, 2).events());
  }

  /** The same with 8 sampled evaluation answers per evaluated problem. */
  public static List<IterationMetrics> threeIterationsWithTestTime() {
    return MetricsFromEvents.compute(
        "exp-report", ExperimentScript.generate("exp-report", 5, 24, 8, 6, 2, 8).events());
  }
}
