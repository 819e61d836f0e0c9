package lyceum.projections;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the experiment counted for an iteration, against which a readout of the read side is checked:
 * fewer samples or evaluations than counted means a projection has not caught up yet.
 *
 * @param samples the {@code samples} counter of SamplingFinished, null when unknown
 * @param evaluations the {@code <split>.total} counters of the experiment's Evaluated event
 */
record Expectations(Long samples, Map<String, Long> evaluations) {

  static Expectations of(StoredIterationMetrics stored) {
    return new Expectations(stored.expectedSamples(), stored.expectedEvaluations());
  }

  static Expectations none() {
    return new Expectations(null, Map.of());
  }

  /** What the readout lacks for this stage, in words; empty when it covers everything. */
  List<String> shortfalls(IterationReadout readout, MetricsStage stage) {
    List<String> missing = new ArrayList<>();
    if (readout.problemsWithoutRegistration() > 0) {
      missing.add(readout.problemsWithoutRegistration() + " problems without registration");
    }
    if (samples != null && readout.samples() < samples) {
      missing.add(readout.samples() + " of " + samples + " samples");
    }
    if (stage == MetricsStage.COMPLETED) {
      evaluations.forEach((split, expected) -> {
        long seen = readout.greedyEvaluationsBySplit().getOrDefault(split, 0L);
        if (seen < expected) {
          missing.add(seen + " of " + expected + " " + split + " evaluations");
        }
      });
    }
    return missing;
  }
}
