package lyceum.projections;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import java.util.List;
import java.util.concurrent.CompletionStage;
import lyceum.events.ProblemEvent.EvaluationSampled;
import org.apache.pekko.Done;

/**
 * Read model of the sampled evaluation answers: one row per (problem, iteration, split, index), in
 * partitions of (experiment, iteration, shard), without the texts.
 */
public final class EvaluationSampleTable {

    static final String TABLE = "evaluation_samples";

    private final CqlSession session;
    private final PreparedStatement upsert;
    private final PreparedStatement selectShard;

    private EvaluationSampleTable(CqlSession session, List<PreparedStatement> statements) {
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
          sample_index int,
          sample_id text,
          model_version text,
          correct boolean,
          extracted_answer text,
          grader_version text,
          token_count int,
          mean_log_prob double,
          PRIMARY KEY ((experiment_id, iteration, shard), split, problem_id, sample_index))""".formatted(keyspace, TABLE));
    }

    static CompletionStage<EvaluationSampleTable> prepare(CqlSession session, String keyspace) {
        String table = keyspace + "." + TABLE;
        String key = " WHERE experiment_id = ? AND iteration = ? AND shard = ?";
        return Cql.prepare(
                        session,
                        "UPDATE " + table + " SET sample_id = ?, model_version = ?, correct = ?, extracted_answer = ?,"
                                + " grader_version = ?, token_count = ?, mean_log_prob = ?"
                                + key + " AND split = ? AND problem_id = ? AND sample_index = ?",
                        "SELECT split, problem_id, sample_index, correct, extracted_answer, mean_log_prob FROM " + table
                                + key)
                .thenApply(statements -> new EvaluationSampleTable(session, statements));
    }

    public CompletionStage<Done> upsert(EvaluationSampled e) {
        return Cql.write(
                session,
                Cql.bind(
                        upsert,
                        e.sampleId(),
                        e.modelVersion(),
                        e.correct(),
                        e.extractedAnswer(),
                        e.graderVersion(),
                        e.tokenCount(),
                        e.meanLogProb(),
                        e.experimentId(),
                        e.iteration(),
                        ReadSideShard.of(e.problemId()),
                        e.evaluationSplit(),
                        e.problemId(),
                        e.index()));
    }

    CompletionStage<AsyncResultSet> selectShard(String experimentId, int iteration, int shard) {
        return Cql.read(session, Cql.bind(selectShard, experimentId, iteration, shard));
    }

    static EvaluationSampleFacts facts(Row row) {
        return new EvaluationSampleFacts(
                row.getString("problem_id"),
                row.getString("split"),
                row.getInt("sample_index"),
                row.getString("extracted_answer"),
                row.getBoolean("correct"),
                row.isNull("mean_log_prob") ? Double.NaN : row.getDouble("mean_log_prob"));
    }
}
