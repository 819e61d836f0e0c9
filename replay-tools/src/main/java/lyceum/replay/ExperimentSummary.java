package lyceum.replay;

import java.util.List;
import java.util.Map;
import lyceum.events.ExperimentEvent;
import lyceum.experiment.ExperimentActor;

/** An experiment as its journal tells it: the coordinator's own state, folded from its events. */
public record ExperimentSummary(
    String id,
    String name,
    String state,
    int iteration,
    int iterations,
    String phase,
    int done,
    int total,
    Map<String, Double> latestAccuracy,
    Map<String, Long> latestSampling,
    String failure) {

  public static ExperimentSummary of(String experimentId, List<ExperimentEvent> events) {
    ExperimentActor.State state = ExperimentActor.State.empty();
    for (ExperimentEvent event : events) {
      state = state.apply(event);
    }
    int train = state.problemsPerSplit().getOrDefault("train", 0);
    int all = state.problemsPerSplit().values().stream().mapToInt(Integer::intValue).sum();
    int total = state.phase() == null ? 0 : switch (state.phase()) {
      case REGISTERING -> all;
      case SAMPLING, COLLECTING -> train;
      case EVALUATING -> all - train + Math.min(train, state.config().dataset().heldInCount());
      case TRAINING -> 1;
    };
    return new ExperimentSummary(
        experimentId,
        state.config() == null ? null : state.config().name(),
        state.runState().name().toLowerCase(),
        state.iteration(),
        state.config() == null ? 0 : state.config().iterations(),
        state.phase() == null ? null : state.phase().name().toLowerCase(),
        state.watermark(),
        total,
        state.accuracy().isEmpty() ? Map.of() : new java.util.TreeMap<>(state.accuracy()).lastEntry().getValue(),
        state.sampling().isEmpty() ? Map.of() : new java.util.TreeMap<>(state.sampling()).lastEntry().getValue(),
        state.failure());
  }
}
