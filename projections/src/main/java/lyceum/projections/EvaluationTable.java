package lyceum.projections;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import java.util.List;
import java.util.concurrent.CompletionStage;
import lyceum.events.ProblemEvent.Evaluated;
import org.apache.pekko.Done;

/**
 * Read model of the evaluation answers: one row per (problem, iteration, split, mode), in partitions of
 * (experiment, iteration, shard).
 */
public final class EvaluationTable {

    static final String TABLE = "evaluations";

    private final CqlSession session;
    private final PreparedStatement upsert;
    private final PreparedStatement selectShard;

    private EvaluationTable(CqlSession session, List<PreparedStatement> statements) {
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
          mode text,
          split text,
          problem_id text,
          model_version text,
          correct boolean,
          extracted_answer text,
          grader_version text,
          token_count int,
          mean_log_prob double,
          PRIMARY KEY ((experiment_id, iteration, shard), mode, split, problem_id))""".formatted(keyspace, TABLE));
    }

    static CompletionStage<EvaluationTable> prepare(CqlSession session, String keyspace) {
        String table = keyspace + "." + TABLE;
        String key = " WHERE experiment_id = ? AND iteration = ? AND shard = ?";
        return Cql.prepare(
                        session,
                        "UPDATE " + table + " SET model_version = ?, correct = ?, extracted_answer = ?,"
                                + " grader_version = ?, token_count = ?, mean_log_prob = ?"
                                + key + " AND mode = ? AND split = ? AND problem_id = ?",
                        "SELECT mode, split, problem_id, correct FROM " + table + key)
                .thenApply(statements -> new EvaluationTable(session, statements));
    }

    public CompletionStage<Done> upsert(Evaluated e) {
        return Cql.write(
                session,
                Cql.bind(
                        upsert,
                        e.modelVersion(),
                        e.correct(),
                        e.extractedAnswer(),
                        e.graderVersion(),
                        e.tokenCount(),
                        e.meanLogProb(),
                        e.experimentId(),
                        e.iteration(),
                        ReadSideShard.of(e.problemId()),
                        e.mode(),
                        e.evaluationSplit(),
                        e.problemId()));
    }

    CompletionStage<AsyncResultSet> selectShard(String experimentId, int iteration, int shard) {
        return Cql.read(session, Cql.bind(selectShard, experimentId, iteration, shard));
    }

    static EvaluationFacts facts(Row row) {
        return new EvaluationFacts(
                row.getString("problem_id"), row.getString("split"), row.getString("mode"), row.getBoolean("correct"));
    }
}
