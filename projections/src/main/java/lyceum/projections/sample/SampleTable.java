package lyceum.projections.sample;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import java.util.List;
import java.util.concurrent.CompletionStage;
import lyceum.events.ProblemEvent;
import lyceum.events.ProblemEvent.DecisionReason;
import lyceum.events.ProblemEvent.Sampled;
import lyceum.metrics.journal.Decision;
import lyceum.metrics.journal.ReadSideShard;
import lyceum.metrics.journal.SampleFacts;
import lyceum.projections.shared.Cql;
import lyceum.projections.shared.ShardedTable;
import org.apache.pekko.Done;

/**
 * Read model of the samples: one row per sample id with its grade (from Sampled) and its fate (from
 * Accepted or Rejected), in partitions of (experiment, iteration, shard) ordered by problem. The two
 * events write disjoint columns of the same row, so neither their order nor a repeat matters.
 */
public final class SampleTable extends ShardedTable {

    public static final String TABLE = "samples";

    private static final int UPSERT_SAMPLED = 0;
    private static final int UPSERT_DECISION = 1;
    private static final int SELECT_SHARD = 2;
    private static final int SELECT_VERDICTS = 3;

    private SampleTable(CqlSession session, List<PreparedStatement> statements) {
        super(session, statements);
    }

    public static List<String> ddl(String keyspace) {
        return List.of(
                createPerIteration(keyspace, TABLE, """
          problem_id text,
          sample_id text,
          round int,
          sample_index int,
          strategy text,
          hint_id text,
          model_version text,
          worker_node text,
          seed bigint,
          text text,
          token_count int,
          mean_log_prob double,
          truncated boolean,
          extracted_answer text,
          grader_version text,
          correct boolean,
          latency_millis bigint,
          decision text,
          decision_reasons list<text>,
          policy_version text,
          steps_valid boolean""", "problem_id, sample_id"),
                // Tables created before reasoning was checked lack the column.
                "ALTER TABLE %s.%s ADD IF NOT EXISTS steps_valid boolean".formatted(keyspace, TABLE));
    }

    public static CompletionStage<SampleTable> prepare(CqlSession session, String keyspace) {
        String table = keyspace + "." + TABLE;
        String row = "problem_id, sample_id";
        return Cql.prepare(
                        session,
                        update(
                                table,
                                "round, sample_index, strategy, hint_id, model_version, worker_node, seed, text,"
                                        + " token_count, mean_log_prob, truncated, extracted_answer, grader_version,"
                                        + " correct, latency_millis, steps_valid",
                                PER_ITERATION,
                                row),
                        update(table, "decision, decision_reasons, policy_version", PER_ITERATION, row),
                        selectPartition(
                                table,
                                "problem_id, sample_id, round, sample_index, correct, extracted_answer, text,"
                                        + " mean_log_prob, hint_id, decision, steps_valid",
                                PER_ITERATION),
                        selectPartition(table, "round, correct", PER_ITERATION + " AND problem_id = ?"))
                .thenApply(statements -> new SampleTable(session, statements));
    }

    public CompletionStage<Done> upsert(Sampled e) {
        return write(
                UPSERT_SAMPLED,
                e.round(),
                e.index(),
                e.strategy(),
                e.hintId(),
                e.modelVersion(),
                e.workerNode(),
                e.seed(),
                e.text(),
                e.tokenCount(),
                e.meanLogProb(),
                e.truncated(),
                e.extractedAnswer(),
                e.graderVersion(),
                e.correct(),
                e.latencyMillis(),
                e.stepsValid(),
                e.experimentId(),
                e.iteration(),
                ReadSideShard.of(e.problemId()),
                e.problemId(),
                e.sampleId());
    }

    /** The fate of sample {@code sampleId} of the problem {@code event} is about. */
    public CompletionStage<Done> decide(
            ProblemEvent event,
            int iteration,
            String sampleId,
            Decision decision,
            List<DecisionReason> reasons,
            String policyVersion) {
        return write(
                UPSERT_DECISION,
                decision.name(),
                reasons.stream().map(DecisionReason::describe).toList(),
                policyVersion,
                event.experimentId(),
                iteration,
                ReadSideShard.of(event.problemId()),
                event.problemId(),
                sampleId);
    }

    public CompletionStage<AsyncResultSet> selectShard(String experimentId, int iteration, int shard) {
        return read(SELECT_SHARD, experimentId, iteration, shard);
    }

    /** The round and verdict of each sample of one problem, for M_1's pass@N. */
    public CompletionStage<AsyncResultSet> selectVerdicts(String experimentId, int iteration, String problemId) {
        return read(SELECT_VERDICTS, experimentId, iteration, ReadSideShard.of(problemId), problemId);
    }

    /** The sample of a row, or null for a row holding only a decision (its Sampled not seen yet). */
    public static SampleFacts facts(Row row) {
        if (row.isNull("round")) {
            return null;
        }
        return new SampleFacts(
                row.getString("problem_id"),
                row.getString("sample_id"),
                row.getInt("round"),
                row.getInt("sample_index"),
                row.getBoolean("correct"),
                row.getString("extracted_answer"),
                row.getString("text"),
                row.isNull("mean_log_prob") ? Double.NaN : row.getDouble("mean_log_prob"),
                !row.isNull("hint_id"),
                Decision.parse(row.getString("decision")),
                row.isNull("steps_valid") ? null : row.getBoolean("steps_valid"));
    }
}
