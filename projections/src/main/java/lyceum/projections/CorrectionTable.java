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
import lyceum.metrics.journal.ReadSideShard;
import org.apache.pekko.Done;

/**
 * Read model of the corrections (critique-and-refine, reflect-and-retry): one row per refined sample,
 * with the verdicts before and after and what the critic said in numbers.
 */
public final class CorrectionTable extends ShardedTable {

    static final String TABLE = "corrections";

    private static final int UPSERT = 0;
    private static final int SELECT_SHARD = 1;

    private CorrectionTable(CqlSession session, List<PreparedStatement> statements) {
        super(session, statements);
    }

    static List<String> ddl(String keyspace) {
        return List.of(createPerIteration(keyspace, TABLE, """
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
          refined_correct boolean""", "problem_id, refined_sample_id"));
    }

    static CompletionStage<CorrectionTable> prepare(CqlSession session, String keyspace) {
        String table = keyspace + "." + TABLE;
        return Cql.prepare(
                        session,
                        update(
                                table,
                                "sample_id, kind, parsed, steps, wrong_steps, critic_final_verdict, critic_model_version, original_correct, refined_correct",
                                PER_ITERATION,
                                "problem_id, refined_sample_id"),
                        selectPartition(table, "refined_sample_id, original_correct, refined_correct", PER_ITERATION))
                .thenApply(statements -> new CorrectionTable(session, statements));
    }

    public CompletionStage<Done> upsert(Corrected e) {
        List<StepVerdict> steps = e.stepVerdicts() == null ? List.of() : e.stepVerdicts();
        return write(
                UPSERT,
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
                e.refinedSampleId());
    }

    CompletionStage<AsyncResultSet> selectShard(String experimentId, int iteration, int shard) {
        return read(SELECT_SHARD, experimentId, iteration, shard);
    }

    static CorrectionOutcome outcome(Row row) {
        return new CorrectionOutcome(
                row.getString("refined_sample_id"),
                row.getBoolean("original_correct"),
                row.getBoolean("refined_correct"));
    }
}
