package lyceum.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.typesafe.config.Config;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import lyceum.cassandra.CassandraClientSettings;
import lyceum.cassandra.CqlSessions;
import lyceum.cassandra.LyceumKeyspaces;
import lyceum.metrics.IterationMetrics;
import lyceum.projections.metrics.MetricsQuery;
import lyceum.projections.metrics.MetricsStage;
import lyceum.projections.metrics.StoredIterationMetrics;

/** A class's own session on its node's read side, and the stored metrics read through it. */
record ReadSideReader(CqlSession session, MetricsQuery metrics) implements AutoCloseable {

    static ReadSideReader open(Config nodeConfig) {
        CqlSession session = CqlSessions.open(CassandraClientSettings.fromConfig(nodeConfig));
        return new ReadSideReader(
                session,
                MetricsQuery.create(
                        session, LyceumKeyspaces.fromConfig(nodeConfig).readSide()));
    }

    /** The metrics stored for each of the experiment's {@code iterations}, once all are complete. */
    List<IterationMetrics> awaitCompleted(String experimentId, int iterations, Duration timeout) {
        return awaitCompleted(() -> metrics.stored(experimentId), experimentId, iterations, timeout);
    }

    /**
     * Reads the stored metrics until {@code iterations} of them reached COMPLETED, then checks they cover
     * everything the experiment counted.
     */
    static List<IterationMetrics> awaitCompleted(
            Supplier<List<StoredIterationMetrics>> read, String experimentId, int iterations, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<StoredIterationMetrics> stored = List.of();
        while (System.nanoTime() < deadline) {
            stored = read.get();
            if (stored.size() == iterations && stored.stream().allMatch(s -> s.stage() == MetricsStage.COMPLETED)) {
                break;
            }
            ItFixture.sleep(250);
        }
        assertThat(stored)
                .as("metrics the read side stored for %s", experimentId)
                .extracting(StoredIterationMetrics::stage)
                .hasSize(iterations)
                .containsOnly(MetricsStage.COMPLETED);
        assertThat(stored)
                .as("stored metrics of %s cover everything the experiment counted", experimentId)
                .allMatch(StoredIterationMetrics::complete);
        return stored.stream().map(StoredIterationMetrics::metrics).toList();
    }

    @Override
    public void close() {
        session.close();
    }
}
