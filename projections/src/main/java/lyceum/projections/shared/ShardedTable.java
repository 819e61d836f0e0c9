package lyceum.projections.shared;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.stream.Collectors;
import lyceum.events.ProblemEvent;
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
     * A table partitioned {@link #PER_ITERATION} whose rows one event kind writes, one row per event, as
     * the per-iteration read models are: the upsert of an event's row and the read of one partition.
     */
    public static final class PerIteration<E extends ProblemEvent> extends ShardedTable {

        private static final int UPSERT = 0;
        private static final int SELECT_SHARD = 1;

        private final Function<E, Upsert> row;

        private PerIteration(CqlSession session, List<PreparedStatement> statements, Function<E, Upsert> row) {
            super(session, statements);
            this.row = row;
        }

        /** Upserts the row of {@code event}; a repeat changes nothing. */
        public CompletionStage<Done> upsert(E event) {
            Upsert upsert = row.apply(event);
            List<Object> bound = new ArrayList<>(upsert.values());
            bound.addAll(Arrays.asList(
                    upsert.event().experimentId(),
                    upsert.iteration(),
                    ReadSideShard.of(upsert.event().problemId())));
            bound.addAll(Arrays.asList(upsert.clustering()));
            return write(UPSERT, bound.toArray());
        }

        public CompletionStage<AsyncResultSet> selectShard(String experimentId, int iteration, int shard) {
            return read(SELECT_SHARD, experimentId, iteration, shard);
        }
    }

    /**
     * The row an event writes to a {@link PerIteration} table: the layout's value columns in order, the
     * event and iteration whose partition holds it (the event's experiment, the shard of its problem), and
     * its clustering key.
     */
    public record Upsert(List<?> values, ProblemEvent event, int iteration, Object... clustering) {}

    /**
     * The columns of a {@link PerIteration} table, each written once: its clustering key and its values,
     * {@code "name type"} separated by commas, the columns a partition read selects, and the row of an
     * event.
     */
    public record Layout<E extends ProblemEvent>(
            String table, String clustering, String values, String selected, Function<E, Upsert> row) {

        public List<String> ddl(String keyspace) {
            return List.of(createPerIteration(keyspace, table, clustering + ",\n" + values, names(clustering)));
        }

        public CompletionStage<PerIteration<E>> prepare(CqlSession session, String keyspace) {
            String name = keyspace + "." + this.table;
            return Cql.prepare(
                            session,
                            update(name, names(values), PER_ITERATION, names(clustering)),
                            selectPartition(name, selected, PER_ITERATION))
                    .thenApply(statements -> new PerIteration<>(session, statements, row));
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
