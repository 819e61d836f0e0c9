package lyceum.experiment.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads an experiment HOCON file over {@code experiment-defaults.conf}, which holds every key and its
 * default: the file is bound to {@link ExperimentFile} ({@link ConfigBinding}), checked by
 * {@link ExperimentRules} and turned into the {@link ExperimentConfig} that is journaled. Every failure
 * names the key, and the file and line where the file sets it.
 */
public final class ExperimentConfigLoader {

    public static final String DEFAULTS_RESOURCE = "experiment-defaults.conf";

    private ExperimentConfigLoader() {}

    public static ExperimentConfig load(Path file) {
        return load(file, null);
    }

    /**
     * @param dataDir where a relative few-shot file is looked for when it is not beside the experiment
     *     file; null: beside it only
     */
    public static ExperimentConfig load(Path file, Path dataDir) {
        Path folder = file.toAbsolutePath().getParent();
        return fromConfig(parse(file), file.toString(), dataDir == null ? List.of(folder) : List.of(folder, dataDir));
    }

    /**
     * The seeds the file asks the experiment to run under ({@code experiment.seeds}); empty when it names
     * none, and the experiment runs once under {@code experiment.seed}. An error names the file and line.
     */
    public static List<Long> seeds(Path file) {
        return read(parse(file), file.toString(), (root, bound) -> bound.seeds());
    }

    public static ExperimentConfig parse(String hocon) {
        Config user;
        try {
            user = ConfigFactory.parseString(hocon);
        } catch (ConfigException e) {
            throw new ExperimentConfigException(e.getMessage(), e);
        }
        return fromConfig(user, "<string>", List.of(Path.of("").toAbsolutePath()));
    }

    /** The defaults alone: the experiment a bare `lyceum run` would describe. */
    public static ExperimentConfig defaults() {
        return parse("");
    }

    public static ExperimentConfig fromConfig(Config user, String origin) {
        return fromConfig(user, origin, List.of(Path.of("").toAbsolutePath()));
    }

    /** @param folders where a relative few-shot file is looked for, in order */
    public static ExperimentConfig fromConfig(Config user, String origin, List<Path> folders) {
        return read(user, origin, (root, bound) -> {
            Config c = root.getConfig("experiment");
            ExperimentConfig config = bound.toConfig(
                    PromptTemplateLoader.fewShotFile(c, bound.prompts().fewShotFile(), folders),
                    ExperimentRules.grading(c, origin, bound.dataset().name(), bound.grading()));
            return ExperimentRules.validate(config, c);
        });
    }

    private interface Step<T> {
        T apply(Config root, ExperimentFile bound);
    }

    /** The file over the defaults, resolved and bound, its seeds checked; then {@code step}. */
    private static <T> T read(Config user, String origin, Step<T> step) {
        try {
            Config root = user.withFallback(ConfigFactory.parseResources(DEFAULTS_RESOURCE))
                    .resolve();
            ExperimentFile bound = ConfigBinding.bind(root, origin);
            ExperimentRules.seeds(root.getConfig("experiment"), bound.seeds());
            return step.apply(root, bound);
        } catch (ConfigException e) {
            // A value's own error already names its file and line.
            throw new ExperimentConfigException(
                    e.origin() != null ? e.getMessage() : origin + ": " + e.getMessage(), e);
        }
    }

    private static Config parse(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ExperimentConfigException("experiment file not found: " + file);
        }
        try {
            return ConfigFactory.parseFile(
                    file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
        } catch (ConfigException e) {
            throw new ExperimentConfigException(file + ": " + e.getMessage(), e);
        }
    }
}
