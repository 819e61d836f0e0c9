package lyceum.replay;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.typesafe.config.Config;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.SerializerWithStringManifest;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSessionRegistry;

/**
 * The journal's rows read with the Cassandra driver, for bulk reads (replay, export): a persistence
 * id's partitions are read page by page and the events deserialised with the configured Pekko
 * serializer. The read journal query costs several extra round trips and stream stages per
 * persistence id, which a whole-experiment read pays tens of thousands of times.
 *
 * <p>Lyceum never deletes events (snapshots do not delete them either), so a persistence id's events
 * are the rows of its partitions 0, 1, ... in sequence order. Event n belongs to partition
 * (n - 1) / target-partition-size, except that the plugin writes an atomic write that crosses a
 * boundary whole into the later partition: the event after the last one read is therefore in its own
 * partition or the next, and the read ends when both have been read without it.
 */
final class JournalTables {

    /** The plugin's session: the same contact points, credentials and driver settings. */
    private static final String PLUGIN = "pekko.persistence.cassandra";

    /** Rows per page, as the read journal fetches (max-buffer-size). */
    private static final int PAGE = 500;

    private final CqlSession session;
    private final long partitionSize;
    private final PreparedStatement selectPartition;
    private final String selectPersistenceIds;
    private final Serialization serialization;
    private final Map<Integer, Serializer> serializers = new ConcurrentHashMap<>();

    private JournalTables(
            CqlSession session, String keyspace, String table, long partitionSize, Serialization serialization) {
        this.session = session;
        this.partitionSize = partitionSize;
        this.selectPartition = session.prepare("SELECT sequence_nr, ser_id, ser_manifest, event FROM " + keyspace + "."
                + table + " WHERE persistence_id = ? AND partition_nr = ?");
        this.selectPersistenceIds = "SELECT persistence_id FROM " + keyspace + ".all_persistence_ids";
        this.serialization = serialization;
    }

    static JournalTables open(ActorSystem<?> system) {
        Config journal = system.settings().config().getConfig(PLUGIN + ".journal");
        CqlSession session = CassandraSessionRegistry.get(system)
                .sessionFor(PLUGIN)
                .underlying()
                .toCompletableFuture()
                .join();
        return new JournalTables(
                session,
                journal.getString("keyspace"),
                journal.getString("table"),
                journal.getLong("target-partition-size"),
                SerializationExtension.get(system.classicSystem()));
    }

    /** Every persistence id starting with {@code prefix}; one scan of the id table. */
    List<String> persistenceIds(String prefix) {
        List<String> ids = new ArrayList<>();
        for (Row row : session.execute(selectPersistenceIds)) {
            String id = row.getString(0);
            if (id.startsWith(prefix)) {
                ids.add(id);
            }
        }
        return ids;
    }

    /**
     * Every event of {@code persistenceId}, oldest first. The rows are read on the driver's threads and
     * deserialised on {@code cpu}, which keeps the driver's I/O threads free.
     */
    CompletionStage<List<Object>> events(String persistenceId, Executor cpu) {
        return rows(persistenceId, 0, new Rows())
                .thenApplyAsync(
                        rows -> {
                            List<Object> events = new ArrayList<>(rows.size());
                            for (RawEvent row : rows) {
                                events.add(deserialize(row));
                            }
                            return events;
                        },
                        cpu);
    }

    /**
     * The configured serializer's own fromBinary when it takes a string manifest (Jackson, as Lyceum
     * binds every event): the same bytes to the same object as {@link Serialization#deserialize}, without
     * its per-call lookups and wrapping, which cost a tenth of a replay's deserialisation.
     */
    private Object deserialize(RawEvent row) {
        Serializer serializer = serializers.computeIfAbsent(row.serializerId(), id -> {
            scala.Option<Serializer> configured =
                    serialization.serializerByIdentity().get(id);
            return configured.isDefined() ? configured.get() : null;
        });
        if (serializer instanceof SerializerWithStringManifest withManifest) {
            try {
                return withManifest.fromBinary(row.bytes(), row.manifest());
            } catch (java.io.NotSerializableException e) {
                throw new IllegalStateException(
                        "cannot read a journaled event of type " + row.manifest() + ": " + e.getMessage(), e);
            }
        }
        return serialization
                .deserialize(row.bytes(), row.serializerId(), row.manifest())
                .get();
    }

    private record RawEvent(int serializerId, String manifest, byte[] bytes) {}

    /** The rows read so far and the highest sequence number among them. */
    private static final class Rows extends ArrayList<RawEvent> {
        long highest;
    }

    private CompletionStage<Rows> rows(String persistenceId, long partition, Rows into) {
        return session.executeAsync(
                        selectPartition.bind(persistenceId, partition).setPageSize(PAGE))
                .thenCompose(page -> drain(page, into))
                .thenCompose(rows -> partition >= rows.highest / partitionSize + 1
                        ? CompletableFuture.completedFuture(rows)
                        : rows(persistenceId, partition + 1, rows));
    }

    private static CompletionStage<Rows> drain(AsyncResultSet page, Rows into) {
        for (Row row : page.currentPage()) {
            ByteBuffer blob = row.getByteBuffer(3);
            byte[] bytes = new byte[blob.remaining()];
            blob.get(bytes);
            into.add(new RawEvent(row.getInt(1), row.getString(2), bytes));
            into.highest = Math.max(into.highest, row.getLong(0));
        }
        return page.hasMorePages()
                ? page.fetchNextPage().thenCompose(next -> drain(next, into))
                : CompletableFuture.completedFuture(into);
    }
}
