package lyceum.cassandra;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How to run the embedded single-node Cassandra: where its files live, the loopback address and ports it
 * binds, and the file listing its classpath (written by the cassandra-server module's build).
 */
public record CassandraServerSettings(
        Path dataDir,
        String host,
        int nativePort,
        int storagePort,
        String maxHeap,
        Path classpathFile,
        Duration startTimeout,
        Duration stopGrace,
        CommitlogSync commitlogSync) {

    /** The data centre name Cassandra's SimpleSnitch gives the single embedded node. */
    public static final String DATACENTER = "datacenter1";

    public CassandraServerSettings {
        dataDir = dataDir.toAbsolutePath().normalize();
        classpathFile = classpathFile.toAbsolutePath().normalize();
    }

    /** Reads {@code lyceum.cassandra.embedded} and {@code lyceum.cassandra.classpath}. */
    public static CassandraServerSettings fromConfig(Config config) {
        Config embedded = config.getConfig("lyceum.cassandra.embedded");
        return new CassandraServerSettings(
                Path.of(embedded.getString("data-dir")),
                embedded.getString("host"),
                embedded.getInt("native-port"),
                embedded.getInt("storage-port"),
                embedded.getString("max-heap"),
                Path.of(config.getString("lyceum.cassandra.classpath")),
                embedded.getDuration("start-timeout"),
                embedded.getDuration("stop-grace"),
                CommitlogSync.fromConfig(embedded));
    }

    public CassandraServerSettings withDataDir(Path dir) {
        return new CassandraServerSettings(
                dir, host, nativePort, storagePort, maxHeap, classpathFile, startTimeout, stopGrace, commitlogSync);
    }

    public CassandraServerSettings withPorts(int nativePort, int storagePort) {
        return new CassandraServerSettings(
                dataDir, host, nativePort, storagePort, maxHeap, classpathFile, startTimeout, stopGrace, commitlogSync);
    }

    /** The CQL address of a node already running from this data directory. */
    CassandraServerSettings withAddress(String host, int nativePort) {
        return new CassandraServerSettings(
                dataDir, host, nativePort, storagePort, maxHeap, classpathFile, startTimeout, stopGrace, commitlogSync);
    }

    public CassandraServerSettings withStartTimeout(Duration timeout) {
        return new CassandraServerSettings(
                dataDir, host, nativePort, storagePort, maxHeap, classpathFile, timeout, stopGrace, commitlogSync);
    }

    /**
     * When Cassandra acknowledges a write: {@code periodic} syncs the commit log every {@code window} and
     * acknowledges at once (a machine crash loses up to a window of acknowledged writes); {@code group}
     * acknowledges after the sync that ends the current window; {@code batch} after a sync per write
     * batch ({@code window} unused).
     */
    public record CommitlogSync(Mode mode, Duration window) {

        public enum Mode {
            PERIODIC,
            GROUP,
            BATCH
        }

        static CommitlogSync fromConfig(Config embedded) {
            String name = embedded.getString("commitlog-sync");
            Mode mode;
            try {
                mode = Mode.valueOf(name.strip().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "lyceum.cassandra.embedded.commitlog-sync is '" + name + "'; expected periodic, group or batch",
                        e);
            }
            Duration window = embedded.getDuration("commitlog-sync-window");
            if (mode != Mode.BATCH && (window.isZero() || window.isNegative())) {
                throw new IllegalArgumentException(
                        "lyceum.cassandra.embedded.commitlog-sync-window must be positive, not " + window);
            }
            return new CommitlogSync(mode, window);
        }

        /** The commit log lines of cassandra.yaml. */
        String yaml() {
            return switch (mode) {
                case PERIODIC -> "commitlog_sync: periodic\ncommitlog_sync_period: " + window.toMillis() + "ms\n";
                case GROUP -> "commitlog_sync: group\ncommitlog_sync_group_window: " + window.toMillis() + "ms\n";
                case BATCH -> "commitlog_sync: batch\n";
            };
        }
    }

    Path confDir() {
        return dataDir.resolve("conf");
    }

    Path logDir() {
        return dataDir.resolve("logs");
    }

    /** Cassandra's own log (its logback configuration writes here). */
    public Path systemLog() {
        return logDir().resolve("system.log");
    }

    /** The child JVM's stdout and stderr: JVM warnings and startup crashes printed before logging is up. */
    public Path stdoutLog() {
        return logDir().resolve("stdout.log");
    }

    public String contactPoint() {
        return host + ":" + nativePort;
    }
}
