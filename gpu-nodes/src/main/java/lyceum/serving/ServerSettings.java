package lyceum.serving;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How a gpu node runs its managed inference servers: {@value #PATH} of the node's own configuration
 * (cluster-config's lyceum/gpu-server.conf documents every key). Never taken from an experiment, since the command runs here.
 */
public record ServerSettings(
        List<String> command,
        Map<String, String> environment,
        List<String> devices,
        Reload reload,
        String reloadUrl,
        String sleepUrl,
        String wakeUrl,
        Duration readyTimeout,
        int maxRestarts,
        int concurrency,
        Duration requestTimeout,
        Map<String, Path> models) {

    public static final String PATH = "lyceum.gpu.server";
    /** The defaults of every key, in cluster-config's include chain. */
    static final String DEFAULTS = "lyceum/gpu-server.conf";

    /** How a new version reaches a running server. */
    public enum Reload {
        RESTART,
        LORA,
        ENDPOINT
    }

    public ServerSettings {
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
        devices = List.copyOf(devices);
        models = Map.copyOf(models);
        if (!command.isEmpty() && devices.isEmpty()) {
            throw new IllegalArgumentException(PATH + ".devices is empty: name at least one device for the server");
        }
        if (reload == Reload.ENDPOINT && reloadUrl.isBlank()) {
            throw new IllegalArgumentException(
                    PATH + ".reload-url is empty but " + PATH + ".reload = endpoint needs it");
        }
        if (sleepUrl.isBlank() != wakeUrl.isBlank()) {
            throw new IllegalArgumentException(
                    PATH + ".sleep-url and " + PATH + ".wake-url go together: set both or neither");
        }
        if (maxRestarts < 0) {
            throw new IllegalArgumentException(PATH + ".max-restarts must be 0 or more, not " + maxRestarts);
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException(PATH + ".concurrency must be at least 1, not " + concurrency);
        }
    }

    /** True when the node runs managed servers (a command is configured). */
    public boolean enabled() {
        return !command.isEmpty();
    }

    /** Reads {@value #PATH}; a configuration without it reads the defaults (lyceum/gpu-server.conf): none. */
    public static ServerSettings fromConfig(Config config) {
        Config c = config.withFallback(ConfigFactory.parseResources(ServerSettings.class.getClassLoader(), DEFAULTS))
                .getConfig(PATH);
        try {
            return new ServerSettings(
                    c.getStringList("command"),
                    strings(c.getConfig("environment")),
                    c.getStringList("devices"),
                    reload(c.getString("reload")),
                    c.getString("reload-url"),
                    c.getString("sleep-url"),
                    c.getString("wake-url"),
                    c.getDuration("ready-timeout"),
                    c.getInt("max-restarts"),
                    c.getInt("concurrency"),
                    c.getDuration("request-timeout"),
                    paths(c.getConfig("models")));
        } catch (ConfigException e) {
            throw new IllegalArgumentException(PATH + ": " + e.getMessage(), e);
        }
    }

    private static Reload reload(String value) {
        try {
            return Reload.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PATH + ".reload = " + value + ": use restart, lora or endpoint");
        }
    }

    private static Map<String, String> strings(Config section) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigValue> entry : section.root().entrySet()) {
            values.put(entry.getKey(), String.valueOf(entry.getValue().unwrapped()));
        }
        return values;
    }

    private static Map<String, Path> paths(Config section) {
        Map<String, Path> paths = new LinkedHashMap<>();
        strings(section).forEach((name, path) -> paths.put(name, Path.of(path)));
        return paths;
    }
}
