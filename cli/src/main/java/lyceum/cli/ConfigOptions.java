package lyceum.cli;

import com.datastax.oss.driver.api.core.CqlSession;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import lyceum.cassandra.CassandraClientSettings;
import lyceum.cassandra.CqlSessions;
import lyceum.cassandra.LyceumKeyspaces;
import lyceum.config.LyceumConfig;
import lyceum.projections.metrics.MetricsQuery;
import lyceum.replay.JournalReader;
import picocli.CommandLine.Option;

/** The node configuration options shared by every command that talks to Cassandra or the cluster. */
final class ConfigOptions {

    @Option(
            names = {"-c", "--config"},
            paramLabel = "FILE",
            description = "Lyceum configuration file (HOCON).")
    Path configFile;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "Data folder (journal of the embedded Cassandra, checkpoints).")
    Path dataDir;

    Config load() {
        return load(Map.of());
    }

    Config load(Map<String, Object> extra) {
        Map<String, Object> overrides = new HashMap<>(extra);
        if (dataDir != null) {
            overrides.put("lyceum.node.data-dir", dataDir.toAbsolutePath().toString());
        }
        if (configFile != null && !configFile.toFile().isFile()) {
            throw new IllegalArgumentException("configuration file not found: " + configFile);
        }
        return LyceumConfig.load(Optional.ofNullable(configFile), ConfigFactory.parseMap(overrides));
    }

    /** What a command reads from the journal. */
    interface JournalRead<T> {
        T apply(JournalReader reader) throws Exception;
    }

    /** The configuration, with its storage started: the embedded Cassandra unless a cluster is configured. */
    Config startStorage() {
        Config config = load();
        LocalNode.startStorage(config, System.err);
        return config;
    }

    /** Starts the storage and reads the journal. */
    <T> T readJournal(JournalRead<T> read) throws Exception {
        return readJournal(load(), read);
    }

    /** As {@link #readJournal(JournalRead)}, under a configuration already loaded. */
    static <T> T readJournal(Config config, JournalRead<T> read) throws Exception {
        LocalNode.startStorage(config, System.err);
        try (JournalReader reader = JournalReader.open(config)) {
            return read.apply(reader);
        }
    }

    /** Queries the read side's metrics over a session of its own; the storage must be up. */
    static <T> T queryMetrics(Config config, Function<MetricsQuery, T> query) {
        try (CqlSession session = CqlSessions.open(CassandraClientSettings.fromConfig(config))) {
            return query.apply(MetricsQuery.create(
                    session, LyceumKeyspaces.fromConfig(config).readSide()));
        }
    }
}
