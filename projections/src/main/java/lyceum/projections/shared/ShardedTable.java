package lyceum.projections.shared;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import lyceum.metrics.journal.ReadSideShard;
import org.apache.pekko.Done;

/**
 * What the read-side tables partitioned by {@link ReadSideShard} share: the node's session, the
 * statements prepared once (in the order the table lists them), written as idempotent upserts and read a
 * partition at a time, and the text of those statements.
 */
public abstract class ShardedTable {

    /** The partition of the tables kept per iteration: one shard of one iteration of an experiment. */
    protected static final String PER_ITERATION = "experiment_id = ? AND iteration = ? AND shard = ?";

    /** The partition of the tables kept per experiment: one shard of an experiment's problems. */
    protected static final String PER_EXPERIMENT = "experiment_id = ? AND shard = ?";

    private final CqlSession session;
    private final List<PreparedStatement> statements;

    protected ShardedTable(CqlSession session, List<PreparedStatement> statements) {
        this.session = session;
        this.statements = statements;
    }

    /** Runs the upsert prepared at {@code statement}; null values leave their columns as they are. */
    protected final CompletionStage<Done> write(int statement, Object... values) {
        return Cql.write(session, Cql.bind(statements.get(statement), values));
    }

    protected final CompletionStage<AsyncResultSet> read(int statement, Object... values) {
        return Cql.read(session, Cql.bind(statements.get(statement), values));
    }

    /** A table partitioned {@link #PER_ITERATION}: its other columns, then its clustering key. */
    protected static String createPerIteration(String keyspace, String table, String columns, String clustering) {
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
    protected static String update(String table, String columns, String partition, String clustering) {
        return "UPDATE " + table + " SET " + placeholders(columns, ", ") + " WHERE " + partition + " AND "
                + placeholders(clustering, " AND ");
    }

    /** The {@code columns} of one partition's rows. */
    protected static String selectPartition(String table, String columns, String partition) {
        return "SELECT " + columns + " FROM " + table + " WHERE " + partition;
    }

    /**
     * A table partitioned {@link #PER_ITERATION} with two statements, as the per-iteration read models of
     * one event kind each are: the upsert of one row's values and the read of one partition.
     */
    public abstract static class PerIteration extends ShardedTable {

        private static final int UPSERT = 0;
        private static final int SELECT_SHARD = 1;

        protected PerIteration(CqlSession session, List<PreparedStatement> statements) {
            super(session, statements);
        }

        /**
         * Binds the values (the layout's value columns in order), then the partition (experiment,
         * iteration, shard), then the clustering key.
         */
        protected final CompletionStage<Done> upsertRow(Object... values) {
            return write(UPSERT, values);
        }

        public final CompletionStage<AsyncResultSet> selectShard(String experimentId, int iteration, int shard) {
            return read(SELECT_SHARD, experimentId, iteration, shard);
        }
    }

    /**
     * The columns of a {@link PerIteration} table, each written once: its clustering key and its values,
     * {@code "name type"} separated by commas, and the columns a partition read selects.
     */
    public record Layout(String table, String clustering, String values, String selected) {

        public List<String> ddl(String keyspace) {
            return List.of(createPerIteration(keyspace, table, clustering + ",\n" + values, names(clustering)));
        }

        public <T extends PerIteration> CompletionStage<T> prepare(
                CqlSession session, String keyspace, BiFunction<CqlSession, List<PreparedStatement>, T> table) {
            String name = keyspace + "." + this.table;
            return Cql.prepare(
                            session,
                            update(name, names(values), PER_ITERATION, names(clustering)),
                            selectPartition(name, selected, PER_ITERATION))
                    .thenApply(statements -> table.apply(session, statements));
        }

        /** "a text, b int" as "a, b". */
        private static String names(String columns) {
            return Arrays.stream(columns.split(","))
                    .map(column -> column.strip().split("\\s+")[0])
                    .collect(Collectors.joining(", "));
        }
    }

    private static String placeholders(String columns, String separator) {
        return Arrays.stream(columns.split(","))
                .map(column -> column.strip() + " = ?")
                .collect(Collectors.joining(separator));
    }
}
