package lyceum.replay;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.ProtocolVersion;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.type.codec.TypeCodecs;
import com.typesafe.config.Config;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
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
 * The journal's rows read with the Cassandra driver, for bulk reads (replay, export, diff): a
 * persistence id's partitions are read page by page, asynchronously, and the events deserialised with
 * the configured Pekko serializer. The read journal query costs several extra round trips and stream
 * stages per persistence id, which a whole-experiment read pays tens of thousands of times; it stays
 * the tool for one entity's history with write times ({@link JournalReader#history}).
 *
 * <p>A persistence id's events are the rows of its partitions in sequence order, as the plugin writes
 * them: event n belongs to partition (n - 1) / target-partition-size, except that an atomic write that
 * crosses a boundary goes whole into the later partition, which can leave a partition empty. The event
 * after the last one read is therefore in its own partition or the next, and the read ends when both
 * have been read without it. Partitions are read two at a time (one query, {@code partition_nr IN}), so
 * a persistence id within one partition costs one query. Events deleted by the plugin ({@code
 * deleteMessages}: the metadata table's {@code deleted_to}) are skipped, and the read starts in the
 * partition of the first event kept, since the partitions before it may be empty.
 */
final class JournalTables {

    /** The plugin's session: the same contact points, credentials and driver settings. */
    private static final String PLUGIN = "pekko.persistence.cassandra";

    /** Rows per page, as the read journal fetches (max-buffer-size). */
    private static final int PAGE = 500;

    private static final Comparator<RawEvent> SEQUENCE = Comparator.comparingLong(RawEvent::sequenceNr);

    private final CqlSession session;
    private final ProtocolVersion protocol;
    private final long partitionSize;
    /** The plugin's support-deletes: off (as Lyceum runs), no event was ever deleted and none is looked up. */
    private final boolean deletes;

    private final PreparedStatement selectPartitions;
    private final PreparedStatement selectDeletedTo;
    private final String selectPersistenceIds;
    private final String selectAllDeletedTo;
    private final Serialization serialization;
    private final Map<Integer, Serializer> serializers = new ConcurrentHashMap<>();
    /** Manifests by their bytes: a journal holds a few dozen event types, so each is decoded once. */
    private final Map<ByteBuffer, String> manifests = new ConcurrentHashMap<>();

    private JournalTables(
            CqlSession session,
            String keyspace,
            String table,
            long partitionSize,
            boolean deletes,
            Serialization serialization) {
        this.session = session;
        this.protocol = session.getContext().getProtocolVersion();
        this.partitionSize = partitionSize;
        this.deletes = deletes;
        this.selectPartitions = session.prepare("SELECT sequence_nr, ser_id, ser_manifest, event FROM " + keyspace + "."
                + table + " WHERE persistence_id = ? AND partition_nr IN (?, ?)");
        this.selectDeletedTo =
                session.prepare("SELECT deleted_to FROM " + keyspace + ".metadata WHERE persistence_id = ?");
        this.selectPersistenceIds = "SELECT persistence_id FROM " + keyspace + ".all_persistence_ids";
        this.selectAllDeletedTo = "SELECT persistence_id, deleted_to FROM " + keyspace + ".metadata";
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
                journal.getBoolean("support-deletes"),
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
     * The highest deleted sequence number of every persistence id with deleted events whose id starts
     * with {@code prefix}: one scan of the metadata table, which holds a row only where events were
     * deleted; none where the plugin does not support deletes.
     */
    Map<String, Long> deletedTo(String prefix) {
        Map<String, Long> deleted = new HashMap<>();
        if (!deletes) {
            return deleted;
        }
        for (Row row : session.execute(selectAllDeletedTo)) {
            String id = row.getString(0);
            if (id.startsWith(prefix) && !row.isNull(1)) {
                deleted.put(id, row.getLong(1));
            }
        }
        return deleted;
    }

    /** Every event of one persistence id, oldest first, its deleted events looked up first. */
    CompletionStage<List<Object>> events(String persistenceId, Executor cpu) {
        if (!deletes) {
            return events(persistenceId, 0L, cpu);
        }
        return session.executeAsync(selectDeletedTo.bind(persistenceId)).thenCompose(result -> {
            Row row = result.one();
            long deletedTo = row == null || row.isNull(0) ? 0L : row.getLong(0);
            return events(persistenceId, deletedTo, cpu);
        });
    }

    /**
     * Every event of {@code persistenceId} after {@code deletedTo}, oldest first. The rows are read on
     * the driver's threads and deserialised on {@code cpu}, which keeps the driver's I/O threads free.
     */
    CompletionStage<List<Object>> events(String persistenceId, long deletedTo, Executor cpu) {
        return rows(persistenceId, partition(deletedTo + 1), new Rows(deletedTo))
                .thenApplyAsync(
                        rows -> {
                            rows.sort(SEQUENCE); // the two partitions of a query come in token order
                            List<Object> events = new ArrayList<>(rows.size());
                            for (RawEvent row : rows) {
                                events.add(deserialize(row));
                            }
                            return events;
                        },
                        cpu);
    }

    private long partition(long sequenceNr) {
        return (sequenceNr - 1) / partitionSize;
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

    private record RawEvent(long sequenceNr, int serializerId, String manifest, byte[] bytes) {}

    /** The rows read so far and the highest sequence number among them (the deleted ones' at first). */
    private static final class Rows extends ArrayList<RawEvent> {
        final long deletedTo;
        long highest;

        Rows(long deletedTo) {
            this.deletedTo = deletedTo;
            this.highest = deletedTo;
        }
    }

    /** Partitions {@code partition} and the next, then on while the next event may be further on. */
    private CompletionStage<Rows> rows(String persistenceId, long partition, Rows into) {
        return session.executeAsync(selectPartitions
                        .bind(persistenceId, partition, partition + 1)
                        .setPageSize(PAGE))
                .thenCompose(page -> drain(page, into))
                .thenCompose(rows -> partition + 1 >= partition(rows.highest + 1) + 1
                        ? CompletableFuture.completedFuture(rows)
                        : rows(persistenceId, partition + 2, rows));
    }

    /**
     * A page's rows, decoded with the columns' own codecs rather than through the session's codec
     * registry (a lookup per cell that cost a seventh of the driver threads' time).
     */
    private CompletionStage<Rows> drain(AsyncResultSet page, Rows into) {
        for (Row row : page.currentPage()) {
            long sequenceNr = TypeCodecs.BIGINT.decodePrimitive(row.getBytesUnsafe(0), protocol);
            if (sequenceNr <= into.deletedTo) {
                continue;
            }
            ByteBuffer blob = row.getBytesUnsafe(3);
            byte[] bytes = new byte[blob == null ? 0 : blob.remaining()];
            if (blob != null) {
                blob.get(blob.position(), bytes);
            }
            into.add(new RawEvent(
                    sequenceNr,
                    TypeCodecs.INT.decodePrimitive(row.getBytesUnsafe(1), protocol),
                    manifest(row.getBytesUnsafe(2)),
                    bytes));
            into.highest = Math.max(into.highest, sequenceNr);
        }
        return page.hasMorePages()
                ? page.fetchNextPage().thenCompose(next -> drain(next, into))
                : CompletableFuture.completedFuture(into);
    }

    private String manifest(ByteBuffer bytes) {
        if (bytes == null) {
            return "";
        }
        String known = manifests.get(bytes);
        if (known != null) {
            return known;
        }
        ByteBuffer copy =
                ByteBuffer.allocate(bytes.remaining()).put(bytes.duplicate()).flip();
        String manifest = StandardCharsets.UTF_8.decode(copy.duplicate()).toString();
        manifests.putIfAbsent(copy, manifest);
        return manifest;
    }
}
