package lyceum.projections;

import java.time.Instant;
import java.util.Map;

/**
 * An experiment as the status read model holds it, for {@code lyceum status}.
 *
 * @param state RUNNING, FINISHED or FAILED
 * @param phase the phase last reported (STARTED right after an iteration starts)
 * @param counters the counters of that phase so far
 * @param latestAccuracy greedy accuracy per split of the latest evaluated model
 */
public record ExperimentStatus(
    String experimentId,
    String name,
    String configHash,
    String codeVersion,
    Instant startedAt,
    String state,
    Integer iteration,
    String phase,
    Integer watermark,
    Map<String, Long> counters,
    Map<String, Integer> problemsPerSplit,
    Map<String, Double> latestAccuracy,
    Integer latestAccuracyIteration,
    String finalModelVersion,
    String failure) {}
