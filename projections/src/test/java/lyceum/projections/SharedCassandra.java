package lyceum.projections;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lyceum.cassandra.CassandraCredentials;
import lyceum.cassandra.CassandraServerSettings;
import lyceum.cassandra.CqlSessions;
import lyceum.cassandra.EmbeddedCassandra;
import lyceum.cassandra.LyceumKeyspaces;
import lyceum.cassandra.LyceumSchema;
import lyceum.cassandra.Replication;
import lyceum.config.LyceumConfig;
import lyceum.net.FreePorts;
import org.apache.commons.io.FileUtils;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;

/**
 * One real Cassandra 5 for the whole test JVM (surefire runs every class in one JVM), started by the
 * first test class that needs it, on free ports in a fresh data directory under target/, with the full
 * Lyceum schema. A shutdown hook stops it when the JVM exits. Tests keep apart by experiment id.
 */
public final class SharedCassandra {

    private static final Path DATA_DIR = Path.of("target", "test-cassandra").toAbsolutePath();

    private static final LyceumKeyspaces KEYSPACES = LyceumKeyspaces.fromConfig(LyceumConfig.load(Optional.empty()));

    private static SharedCassandra instance;

    private final CassandraServerSettings settings;
    private final CqlSession session;

    private SharedCassandra(CassandraServerSettings settings, CqlSession session) {
        this.settings = settings;
        this.session = session;
    }

    public static synchronized SharedCassandra get() {
        if (instance == null) {
            CassandraServerSettings settings = CassandraServerSettings.fromConfig(LyceumConfig.load(Optional.empty()))
                    .withDataDir(DATA_DIR)
                    .withPorts(FreePorts.next(), FreePorts.next());
            // A node left running by an interrupted run holds the directory; then start afresh.
            EmbeddedCassandra.stop(settings);
            FileUtils.deleteQuietly(DATA_DIR.toFile());
            EmbeddedCassandra.start(settings, EmbeddedCassandra.Lifetime.WITH_THIS_JVM);
            CqlSession session = CqlSessions.open(settings);
            LyceumSchema.create(session, KEYSPACES, Replication.simple(1));
            Runtime.getRuntime().addShutdownHook(new Thread(session::close, "test-cql-session-close"));
            instance = new SharedCassandra(settings, session);
        }
        return instance;
    }

    /** Lyceum's login on this node, for a client that reaches it as an external cluster. */
    public CassandraCredentials credentials() {
        return CassandraCredentials.read(settings.dataDir()).orElseThrow();
    }

    public CqlSession session() {
        return session;
    }

    public String readSideKeyspace() {
        return KEYSPACES.readSide();
    }

    public ReadSide readSide() {
        return ReadSide.of(session, readSideKeyspace());
    }

    /**
     * Lyceum's node configuration pointed at this Cassandra, for an actor system running real
     * projections: a one-node cluster on a free port, and events-by-tag queries that start scanning at
     * the current hour (not at the deployment's first bucket) and poll often.
     */
    public Config nodeConfig(Map<String, Object> extra) {
        String hourAgo =
                LocalDateTime.now(ZoneOffset.UTC).minusHours(1).format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HH:00"));
        Map<String, Object> overrides = new HashMap<>();
        overrides.put("lyceum.node.port", 0);
        overrides.put("lyceum.node.seed-nodes", List.of());
        // its data directory holds the ports and credentials every client of the node reads
        overrides.put("lyceum.cassandra.embedded.data-dir", settings.dataDir().toString());
        overrides.put("lyceum.cassandra.embedded.native-port", settings.nativePort());
        overrides.put("pekko.persistence.cassandra.events-by-tag.first-time-bucket", hourAgo);
        overrides.put("pekko.persistence.cassandra.events-by-tag.eventual-consistency-delay", "1s");
        overrides.put("pekko.persistence.cassandra.query.refresh-interval", "500ms");
        // A cluster node leaves, hands off its shards and closes its sessions on shutdown; on a loaded
        // machine that outlasts the test kit's 10 s default, which then fails an otherwise passed class.
        overrides.put("pekko.actor.testkit.typed.system-shutdown-default", "60s");
        overrides.putAll(extra);
        return LyceumConfig.load(Optional.empty(), ConfigFactory.parseMap(overrides));
    }

    /**
     * An actor system of its own joined as a one-node cluster and running every read-side projection;
     * stored metrics wait at most a few minutes, in short steps, for the problem projections.
     */
    public ActorTestKit startProjectingNode() {
        ActorTestKit kit = ActorTestKit.create(
                "Lyceum",
                nodeConfig(Map.of(
                        "lyceum.projections.iteration-metrics.catch-up.first-delay", "500ms",
                        "lyceum.projections.iteration-metrics.catch-up.max-delay", "2s",
                        "lyceum.projections.iteration-metrics.catch-up.give-up-after", "3m")));
        Cluster cluster = Cluster.get(kit.system());
        cluster.manager().tell(Join.create(cluster.selfMember().address()));
        kit.createTestProbe().awaitAssert(Duration.ofSeconds(30), () -> {
            assertThat(cluster.selfMember().status()).isEqualTo(MemberStatus.up());
            return null;
        });
        ReadSideProjections.init(kit.system());
        return kit;
    }
}
