package lyceum.workers;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The external trainers a gpu node may run, by name, from its own configuration:
 * {@code lyceum.trainers.<name> { command = [...], timeout = 2h }}, a profile without a timeout taking
 * {@code lyceum.trainer-defaults.timeout}. An experiment names a profile and never carries an argv, so
 * reaching a node's port is not enough to run a command on it.
 */
public record TrainerProfiles(Map<String, TrainingCommand> profiles) {

    public static final String PATH = "lyceum.trainers";
    /** A profile's timeout when it sets none; its default is in cluster-config's {@code lyceum/gpu.conf}. */
    public static final String DEFAULT_TIMEOUT = "lyceum.trainer-defaults.timeout";
    /** What a profile's name may hold; an experiment's training.profile is checked against it too. */
    public static final String NAME = "[A-Za-z0-9_-]+";

    public TrainerProfiles {
        profiles = Map.copyOf(profiles);
    }

    public static TrainerProfiles none() {
        return new TrainerProfiles(Map.of());
    }

    /** Reads {@value #PATH} and {@value #DEFAULT_TIMEOUT}; every error names the key and where it is set. */
    public static TrainerProfiles fromConfig(Config config) {
        if (!config.hasPath(PATH)) {
            return none();
        }
        Duration defaultTimeout = config.getDuration(DEFAULT_TIMEOUT);
        if (defaultTimeout.isNegative() || defaultTimeout.isZero()) {
            throw bad(DEFAULT_TIMEOUT, config.getValue(DEFAULT_TIMEOUT), "must be positive");
        }
        Map<String, TrainingCommand> profiles = new TreeMap<>();
        Config trainers = config.getConfig(PATH);
        for (String name : trainers.root().keySet()) {
            String key = PATH + "." + name;
            ConfigValue value = trainers.root().get(name);
            if (!name.matches(NAME)) {
                throw bad(key, value, "a profile name uses letters, digits, _ and - only");
            }
            try {
                Config profile = trainers.getConfig(name);
                var argv = profile.getStringList("command");
                if (argv.isEmpty() || argv.get(0).isBlank()) {
                    throw bad(
                            key + ".command",
                            profile.getValue("command"),
                            "must be the trainer's argv, e.g. [\"sh\", \"train.sh\", \"{data}\", \"{output}\"]");
                }
                if (!String.join(" ", argv).contains("{output}")) {
                    throw bad(
                            key + ".command",
                            profile.getValue("command"),
                            "must pass {output}, the fresh directory the trainer writes its checkpoint into");
                }
                Duration timeout = profile.hasPath("timeout") ? profile.getDuration("timeout") : defaultTimeout;
                if (timeout.isNegative() || timeout.isZero()) {
                    throw bad(key + ".timeout", profile.getValue("timeout"), "must be positive");
                }
                profiles.put(name, new TrainingCommand(argv, timeout));
            } catch (ConfigException e) {
                throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
            }
        }
        return new TrainerProfiles(profiles);
    }

    private static IllegalArgumentException bad(String key, ConfigValue value, String rule) {
        String where = value.origin().filename() != null
                ? value.origin().filename() + ":" + value.origin().lineNumber() + ": "
                : "";
        return new IllegalArgumentException(where + key + " " + rule);
    }

    public Optional<TrainingCommand> get(String name) {
        return Optional.ofNullable(profiles.get(name));
    }

    public Set<String> names() {
        return new TreeSet<>(profiles.keySet());
    }
}
