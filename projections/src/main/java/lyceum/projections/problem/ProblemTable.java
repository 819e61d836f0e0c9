package lyceum.projections.problem;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import java.util.List;
import java.util.concurrent.CompletionStage;
import lyceum.events.ProblemEvent.ProblemRegistered;
import lyceum.events.ProblemEvent.ReferenceScored;
import lyceum.metrics.journal.ProblemFacts;
import lyceum.metrics.journal.ReadSideShard;
import lyceum.projections.shared.Cql;
import lyceum.projections.shared.ShardedTable;
import org.apache.pekko.Done;

/**
 * Read model of the registered problems: split, difficulty, the reference rationale's length and its
 * mean token log-prob per iteration (the original data of the tail statistics), one row per problem in
 * partitions of one shard.
 */
public final class ProblemTable extends ShardedTable {

    public static final String TABLE = "problems";

    private static final int UPSERT = 0;
    private static final int SELECT_SHARD = 1;
    private static final int REFERENCE_SCORED = 2;

    private ProblemTable(CqlSession session, List<PreparedStatement> statements) {
        super(session, statements);
    }

    public static List<String> ddl(String keyspace) {
        return List.of(
                """
        CREATE TABLE IF NOT EXISTS %s.%s (
          experiment_id text,
          shard int,
          problem_id text,
          split text,
          difficulty double,
          difficulty_bucket int,
          dataset text,
          source text,
          source_line int,
          reference_length int,
          reference_log_probs map<int, double>,
          PRIMARY KEY ((experiment_id, shard), problem_id))""".formatted(keyspace, TABLE),
                // Tables created before reference rationales were scored lack the column.
                "ALTER TABLE %s.%s ADD IF NOT EXISTS reference_log_probs map<int, double>".formatted(keyspace, TABLE));
    }

    public static CompletionStage<ProblemTable> prepare(CqlSession session, String keyspace) {
        String table = keyspace + "." + TABLE;
        return Cql.prepare(
                        session,
                        update(
                                table,
                                "split, difficulty, difficulty_bucket, dataset, source, source_line, reference_length",
                                PER_EXPERIMENT,
                                "problem_id"),
                        selectPartition(
                                table,
                                "problem_id, split, difficulty_bucket, reference_length, reference_log_probs",
                                PER_EXPERIMENT),
                        update(table, "reference_log_probs[?]", PER_EXPERIMENT, "problem_id"))
                .thenApply(statements -> new ProblemTable(session, statements));
    }

    public CompletionStage<Done> upsert(ProblemRegistered e) {
        ProblemFacts facts = ProblemFacts.of(e);
        return write(
                UPSERT,
                e.split(),
                e.difficulty(),
                e.difficultyBucket(),
                e.dataset(),
                e.source(),
                e.sourceLine(),
                facts.referenceLength(),
                e.experimentId(),
                ReadSideShard.of(e.problemId()),
                e.problemId());
    }

    /** Sets one iteration's score, whatever the order it and the registration are projected in. */
    public CompletionStage<Done> referenceScored(ReferenceScored e) {
        return write(
                REFERENCE_SCORED,
                e.iteration(),
                e.meanLogProb(),
                e.experimentId(),
                ReadSideShard.of(e.problemId()),
                e.problemId());
    }

    public CompletionStage<AsyncResultSet> selectShard(String experimentId, int shard) {
        return read(SELECT_SHARD, experimentId, shard);
    }

    public static ProblemFacts facts(Row row) {
        return new ProblemFacts(
                row.getString("problem_id"),
                row.getString("split"),
                row.getInt("difficulty_bucket"),
                row.isNull("reference_length") ? null : row.getInt("reference_length"),
                row.getMap("reference_log_probs", Integer.class, Double.class));
    }
}
