package lyceum.projections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import lyceum.projections.metrics.MetricsQuery;
import lyceum.projections.metrics.MetricsStage;
import lyceum.projections.metrics.StoredIterationMetrics;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.assertj.core.groups.Tuple;

/** Waiting for the read side to store an experiment's metrics at the last stage. */
public final class CompletedMetrics {

    private CompletedMetrics() {}

    /**
     * Waits up to three minutes until the metrics of iterations 0 to {@code iterations - 1}, and of no
     * other, are stored at the completed stage.
     */
    public static void await(ActorTestKit kit, MetricsQuery query, String experimentId, int iterations) {
        List<Tuple> completed = IntStream.range(0, iterations)
                .mapToObj(t -> tuple(t, MetricsStage.COMPLETED))
                .toList();
        kit.createTestProbe().awaitAssert(Duration.ofMinutes(3), Duration.ofSeconds(1), () -> {
            assertThat(query.stored(experimentId))
                    .extracting(StoredIterationMetrics::iteration, StoredIterationMetrics::stage)
                    .containsExactlyElementsOf(completed);
            return null;
        });
    }
}
