package lyceum.replay;

import java.util.List;
import lyceum.metrics.IterationMetrics;
import lyceum.metrics.journal.MetricsFromEvents;
import lyceum.projections.ExperimentScript;

/** Metrics of scripted experiments computed in memory, for the tests that need no journal. */
final class MetricsFromScript {

    private MetricsFromScript() {}

    /** Iterations 0, 1 and 2 of a 12-problem experiment. */
    static List<IterationMetrics> threeIterations() {
        return of("exp-a", 9, 2);
    }

    static List<IterationMetrics> of(String experimentId, long seed, int iterations) {
        return MetricsFromEvents.compute(
                experimentId,
                ExperimentScript.generate(experimentId, seed, 12, 4, 3, iterations)
                        .events());
    }
}
