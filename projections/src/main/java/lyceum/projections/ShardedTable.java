package lyceum.projections;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import lyceum.metrics.journal.ReadSideShard;
import org.apache.pekko.Done;

/**
 * What the read-side tables partitioned by {@link ReadSideShard} share: the node's session, the
 * statements prepared once (in the order the table lists them), written as idempotent upserts and read a
 * partition at a time, and the text of those statements.
 */
abstract class ShardedTable {

    /** The partition of the tables kept per iteration: one shard of one iteration of an experiment. */
    static final String PER_ITERATION = "experiment_id = ? AND iteration = ? AND shard = ?";

    /** The partition of the tables kept per experiment: one shard of an experiment's problems. */
    static final String PER_EXPERIMENT = "experiment_id = ? AND shard = ?";

    private final CqlSession session;
    private final List<PreparedStatement> statements;

    ShardedTable(CqlSession session, List<PreparedStatement> statements) {
        this.session = session;
        this.statements = statements;
    }

    /** Runs the upsert prepared at {@code statement}; null values leave their columns as they are. */
    final CompletionStage<Done> write(int statement, Object... values) {
        return Cql.write(session, Cql.bind(statements.get(statement), values));
    }

    final CompletionStage<AsyncResultSet> read(int statement, Object... values) {
        return Cql.read(session, Cql.bind(statements.get(statement), values));
    }

    /** A table partitioned {@link #PER_ITERATION}: its other columns, then its clustering key. */
    static String createPerIteration(String keyspace, String table, String columns, String clustering) {
        return """
        CREATE TABLE IF NOT EXISTS %s.%s (
          experiment_id text,
          iteration int,
          shard int,
        %s,
          PRIMARY KEY ((experiment_id, iteration, shard), %s))""".formatted(keyspace, table, columns, clustering);
    }

    /**
     * Sets the {@code columns} ("a, b") of one row: the values bind the columns, then the partition, then
     * the {@code clustering} columns.
     */
    static String update(String table, String columns, String partition, String clustering) {
        return "UPDATE " + table + " SET " + placeholders(columns, ", ") + " WHERE " + partition + " AND "
                + placeholders(clustering, " AND ");
    }

    /** The {@code columns} of one partition's rows. */
    static String selectPartition(String table, String columns, String partition) {
        return "SELECT " + columns + " FROM " + table + " WHERE " + partition;
    }

    /**
     * A table partitioned {@link #PER_ITERATION} with two statements: the upsert of one row's columns and
     * the read of one partition, as the per-iteration read models of one event kind each are.
     */
    abstract static class PerIteration extends ShardedTable {

        private static final int UPSERT = 0;
        private static final int SELECT_SHARD = 1;

        PerIteration(CqlSession session, List<PreparedStatement> statements) {
            super(session, statements);
        }

        /** The upsert of {@code columns} in the row at {@code clustering}, and the read of {@code selected}. */
        static CompletionStage<List<PreparedStatement>> prepareStatements(
                CqlSession session, String table, String columns, String clustering, String selected) {
            return Cql.prepare(
                    session,
                    update(table, columns, PER_ITERATION, clustering),
                    selectPartition(table, selected, PER_ITERATION));
        }

        /** Binds the columns, then the partition (experiment, iteration, shard), then the clustering key. */
        final CompletionStage<Done> upsertRow(Object... values) {
            return write(UPSERT, values);
        }

        final CompletionStage<AsyncResultSet> selectShard(String experimentId, int iteration, int shard) {
            return read(SELECT_SHARD, experimentId, iteration, shard);
        }
    }

    private static String placeholders(String columns, String separator) {
        return Arrays.stream(columns.split(","))
                .map(column -> column.strip() + " = ?")
                .collect(Collectors.joining(separator));
    }
}
