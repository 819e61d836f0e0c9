package lyceum.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import lyceum.config.LyceumConfig;
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
}
