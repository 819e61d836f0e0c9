package lyceum.projections.shared;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import lyceum.metrics.journal.ReadSideShard;
import org.apache.pekko.Done;

/**
 * What the read-side tables partitioned by {@link ReadSideShard} share besides their prepared statements:
 * the text of those statements, upserts of a row and reads of a partition at a time.
 */
public abstract class ShardedTable extends PreparedTable {

    /** The partition of the tables kept per iteration: one shard of one iteration of an experiment. */
    protected static final String PER_ITERATION = "experiment_id = ? AND iteration = ? AND shard = ?";

    /** The partition of the tables kept per experiment: one shard of an experiment's problems. */
    protected static final String PER_EXPERIMENT = "experiment_id = ? AND shard = ?";

    protected ShardedTable(CqlSession session, List<PreparedStatement> statements) {
        super(session, statements);
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
         * Upserts the row of {@code values} (the layout's value columns in order) at the {@code clustering}
         * key of the problem's partition.
         */
        protected final CompletionStage<Done> upsertRow(
                List<?> values, String experimentId, int iteration, String problemId, Object... clustering) {
            List<Object> bound = new ArrayList<>(values);
            bound.addAll(Arrays.asList(experimentId, iteration, ReadSideShard.of(problemId)));
            bound.addAll(Arrays.asList(clustering));
            return write(UPSERT, bound.toArray());
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
