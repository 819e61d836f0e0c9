package lyceum.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lyceum's own DDL: the keyspaces and tables of pekko-persistence-cassandra 1.1.0 (journal and snapshot
 * store, events by tag enabled), of pekko-projection-cassandra 1.0.0 (offset store), and the read-side
 * keyspace with the tables of every {@link ReadSideSchema}. The plugins' table autocreate stays off
 * outside development: concurrent schema changes from several nodes confuse Cassandra.
 *
 * <p>Table definitions are those of the plugins' CassandraJournalStatements,
 * CassandraSnapshotStatements and CassandraOffsetStore, with the plugins' default table names,
 * gc_grace_seconds and compaction. Every statement is idempotent.
 */
public final class LyceumSchema {

    private static final Logger log = LoggerFactory.getLogger(LyceumSchema.class);

    /** pekko-persistence-cassandra's default gc-grace-seconds for the messages and tag_views tables. */
    private static final int GC_GRACE_SECONDS = 864000;

    private static final String SIZE_TIERED = "{'class': 'SizeTieredCompactionStrategy'}";

    /** The options of the tables the journal writes events to, messages and tag_views. */
    private static final String JOURNAL_TABLE_OPTIONS = """
          WITH gc_grace_seconds = %d
          AND compaction = %s""".formatted(GC_GRACE_SECONDS, SIZE_TIERED);

    /** The columns messages and tag_views both hold: an event as the journal serializes it, and its metadata. */
    private static final String SERIALIZED_EVENT = """
          writer_uuid text,
          ser_id int,
          ser_manifest text,
          event_manifest text,
          event blob,
          meta_ser_id int,
          meta_ser_manifest text,
          meta blob,""";

    private LyceumSchema() {}

    /** Creates whatever is missing; safe to run at every start and from several nodes in turn. */
    public static void create(CqlSession session, LyceumKeyspaces keyspaces, Replication replication) {
        List<String> statements = statements(keyspaces, replication);
        // Otherwise the driver refreshes its schema metadata after every statement (about 1 s each).
        session.setSchemaMetadataEnabled(false);
        try {
            for (String statement : statements) {
                log.debug("Executing {}", statement);
                session.execute(statement);
            }
        } finally {
            session.setSchemaMetadataEnabled(null);
        }
        log.info(
                "Lyceum schema present ({} statements): journal {}, snapshots {}, offsets {}, read side {}",
                statements.size(),
                keyspaces.journal(),
                keyspaces.snapshot(),
                keyspaces.offsets(),
                keyspaces.readSide());
    }

    /** All statements in execution order: keyspaces first, then the tables in them. */
    public static List<String> statements(LyceumKeyspaces keyspaces, Replication replication) {
        List<String> all = new ArrayList<>();
        all.addAll(journalStatements(keyspaces.journal(), replication));
        all.addAll(snapshotStatements(keyspaces.snapshot(), replication));
        all.addAll(offsetStoreStatements(keyspaces.offsets(), replication));
        all.add(createKeyspace(keyspaces.readSide(), replication));
        all.addAll(readSideStatements(keyspaces.readSide()));
        return all;
    }

    /** The tables of the read models registered through {@link ReadSideSchema}. */
    public static List<String> readSideStatements(String keyspace) {
        List<String> statements = new ArrayList<>();
        for (ReadSideSchema schema : ServiceLoader.load(ReadSideSchema.class)) {
            statements.addAll(schema.statements(keyspace));
        }
        return statements;
    }

    static List<String> journalStatements(String ks, Replication replication) {
        return List.of(
                createKeyspace(ks, replication),
                """
        CREATE TABLE IF NOT EXISTS %s.messages (
          persistence_id text,
          partition_nr bigint,
          sequence_nr bigint,
          timestamp timeuuid,
          timebucket text,
        %s
          tags set<text>,
          PRIMARY KEY ((persistence_id, partition_nr), sequence_nr, timestamp))
        %s""".formatted(ks, SERIALIZED_EVENT, JOURNAL_TABLE_OPTIONS),
                """
        CREATE TABLE IF NOT EXISTS %s.tag_views (
          tag_name text,
          persistence_id text,
          sequence_nr bigint,
          timebucket bigint,
          timestamp timeuuid,
          tag_pid_sequence_nr bigint,
        %s
          PRIMARY KEY ((tag_name, timebucket), timestamp, persistence_id, tag_pid_sequence_nr))
        %s""".formatted(ks, SERIALIZED_EVENT, JOURNAL_TABLE_OPTIONS),
                """
        CREATE TABLE IF NOT EXISTS %s.tag_write_progress (
          persistence_id text,
          tag text,
          sequence_nr bigint,
          tag_pid_sequence_nr bigint,
          offset timeuuid,
          PRIMARY KEY (persistence_id, tag))""".formatted(ks),
                """
        CREATE TABLE IF NOT EXISTS %s.tag_scanning (
          persistence_id text,
          sequence_nr bigint,
          PRIMARY KEY (persistence_id))""".formatted(ks),
                """
        CREATE TABLE IF NOT EXISTS %s.metadata (
          persistence_id text PRIMARY KEY,
          deleted_to bigint,
          properties map<text, text>)""".formatted(ks),
                """
        CREATE TABLE IF NOT EXISTS %s.all_persistence_ids (
          persistence_id text PRIMARY KEY)""".formatted(ks));
    }

    static List<String> snapshotStatements(String ks, Replication replication) {
        return List.of(createKeyspace(ks, replication), """
        CREATE TABLE IF NOT EXISTS %s.snapshots (
          persistence_id text,
          sequence_nr bigint,
          timestamp bigint,
          ser_id int,
          ser_manifest text,
          snapshot_data blob,
          snapshot blob,
          meta_ser_id int,
          meta_ser_manifest text,
          meta blob,
          PRIMARY KEY (persistence_id, sequence_nr))
          WITH CLUSTERING ORDER BY (sequence_nr DESC)
          AND gc_grace_seconds = %d
          AND compaction = %s""".formatted(ks, GC_GRACE_SECONDS, SIZE_TIERED));
    }

    static List<String> offsetStoreStatements(String ks, Replication replication) {
        return List.of(createKeyspace(ks, replication), """
        CREATE TABLE IF NOT EXISTS %s.offset_store (
          projection_name text,
          partition int,
          projection_key text,
          offset text,
          manifest text,
          last_updated timestamp,
          PRIMARY KEY ((projection_name, partition), projection_key))""".formatted(ks), """
        CREATE TABLE IF NOT EXISTS %s.projection_management (
          projection_name text,
          partition int,
          projection_key text,
          paused boolean,
          last_updated timestamp,
          PRIMARY KEY ((projection_name, partition), projection_key))""".formatted(ks));
    }

    static String createKeyspace(String ks, Replication replication) {
        return "CREATE KEYSPACE IF NOT EXISTS %s WITH replication = %s".formatted(ks, replication.cql());
    }
}
