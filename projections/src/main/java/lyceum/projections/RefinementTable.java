package lyceum.projections;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import java.util.List;
import java.util.concurrent.CompletionStage;
import lyceum.events.ProblemEvent.EvaluationRefined;
import lyceum.metrics.RefinementOutcome;
import org.apache.pekko.Done;

/**
 * Read model of test-time critique-then-refine: one row per (problem, iteration, split), with the
 * verdict before, whether the critic flagged the answer and the verdict after, in partitions of
 * (experiment, iteration, shard).
 */
public final class RefinementTable {

    static final String TABLE = "evaluation_refinements";

    private final CqlSession session;
    private final PreparedStatement upsert;
    private final PreparedStatement selectShard;

    private RefinementTable(CqlSession session, List<PreparedStatement> statements) {
        this.session = session;
        this.upsert = statements.get(0);
        this.selectShard = statements.get(1);
    }

    static List<String> ddl(String keyspace) {
        return List.of("""
        CREATE TABLE IF NOT EXISTS %s.%s (
          experiment_id text,
          iteration int,
          shard int,
          split text,
          problem_id text,
          critic_version text,
          parsed boolean,
          flagged boolean,
          original_correct boolean,
          correct_after boolean,
          PRIMARY KEY ((experiment_id, iteration, shard), split, problem_id))""".formatted(keyspace, TABLE));
    }

    static CompletionStage<RefinementTable> prepare(CqlSession session, String keyspace) {
        String table = keyspace + "." + TABLE;
        String key = " WHERE experiment_id = ? AND iteration = ? AND shard = ?";
        return Cql.prepare(
                        session,
                        "UPDATE " + table + " SET critic_version = ?, parsed = ?, flagged = ?, original_correct = ?,"
                                + " correct_after = ?" + key + " AND split = ? AND problem_id = ?",
                        "SELECT split, problem_id, flagged, original_correct, correct_after FROM " + table + key)
                .thenApply(statements -> new RefinementTable(session, statements));
    }

    public CompletionStage<Done> upsert(EvaluationRefined e) {
        return Cql.write(
                session,
                Cql.bind(
                        upsert,
                        e.criticVersion(),
                        e.parsed(),
                        e.flagged(),
                        e.originalCorrect(),
                        e.correctAfter(),
                        e.experimentId(),
                        e.iteration(),
                        ReadSideShard.of(e.problemId()),
                        e.evaluationSplit(),
                        e.problemId()));
    }

    CompletionStage<AsyncResultSet> selectShard(String experimentId, int iteration, int shard) {
        return Cql.read(session, Cql.bind(selectShard, experimentId, iteration, shard));
    }

    static RefinementOutcome outcome(Row row) {
        return new RefinementOutcome(
                row.getString("split"),
                row.getString("problem_id"),
                row.getBoolean("original_correct"),
                row.getBoolean("flagged"),
                row.getBoolean("correct_after"));
    }
}
