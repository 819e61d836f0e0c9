package lyceum.workers;

import java.time.Duration;
import java.util.List;

/**
 * An external trainer run instead of the node's own, as a gpu node's trainer profile defines it:
 * {@code argv} with placeholders {data}, {output}, {base_model}, {base}, {base_path}, {iteration},
 * {epochs}, {learning_rate} and {seed}; {@code CommandTrainer} states its contract.
 */
public record TrainingCommand(List<String> argv, Duration timeout) {}
