package lyceum.cassandra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import lyceum.config.LyceumConfig;
import lyceum.net.FreePorts;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * One real Cassandra 5 for the whole class, on free ports in a temporary data directory. It is stopped
 * by the last test, by {@link #stopCassandra()} if a test fails first, and by a shutdown hook if the
 * test JVM is interrupted.
 */
@TestMethodOrder(OrderAnnotation.class)
class EmbeddedCassandraTest {

    @TempDir
    static Path tmp;

    static CassandraServerSettings settings;
    static EmbeddedCassandra cassandra;
    static Thread stopOnExit;

    @BeforeAll
    static void startCassandra() throws IOException {
        settings = CassandraServerSettings.fromConfig(LyceumConfig.load(Optional.empty()))
                .withDataDir(tmp.resolve("cassandra"))
                .withPorts(FreePorts.next(), FreePorts.next());
        // DETACHED, as `lyceum cassandra start` runs it; the hook stands in for the test's own cleanup.
        stopOnExit = new Thread(() -> EmbeddedCassandra.stop(settings));
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        cassandra = EmbeddedCassandra.start(settings, EmbeddedCassandra.Lifetime.DETACHED);
    }

    @AfterAll
    static void stopCassandra() {
        EmbeddedCassandra.stop(settings);
        Runtime.getRuntime().removeShutdownHook(stopOnExit);
    }

    @Test
    @Order(1)
    void answersCqlWithCassandra5AndRecordsItsPid() {
        assertThat(cassandra.reused()).isFalse();
        assertThat(cassandra.version()).startsWith("5.");
        try (CqlSession session = CqlSessions.open(settings)) {
            Row row =
                    session.execute("SELECT release_version FROM system.local").one();
            assertThat(row.getString("release_version")).startsWith("5.");
            // The default configuration acknowledges a write only once the commit log is synced.
            assertThat(setting(session, "commitlog_sync")).isEqualTo("batch");
        }
        assertThat(CassandraPidFile.read(settings.dataDir()))
                .contains(new CassandraPidFile(cassandra.pid(), settings.host(), settings.nativePort()));
        assertThat(settings.systemLog()).isNotEmptyFile();
        assertThat(settings.dataDir().resolve("commitlog")).isDirectory();
    }

    @Test
    @Order(2)
    void schemaIsCreatedAndCreatingItAgainChangesNothing() {
        try (CqlSession session = CqlSessions.open(settings)) {
            LyceumSchema.create(
                    session, LyceumKeyspaces.fromConfig(LyceumConfig.load(Optional.empty())), Replication.simple(1));
            Map<String, Set<String>> first = tables(session);
            LyceumSchema.create(
                    session, LyceumKeyspaces.fromConfig(LyceumConfig.load(Optional.empty())), Replication.simple(1));

            assertThat(tables(session)).isEqualTo(first);
            assertThat(first)
                    .containsEntry(
                            "lyceum_journal",
                            Set.of(
                                    "messages",
                                    "tag_views",
                                    "tag_write_progress",
                                    "tag_scanning",
                                    "metadata",
                                    "all_persistence_ids"))
                    .containsEntry("lyceum_snapshot", Set.of("snapshots"))
                    .containsEntry("lyceum_offsets", Set.of("offset_store", "projection_management"))
                    .containsEntry("lyceum", Set.of("schema_probe"));
            Row replication = session.execute("SELECT replication FROM system_schema.keyspaces WHERE keyspace_name ="
                            + " 'lyceum_journal'")
                    .one();
            assertThat(replication.getMap("replication", String.class, String.class))
                    .containsEntry("replication_factor", "1");
        }
    }

    @Test
    @Order(3)
    void journalAndSnapshotPluginsPersistAndRecoverThroughTheSchema() {
        Config overrides = ConfigFactory.parseMap(Map.of(
                "lyceum.node.port",
                0,
                "lyceum.node.seed-nodes",
                List.of(),
                "lyceum.cassandra.embedded.data-dir",
                settings.dataDir().toString(),
                // a cluster node's shutdown can outlast the kit's 10 s default on a loaded machine
                "pekko.actor.testkit.typed.system-shutdown-default",
                "60s"));
        ActorTestKit kit = ActorTestKit.create("Lyceum", LyceumConfig.load(Optional.empty(), overrides));
        try {
            assertThat(Cluster.get(kit.system()).selfMember().getRoles()).contains("coordinator", "gpu");
            TestProbe<Done> done = kit.createTestProbe();
            ActorRef<Notebook.Command> notebook = kit.spawn(new Notebook("notebook-1"));
            for (String line : List.of("a", "b", "c")) {
                notebook.tell(new Notebook.Add(line, done.getRef()));
                done.expectMessage(Duration.ofSeconds(20), Done.getInstance());
            }
            kit.stop(notebook);

            TestProbe<String> text = kit.createTestProbe();
            ActorRef<Notebook.Command> recovered = kit.spawn(new Notebook("notebook-1"));
            recovered.tell(new Notebook.Read(text.getRef()));
            assertThat(text.receiveMessage(Duration.ofSeconds(20))).isEqualTo("a,b,c");
        } finally {
            kit.shutdownTestKit();
        }
        try (CqlSession session = CqlSessions.open(settings)) {
            assertThat(session.execute("SELECT count(*) FROM lyceum_journal.messages WHERE persistence_id ="
                                    + " 'notebook-1' AND partition_nr = 0")
                            .one()
                            .getLong(0))
                    .isEqualTo(3);
            assertThat(session.execute("SELECT sequence_nr FROM lyceum_snapshot.snapshots WHERE persistence_id ="
                                    + " 'notebook-1'")
                            .one()
                            .getLong(0))
                    .isEqualTo(2);
            assertThat(session.execute("SELECT persistence_id FROM lyceum_journal.all_persistence_ids WHERE"
                                    + " persistence_id = 'notebook-1'")
                            .one())
                    .isNotNull();
        }
    }

    @Test
    @Order(4)
    void secondStartReusesTheRunningNode() {
        EmbeddedCassandra again = EmbeddedCassandra.start(settings, EmbeddedCassandra.Lifetime.WITH_THIS_JVM);
        assertThat(again.reused()).isTrue();
        assertThat(again.pid()).isEqualTo(cassandra.pid());
        assertThat(again.version()).startsWith("5.");
        again.close(); // leaves a reused node running
        assertThat(cassandra.isAlive()).isTrue();
        assertThat(EmbeddedCassandra.status(settings))
                .isEqualTo(new CassandraStatus(true, settings.host(), settings.nativePort(), cassandra.version()));
    }

    @Test
    @Order(5)
    void onlyLyceumsGeneratedCredentialsLogIn() throws IOException {
        Path file = CassandraCredentials.path(settings.dataDir());
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        CassandraCredentials credentials =
                CassandraCredentials.read(settings.dataDir()).orElseThrow();
        assertThat(credentials.password()).hasSizeGreaterThanOrEqualTo(32);

        try (CqlSession session = CqlSessions.open(settings)) {
            assertThat(session.execute("SELECT role, is_superuser FROM system_auth.roles")
                            .all())
                    .extracting(r -> r.getString("role") + ":" + r.getBoolean("is_superuser"))
                    .containsExactly(credentials.username() + ":true");
        }
        for (CassandraCredentials stranger : List.of(
                new CassandraCredentials("", ""),
                CassandraRoles.DEFAULT_SUPERUSER,
                new CassandraCredentials(credentials.username(), "guessed"))) {
            CassandraClientSettings client = new CassandraClientSettings(
                    true,
                    List.of(settings.contactPoint()),
                    CassandraServerSettings.DATACENTER,
                    Optional.of(stranger.username()).filter(u -> !u.isEmpty()),
                    Optional.of(stranger.password()).filter(p -> !p.isEmpty()),
                    Optional.empty());
            assertThatThrownBy(() -> CqlSessions.open(client).close())
                    .as("login as '%s'", stranger.username())
                    .isInstanceOf(CassandraUnreachableException.class)
                    .satisfies(e -> assertThat(CassandraRoles.authenticationFailure(e.getCause()))
                            .isPresent());
        }
    }

    @Test
    @Order(6)
    void stopEndsTheNodeAndStatusThenReportsItDown() {
        assertThat(EmbeddedCassandra.stop(settings)).isTrue();

        assertThat(cassandra.isAlive()).isFalse();
        assertThat(CassandraPidFile.read(settings.dataDir())).isEmpty();
        assertThat(EmbeddedCassandra.status(settings).running()).isFalse();
        assertThat(EmbeddedCassandra.stop(settings)).isFalse();
        assertThat(LogTail.of(settings.systemLog(), 5)).contains("Cassandra shutdown complete");
    }

    @Test
    void portsHeldByAnotherProcessAreReplacedByFreeOnesThatClientsReadFromTheDataDirectory() throws IOException {
        try (ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Config config = LyceumConfig.load(
                    Optional.empty(),
                    ConfigFactory.parseMap(Map.of(
                            "lyceum.cassandra.embedded.data-dir",
                                    tmp.resolve("blocked").toString(),
                            "lyceum.cassandra.embedded.native-port", squatter.getLocalPort(),
                            "lyceum.cassandra.embedded.storage-port", FreePorts.next())));
            CassandraServerSettings blocked = CassandraServerSettings.fromConfig(config);

            try (EmbeddedCassandra node = EmbeddedCassandra.start(blocked, EmbeddedCassandra.Lifetime.WITH_THIS_JVM)) {
                assertThat(node.nativePort()).isNotEqualTo(squatter.getLocalPort());
                assertThat(CassandraPorts.read(blocked.dataDir()))
                        .contains(new CassandraPorts(
                                "127.0.0.1", node.nativePort(), node.settings().storagePort()));
                // A client made from the configuration alone, as every Lyceum command makes one.
                try (CqlSession session = CqlSessions.open(CassandraClientSettings.fromConfig(config))) {
                    assertThat(setting(session, "native_transport_port"))
                            .isEqualTo(Integer.toString(node.nativePort()));
                }
            }
        }
    }

    @Test
    void aNodeThatDiesDuringStartupIsReportedWithItsOutput() throws IOException {
        CassandraServerSettings broken = new CassandraServerSettings(
                tmp.resolve("broken"),
                "127.0.0.1",
                FreePorts.next(),
                FreePorts.next(),
                "1X",
                settings.classpathFile(),
                Duration.ofSeconds(60),
                Duration.ofSeconds(10),
                settings.commitlogSync());

        assertThatThrownBy(() -> EmbeddedCassandra.start(broken, EmbeddedCassandra.Lifetime.WITH_THIS_JVM))
                .isInstanceOf(CassandraStartException.class)
                .hasMessageContaining("exited with code 1 during startup")
                .hasMessageContaining("Invalid maximum heap size");
        assertThat(CassandraPidFile.read(broken.dataDir())).isEmpty();
    }

    @Test
    void aStartTimeoutQuotesTheLogAndLeavesNoProcessBehind() throws IOException {
        CassandraServerSettings impatient = settings.withDataDir(tmp.resolve("impatient"))
                .withPorts(FreePorts.next(), FreePorts.next())
                .withStartTimeout(Duration.ofSeconds(2));

        assertThatThrownBy(() -> EmbeddedCassandra.start(impatient, EmbeddedCassandra.Lifetime.WITH_THIS_JVM))
                .isInstanceOf(CassandraStartException.class)
                .hasMessageContaining("did not answer CQL on " + impatient.contactPoint() + " within 2 s")
                .hasMessageContaining("Last lines of " + impatient.systemLog());
        assertThat(CassandraPidFile.read(impatient.dataDir())).isEmpty();
        String marker = CassandraJvmArguments.DATA_DIR_MARKER + impatient.dataDir();
        assertThat(ProcessHandle.allProcesses()
                        .filter(ProcessHandle::isAlive)
                        .filter(p -> p.info()
                                .arguments()
                                .map(a -> List.of(a).contains(marker))
                                .orElse(false)))
                .isEmpty();
    }

    private static String setting(CqlSession session, String name) {
        return session.execute("SELECT value FROM system_views.settings WHERE name = ?", name)
                .one()
                .getString("value");
    }

    private static Map<String, Set<String>> tables(CqlSession session) {
        return session
                .execute("SELECT keyspace_name, table_name FROM system_schema.tables WHERE keyspace_name IN"
                        + " ('lyceum_journal', 'lyceum_snapshot', 'lyceum_offsets', 'lyceum')")
                .all()
                .stream()
                .collect(Collectors.groupingBy(
                        r -> r.getString("keyspace_name"),
                        Collectors.mapping(r -> r.getString("table_name"), Collectors.toSet())));
    }

    /** A minimal event-sourced entity: strings only, so Pekko's built-in string serializer suffices. */
    static final class Notebook extends EventSourcedBehavior<Notebook.Command, String, String> {

        interface Command {}

        record Add(String line, ActorRef<Done> replyTo) implements Command {}

        record Read(ActorRef<String> replyTo) implements Command {}

        Notebook(String id) {
            super(PersistenceId.ofUniqueId(id));
        }

        @Override
        public String emptyState() {
            return "";
        }

        @Override
        public CommandHandler<Command, String, String> commandHandler() {
            return newCommandHandlerBuilder()
                    .forAnyState()
                    .onCommand(
                            Add.class,
                            add -> Effect().persist(add.line()).thenReply(add.replyTo(), s -> Done.getInstance()))
                    .onCommand(Read.class, (state, read) -> Effect().reply(read.replyTo(), state))
                    .build();
        }

        @Override
        public EventHandler<String, String> eventHandler() {
            return newEventHandlerBuilder()
                    .forAnyState()
                    .onAnyEvent((state, line) -> state.isEmpty() ? line : state + "," + line);
        }

        @Override
        public Set<String> tagsFor(String event) {
            return Set.of("notes");
        }

        @Override
        public RetentionCriteria retentionCriteria() {
            return RetentionCriteria.snapshotEvery(2, 1);
        }
    }
}
