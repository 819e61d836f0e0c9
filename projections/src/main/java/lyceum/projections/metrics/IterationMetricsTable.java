package lyceum.projections.metrics;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import lyceum.metrics.IterationMetrics;
import lyceum.projections.shared.Cql;
import lyceum.projections.shared.PreparedTable;
import org.apache.pekko.Done;

/**
 * The metrics stored when an iteration reaches a stage, for {@code lyceum metrics} and for replay to
 * compare with a recomputation. One row per (experiment, iteration); the metrics are their JSON.
 */
public final class IterationMetricsTable extends PreparedTable {

    public static final String TABLE = "iteration_metrics";

    private static final int EXPECT_SAMPLES = 0;
    private static final int EXPECT_EVALUATIONS = 1;
    private static final int STORE = 2;
    private static final int SELECT_ONE = 3;
    private static final int SELECT_ALL = 4;
    private static final int EXPECT_PROBLEMS = 5;

    private IterationMetricsTable(CqlSession session, List<PreparedStatement> statements) {
        super(session, statements);
    }

    public static List<String> ddl(String keyspace) {
        return List.of(
                """
        CREATE TABLE IF NOT EXISTS %s.%s (
          experiment_id text,
          iteration int,
          stage text,
          complete boolean,
          metrics_version text,
          metrics_json text,
          triggered_at timestamp,
          expected_samples bigint,
          expected_evaluations map<text, bigint>,
          expected_problems map<text, bigint> static,
          PRIMARY KEY ((experiment_id), iteration))""".formatted(keyspace, TABLE),
                // Tables created before registrations were expected lack the column.
                "ALTER TABLE %s.%s ADD IF NOT EXISTS expected_problems map<text, bigint> static"
                        .formatted(keyspace, TABLE));
    }

    public static CompletionStage<IterationMetricsTable> prepare(CqlSession session, String keyspace) {
        String table = keyspace + "." + TABLE;
        String key = " WHERE experiment_id = ? AND iteration = ?";
        return Cql.prepare(
                        session,
                        "UPDATE " + table + " SET expected_samples = ?" + key,
                        "UPDATE " + table + " SET expected_evaluations = ?" + key,
                        "UPDATE " + table + " SET stage = ?, complete = ?, metrics_version = ?,"
                                + " metrics_json = ?, triggered_at = ?" + key,
                        "SELECT * FROM " + table + key,
                        "SELECT * FROM " + table + " WHERE experiment_id = ?",
                        "UPDATE " + table + " SET expected_problems = ? WHERE experiment_id = ?")
                .thenApply(statements -> new IterationMetricsTable(session, statements));
    }

    public CompletionStage<Done> expectSamples(String experimentId, int iteration, long samples) {
        return write(EXPECT_SAMPLES, samples, experimentId, iteration);
    }

    /** The problems the experiment registered, per split: every iteration's metrics read them all. */
    public CompletionStage<Done> expectProblems(String experimentId, Map<String, Long> problemsBySplit) {
        return write(EXPECT_PROBLEMS, problemsBySplit, experimentId);
    }

    public CompletionStage<Done> expectEvaluations(
            String experimentId, int iteration, Map<String, Long> evaluationsBySplit) {
        return write(EXPECT_EVALUATIONS, evaluationsBySplit, experimentId, iteration);
    }

    public CompletionStage<Done> store(
            String experimentId, MetricsStage stage, boolean complete, IterationMetrics metrics, Instant triggeredAt) {
        return write(
                STORE,
                stage.name(),
                complete,
                metrics.metricsVersion(),
                IterationMetricsJson.write(metrics),
                triggeredAt,
                experimentId,
                metrics.iteration());
    }

    public CompletionStage<Optional<StoredIterationMetrics>> find(String experimentId, int iteration) {
        return read(SELECT_ONE, experimentId, iteration)
                .thenApply(rows -> Optional.ofNullable(rows.one()).map(IterationMetricsTable::stored));
    }

    /** Blocking read of every stored iteration, in iteration order. */
    public List<StoredIterationMetrics> all(String experimentId) {
        List<StoredIterationMetrics> all = new ArrayList<>();
        for (Row row : readNow(SELECT_ALL, experimentId)) {
            // A partition holding only the registrations has one row of static columns and no iteration.
            if (!row.isNull("iteration")) {
                all.add(stored(row));
            }
        }
        return all;
    }

    private static StoredIterationMetrics stored(Row row) {
        String json = row.getString("metrics_json");
        String stage = row.getString("stage");
        return new StoredIterationMetrics(
                row.getInt("iteration"),
                stage == null ? null : MetricsStage.valueOf(stage),
                row.getBoolean("complete"),
                json == null ? null : IterationMetricsJson.read(json),
                row.getInstant("triggered_at"),
                row.isNull("expected_samples") ? null : row.getLong("expected_samples"),
                row.getMap("expected_evaluations", String.class, Long.class),
                row.getMap("expected_problems", String.class, Long.class));
    }
}
