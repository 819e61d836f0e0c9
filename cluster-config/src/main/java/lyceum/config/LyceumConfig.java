package lyceum.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import lyceum.cassandra.CassandraClientSettings;

/**
 * Loads Lyceum's configuration. Layers, highest first: explicit overrides (CLI flags), JVM system
 * properties, the optional user file, {@value #DEFAULTS_RESOURCE} (split by concern under
 * {@code lyceum/} on the classpath), the libraries' reference.conf. Then derives what HOCON cannot
 * express conditionally: the driver's contact points and credentials, and the TLS transport.
 */
public final class LyceumConfig {

    public static final String DEFAULTS_RESOURCE = "lyceum-defaults.conf";

    private LyceumConfig() {}

    public static Config load(Optional<Path> userFile) {
        return load(userFile, ConfigFactory.empty());
    }

    public static Config load(Optional<Path> userFile, Config overrides) {
        Config defaults = ConfigFactory.parseResources(
                LyceumConfig.class.getClassLoader(),
                DEFAULTS_RESOURCE,
                ConfigParseOptions.defaults().setAllowMissing(false));
        Config user = userFile.map(LyceumConfig::parseUserFile).orElse(ConfigFactory.empty());
        Config layered = overrides
                .withFallback(ConfigFactory.defaultOverrides())
                .withFallback(user)
                .withFallback(defaults)
                .withFallback(ConfigFactory.defaultReference(LyceumConfig.class.getClassLoader()))
                .resolve();
        return derived(layered).withFallback(layered).resolve();
    }

    private static Config parseUserFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("configuration file " + file + " not found");
        }
        return ConfigFactory.parseFile(
                file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
    }

    private static Config derived(Config config) {
        Map<String, Object> values = new HashMap<>();
        if (config.getBoolean("lyceum.remote.tls.enabled")) {
            values.put("pekko.remote.artery.transport", "tls-tcp");
        }
        return ConfigFactory.parseMap(values, "derived by " + LyceumConfig.class.getName())
                .withFallback(driverConfig(config));
    }

    /**
     * The driver's contact points, data centre and, for an external cluster, credentials. The embedded
     * node's credentials stay in its data directory: {@link lyceum.cassandra.LyceumSessionProvider} reads
     * them, and its ports, when the persistence plugins connect.
     */
    private static Config driverConfig(Config config) {
        CassandraClientSettings cassandra = CassandraClientSettings.fromConfig(config);
        return cassandra.driverConfig(!cassandra.embedded()).atPath("datastax-java-driver");
    }
}
