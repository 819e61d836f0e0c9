package lyceum.projections;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import java.util.List;
import java.util.concurrent.CompletionStage;
import lyceum.events.ProblemEvent.Corrected;
import lyceum.events.ProblemEvent.StepVerdict;
import lyceum.metrics.CorrectionOutcome;
import org.apache.pekko.Done;

/**
 * Read model of the corrections (critique-and-refine, reflect-and-retry): one row per refined sample,
 * with the verdicts before and after and what the critic said in numbers.
 */
public final class CorrectionTable {

    static final String TABLE = "corrections";

    private final CqlSession session;
    private final PreparedStatement upsert;
    private final PreparedStatement selectShard;

    private CorrectionTable(CqlSession session, List<PreparedStatement> statements) {
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
          problem_id text,
          refined_sample_id text,
          sample_id text,
          kind text,
          parsed boolean,
          steps int,
          wrong_steps int,
          critic_final_verdict boolean,
          critic_model_version text,
          original_correct boolean,
          refined_correct boolean,
          PRIMARY KEY ((experiment_id, iteration, shard), problem_id, refined_sample_id))""".formatted(keyspace, TABLE));
    }

    static CompletionStage<CorrectionTable> prepare(CqlSession session, String keyspace) {
        String table = keyspace + "." + TABLE;
        String key = " WHERE experiment_id = ? AND iteration = ? AND shard = ?";
        return Cql.prepare(
                        session,
                        "UPDATE " + table + " SET sample_id = ?, kind = ?, parsed = ?, steps = ?,"
                                + " wrong_steps = ?, critic_final_verdict = ?, critic_model_version = ?,"
                                + " original_correct = ?, refined_correct = ?"
                                + key + " AND problem_id = ? AND refined_sample_id = ?",
                        "SELECT refined_sample_id, original_correct, refined_correct FROM " + table + key)
                .thenApply(statements -> new CorrectionTable(session, statements));
    }

    public CompletionStage<Done> upsert(Corrected e) {
        List<StepVerdict> steps = e.stepVerdicts() == null ? List.of() : e.stepVerdicts();
        return Cql.write(
                session,
                Cql.bind(
                        upsert,
                        e.sampleId(),
                        e.kind() == null ? null : e.kind().name(),
                        e.parsed(),
                        steps.size(),
                        (int) steps.stream().filter(s -> !s.correct()).count(),
                        e.criticFinalVerdict(),
                        e.criticModelVersion(),
                        e.originalCorrect(),
                        e.refinedCorrect(),
                        e.experimentId(),
                        e.iteration(),
                        ReadSideShard.of(e.problemId()),
                        e.problemId(),
                        e.refinedSampleId()));
    }

    CompletionStage<AsyncResultSet> selectShard(String experimentId, int iteration, int shard) {
        return Cql.read(session, Cql.bind(selectShard, experimentId, iteration, shard));
    }

    static CorrectionOutcome outcome(Row row) {
        return new CorrectionOutcome(
                row.getString("refined_sample_id"),
                row.getBoolean("original_correct"),
                row.getBoolean("refined_correct"));
    }
}
