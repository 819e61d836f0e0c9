package lyceum.benchmarks;

import com.datastax.oss.driver.api.core.CqlSession;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lyceum.cassandra.CassandraClientSettings;
import lyceum.cassandra.CassandraServerSettings;
import lyceum.cassandra.CqlSessions;
import lyceum.cassandra.EmbeddedCassandra;
import lyceum.cassandra.LyceumKeyspaces;
import lyceum.cassandra.LyceumSchema;
import lyceum.cassandra.Replication;
import lyceum.config.LyceumConfig;
import lyceum.net.FreePorts;
import org.apache.commons.io.FileUtils;

/**
 * A Cassandra 5 of the benchmark's own, on free ports in a temporary directory with Lyceum's schema: a
 * developer's node and its data are never touched. {@link #close()} stops it and deletes the directory.
 */
final class BenchCassandra implements AutoCloseable {

    private static final String REQUEST_TIMEOUT = "15s";

    private final Path dir;
    private final Config base;
    private final Config config;
    private final EmbeddedCassandra cassandra;
    private final CqlSession session;

    private BenchCassandra(Path dir, Config base, Config config, EmbeddedCassandra cassandra, CqlSession session) {
        this.dir = dir;
        this.base = base;
        this.config = config;
        this.cassandra = cassandra;
        this.session = session;
    }

    /** A benchmark's measurement on a Cassandra of its own. */
    interface Measured {
        BenchResult run(BenchCassandra cassandra, Progress progress);
    }

    /** Starts a Cassandra for the benchmark {@code name}, measures on it, then stops it. */
    static BenchResult run(String name, Config overrides, Measured measured) {
        Progress progress = new Progress(name);
        try (BenchCassandra cassandra = start(overrides, progress)) {
            return measured.run(cassandra, progress);
        }
    }

    /** {@code overrides} sits above the benchmark's own settings, e.g. {@code lyceum.home} in tests. */
    static BenchCassandra start(Config overrides, Progress progress) {
        Path dir = temporaryDirectory();
        Config own = ConfigFactory.parseMap(Map.of(
                "lyceum.node.data-dir", dir.resolve("node").toString(),
                "lyceum.cassandra.contact-points", List.of(),
                // the embedded node logs in with the credentials in its data folder, whatever LYCEUM_CASSANDRA_USERNAME
                // says
                "lyceum.cassandra.username", "",
                "lyceum.cassandra.embedded.data-dir", dir.resolve("cassandra").toString(),
                "lyceum.cassandra.embedded.native-port", FreePorts.next(),
                "lyceum.cassandra.embedded.storage-port", FreePorts.next(),
                "lyceum.cassandra.embedded.stop-grace", "20s"));
        Config layered = overrides.withFallback(own);
        Config config = LyceumConfig.load(Optional.empty(), layered);
        progress.say(
                "starting Cassandra on %s in %s",
                CassandraServerSettings.fromConfig(config).contactPoint(), dir);
        EmbeddedCassandra cassandra = null;
        CqlSession session = null;
        try {
            cassandra = EmbeddedCassandra.start(
                    CassandraServerSettings.fromConfig(config), EmbeddedCassandra.Lifetime.WITH_THIS_JVM);
            session = CqlSessions.open(CassandraClientSettings.fromConfig(config));
            LyceumSchema.create(session, LyceumKeyspaces.fromConfig(config), Replication.fromConfig(config));
            return new BenchCassandra(dir, layered, config, cassandra, session);
        } catch (RuntimeException e) {
            if (session != null) {
                session.close();
            }
            if (cassandra != null) {
                cassandra.close();
            }
            FileUtils.deleteQuietly(dir.toFile());
            throw e;
        }
    }

    /** The configuration of one node on this Cassandra, on a port of its own. */
    Config nodeConfig() {
        Config node = ConfigFactory.parseMap(Map.of(
                "lyceum.node.port",
                FreePorts.next(),
                // The driver's 2 s default fails journal calls when other work loads the machine, and a
                // problem entity stops on a journal failure: the run would measure the machine's load.
                "datastax-java-driver.basic.request.timeout",
                REQUEST_TIMEOUT));
        return LyceumConfig.load(Optional.empty(), node.withFallback(base));
    }

    Config config() {
        return config;
    }

    Path nodeDataDir() {
        return dir.resolve("node");
    }

    /** A plain driver session, for the baselines. */
    CqlSession session() {
        return session;
    }

    long pid() {
        return cassandra.pid();
    }

    String journalKeyspace() {
        return LyceumKeyspaces.fromConfig(config).journal();
    }

    @Override
    public void close() {
        session.close();
        cassandra.close();
        FileUtils.deleteQuietly(dir.toFile());
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("lyceum-bench-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory", e);
        }
    }
}
