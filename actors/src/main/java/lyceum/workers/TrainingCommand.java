package lyceum.workers;

import java.time.Duration;
import java.util.List;

/**
 * An external trainer run instead of the node's own: {@code argv} with placeholders {data}, {output},
 * {base}, {iteration}, {epochs}, {learning_rate} and {seed}; see {@code CommandTrainer} for its contract.
 */
public record TrainingCommand(List<String> argv, Duration timeout) {}
