package lyceum.experiment.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import lyceum.experiment.config.ExperimentConfig.StrategyName;
import lyceum.experiment.config.ExperimentConfig.TrainFrom;
import lyceum.grading.GraderSettings;
import lyceum.workers.TrainerProfiles;
import lyceum.workers.TrainingDataFormat;

/**
 * Reads an experiment HOCON file over {@code experiment-defaults.conf}. Every failure names the key,
 * and the file and line where the file sets it.
 */
public final class ExperimentConfigLoader {

    private static final Set<String> DATASETS = Set.of("synthetic", "gsm8k", "math500", "svamp", "custom");
    private static final Set<String> BACKENDS = Set.of("djl", "openai");
    private static final Set<String> TRAINING_BACKENDS = Set.of("djl", "command");
    private static final String TOKEN_VARIABLE = "[A-Za-z_][A-Za-z0-9_]*|";
    /** The experiment file's grading keys and the GraderSettings field each sets. */
    private static final Map<String, String> GRADING_KEYS = Map.of(
            "decimal-comma", "decimalComma",
            "latex-group-fallback", "latexGroupFallback",
            "equations-up-to-scaling", "equationsUpToScaling",
            "inequality-for-interval", "inequalityForInterval",
            "ordered-lists", "orderedLists");

    private ExperimentConfigLoader() {}

    public static ExperimentConfig load(Path file) {
        return load(file, null);
    }

    /**
     * @param dataDir where a relative few-shot file is looked for when it is not beside the experiment
     *     file; null: beside it only
     */
    public static ExperimentConfig load(Path file, Path dataDir) {
        if (!Files.isRegularFile(file)) {
            throw new ExperimentConfigException("experiment file not found: " + file);
        }
        Config user;
        try {
            user = ConfigFactory.parseFile(
                    file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
        } catch (ConfigException e) {
            throw new ExperimentConfigException(file + ": " + e.getMessage(), e);
        }
        Path folder = file.toAbsolutePath().getParent();
        return fromConfig(user, file.toString(), dataDir == null ? List.of(folder) : List.of(folder, dataDir));
    }

    /**
     * The seeds the file asks the experiment to run under ({@code experiment.seeds}); empty when it names
     * none, and the experiment runs once under {@code experiment.seed}. An error names the file and line.
     */
    public static List<Long> seeds(Path file) {
        try {
            Config user = ConfigFactory.parseFile(
                    file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
            return seeds(user.withFallback(ConfigFactory.parseResources("experiment-defaults.conf"))
                    .resolve()
                    .getConfig("experiment"));
        } catch (ConfigException e) {
            throw new ExperimentConfigException(e.origin() != null ? e.getMessage() : file + ": " + e.getMessage(), e);
        }
    }

    private static List<Long> seeds(Config c) {
        List<Long> seeds = c.getLongList("seeds");
        require(
                c,
                "seeds",
                seeds.stream().distinct().count() == seeds.size(),
                "names a seed twice: each run needs a seed of its own");
        return List.copyOf(seeds);
    }

    public static ExperimentConfig parse(String hocon) {
        try {
            return fromConfig(
                    ConfigFactory.parseString(hocon),
                    "<string>",
                    List.of(Path.of("").toAbsolutePath()));
        } catch (ConfigException e) {
            throw new ExperimentConfigException(e.getMessage(), e);
        }
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
        Config defaults = ConfigFactory.parseResources("experiment-defaults.conf");
        rejectUnknownKeys(user, defaults, origin);
        Config root = user.withFallback(defaults).resolve();
        try {
            seeds(root.getConfig("experiment"));
            return validate(read(root, folders), root.getConfig("experiment"));
        } catch (ConfigException e) {
            // A value's own error already names its file and line.
            throw new ExperimentConfigException(
                    e.origin() != null ? e.getMessage() : origin + ": " + e.getMessage(), e);
        }
    }

    private static void rejectUnknownKeys(Config user, Config defaults, String origin) {
        for (Map.Entry<String, ConfigValue> entry : user.entrySet()) {
            if (!defaults.hasPathOrNull(entry.getKey())) {
                throw new ExperimentConfigException(where(origin, entry.getValue()) + "unknown key '" + entry.getKey()
                        + "'"
                        + (entry.getKey().startsWith("experiment.") ? "" : " (settings live under 'experiment')"));
            }
        }
    }

    private static String where(String origin, ConfigValue value) {
        int line = value.origin().lineNumber();
        return origin + (line > 0 ? ":" + line : "") + ": ";
    }

    /** Reads every value by its full path from the experiment block, so a type error names the whole key. */
    private static ExperimentConfig read(Config root, List<Path> folders) {
        Config c = root.getConfig("experiment");
        String e = "experiment.";
        String d = "experiment.dataset.";
        String s = "experiment.strategy.";
        String t = "experiment.training.";
        String v = "experiment.evaluation.";
        String r = "experiment.runtime.";
        String syn = "experiment.dataset.synthetic.";
        String m = "experiment.model.";
        // Unset epochs and learning rate: the djl trainer's defaults, or, for a training command, its own.
        boolean trainsInProcess = !"command".equals(root.getString(t + "backend"));
        return new ExperimentConfig(
                root.getString(e + "name"),
                root.getLong(e + "seed"),
                root.getInt(e + "iterations"),
                new ExperimentConfig.Dataset(
                        root.getString(d + "name"),
                        root.getString(d + "path"),
                        root.getString(d + "question-field"),
                        root.getString(d + "answer-field"),
                        root.getString(d + "rationale-field"),
                        root.getString(d + "difficulty-field"),
                        root.getString(d + "id-field"),
                        root.getInt(d + "train-count"),
                        root.getInt(d + "test-count"),
                        root.getInt(d + "held-in-count"),
                        new ExperimentConfig.Synthetic(
                                root.getInt(syn + "train-count"),
                                root.getInt(syn + "test-count"),
                                root.getInt(syn + "min-steps"),
                                root.getInt(syn + "max-steps"),
                                root.getInt(syn + "max-operand")),
                        root.getDouble(d + "rationale-share")),
                new ExperimentConfig.Model(
                        root.getString(m + "backend"),
                        root.getString(m + "endpoint"),
                        root.getString(m + "model-name"),
                        root.getInt(m + "concurrency"),
                        root.getDuration(m + "request-timeout"),
                        root.getInt(m + "max-retries"),
                        root.getString(m + "api-key-env"),
                        root.getString(m + "base")),
                new ExperimentConfig.Strategy(
                        strategyName(c, "strategy.name"),
                        root.getInt(s + "sample-num"),
                        root.getInt(s + "min-correct"),
                        root.getInt(s + "max-resample"),
                        root.getInt(s + "resample-num"),
                        root.getDouble(s + "temperature"),
                        root.getDouble(s + "top-p"),
                        root.getInt(s + "max-tokens"),
                        new ExperimentConfig.Feedback(
                                criticKind(c, "strategy.critic.kind"),
                                root.getString(s + "critic.model"),
                                root.getInt(s + "critique.refinements"),
                                root.getInt(s + "critique.accept-per-critique"),
                                root.getBoolean(s + "critique.use-critic"),
                                root.getInt(s + "reflection.count"),
                                demand(c, "strategy.reflection.demand"),
                                trainPrompt(c, "strategy.train-prompt"),
                                criticEndpoint(root, s + "critic."))),
                new ExperimentConfig.Acceptance(
                        root.getInt(e + "acceptance.quota-per-problem"),
                        root.getBoolean(e + "acceptance.deduplicate"),
                        root.getBoolean(e + "acceptance.require-valid-steps")),
                new ExperimentConfig.Training(
                        trainFrom(c, "training.from"),
                        root.getBoolean(t + "include-original"),
                        root.getBoolean(t + "include-earlier-iterations"),
                        intOr(
                                root,
                                t + "initial-epochs",
                                trainsInProcess ? ExperimentConfig.Training.DJL_INITIAL_EPOCHS : 0),
                        intOr(root, t + "epochs", trainsInProcess ? ExperimentConfig.Training.DJL_EPOCHS : 0),
                        root.getIsNull(t + "learning-rate")
                                ? (trainsInProcess ? ExperimentConfig.Training.DJL_LEARNING_RATE : 0)
                                : root.getDouble(t + "learning-rate"),
                        root.getString(t + "backend"),
                        root.getString(t + "profile"),
                        // Set only by the journaled experiments of older versions; an experiment file may not (see
                        // validate).
                        List.of(),
                        null,
                        root.getString(t + "data-format"),
                        root.getIsNull(t + "fine-tune-learning-rate")
                                ? null
                                : root.getDouble(t + "fine-tune-learning-rate")),
                new ExperimentConfig.Evaluation(
                        root.getInt(v + "max-tokens"),
                        root.getBoolean(v + "greedy"),
                        root.getInt(v + "samples"),
                        root.getDouble(v + "temperature"),
                        root.getDouble(v + "top-p"),
                        new ExperimentConfig.Refine(
                                root.getBoolean(v + "refine.enabled"),
                                criticKind(c, "evaluation.refine.critic.kind"),
                                root.getString(v + "refine.critic.model"),
                                criticEndpoint(root, v + "refine.critic."))),
                new ExperimentConfig.Runtime(
                        root.getInt(r + "window"),
                        root.getInt(r + "progress-every"),
                        root.getDuration(r + "generation-timeout"),
                        root.getDuration(r + "training-timeout"),
                        root.getInt(r + "max-attempts"),
                        root.getDuration(r + "retry-backoff")),
                PromptTemplateLoader.read(c, folders),
                grading(c, root.getString(d + "name")));
    }

    /** The dataset's default grader settings with each key that is not "dataset" set as given. */
    private static GraderSettings grading(Config c, String dataset) {
        GraderSettings settings = GraderSettings.forDataset(dataset);
        for (Map.Entry<String, String> key : new TreeMap<>(GRADING_KEYS).entrySet()) {
            String path = "grading." + key.getKey();
            String value = c.getString(path);
            settings = switch (value) {
                case "dataset" -> settings;
                case "true", "false" -> settings.with(key.getValue(), Boolean.parseBoolean(value));
                default -> throw bad(c, path, "must be true, false or dataset (the dataset's default)");
            };
        }
        return settings;
    }

    private static int intOr(Config root, String key, int unset) {
        return root.getIsNull(key) ? unset : root.getInt(key);
    }

    /** A critic's own endpoint, under the experiment's model limits; an empty URL names none. */
    private static ExperimentConfig.CriticEndpoint criticEndpoint(Config root, String critic) {
        String m = "experiment.model.";
        if (root.getString(critic + "endpoint").isEmpty()
                && root.getString(critic + "api-key-env").isEmpty()) {
            return ExperimentConfig.CriticEndpoint.NONE;
        }
        return new ExperimentConfig.CriticEndpoint(
                root.getString(critic + "endpoint"),
                root.getString(critic + "api-key-env"),
                root.getInt(m + "concurrency"),
                root.getDuration(m + "request-timeout"),
                root.getInt(m + "max-retries"));
    }

    private static StrategyName strategyName(Config c, String key) {
        String value = c.getString(key);
        return Arrays.stream(StrategyName.values())
                .filter(n -> n.key().equals(value))
                .findFirst()
                .orElseThrow(() -> bad(
                        c,
                        key,
                        "'" + value + "' is not a strategy; one of "
                                + Arrays.stream(StrategyName.values())
                                        .map(StrategyName::key)
                                        .collect(Collectors.joining(", "))));
    }

    private static ExperimentConfig.CriticKind criticKind(Config c, String key) {
        String value = c.getString(key);
        return Arrays.stream(ExperimentConfig.CriticKind.values())
                .filter(k -> k.key().equals(value))
                .findFirst()
                .orElseThrow(() -> bad(c, key, "'" + value + "' must be step-checker or model"));
    }

    private static ExperimentConfig.ReflectionDemand demand(Config c, String key) {
        String value = c.getString(key);
        return Arrays.stream(ExperimentConfig.ReflectionDemand.values())
                .filter(d -> d.key().equals(value))
                .findFirst()
                .orElseThrow(() -> bad(c, key, "'" + value + "' must be check-steps or plan"));
    }

    /** Whether refinements train on the prompt they were generated with. */
    private static boolean trainPrompt(Config c, String key) {
        String value = c.getString(key);
        return switch (value) {
            case "plain" -> false;
            case "conditioned" -> true;
            default -> throw bad(c, key, "'" + value + "' must be plain or conditioned");
        };
    }

    private static TrainFrom trainFrom(Config c, String key) {
        String value = c.getString(key);
        return switch (value) {
            case "base" -> TrainFrom.BASE;
            case "previous" -> TrainFrom.PREVIOUS;
            default -> throw bad(c, key, "'" + value + "' must be base or previous");
        };
    }

    private static ExperimentConfig validate(ExperimentConfig e, Config c) {
        require(c, "iterations", e.iterations() >= 1 && e.iterations() <= 1000, "must be between 1 and 1000");
        require(c, "dataset.name", DATASETS.contains(e.dataset().name()), "must be one of " + DATASETS);
        if (e.dataset().name().equals("custom")) {
            require(c, "dataset.path", !e.dataset().path().isBlank(), "is required for a custom dataset");
        }
        require(c, "dataset.train-count", e.dataset().trainCount() >= 0, "must be >= 0");
        require(c, "dataset.test-count", e.dataset().testCount() >= 0, "must be >= 0");
        require(c, "dataset.held-in-count", e.dataset().heldInCount() >= 0, "must be >= 0");
        require(
                c,
                "dataset.rationale-share",
                e.dataset().rationaleShare() > 0 && e.dataset().rationaleShare() <= 1,
                "must be above 0 (M_0 needs reference rationales) and at most 1");
        var syn = e.dataset().synthetic();
        require(c, "dataset.synthetic.train-count", syn.trainCount() >= 1, "must be >= 1");
        require(c, "dataset.synthetic.test-count", syn.testCount() >= 1, "must be >= 1");
        require(c, "dataset.synthetic.min-steps", syn.minSteps() >= 1, "must be >= 1");
        require(c, "dataset.synthetic.max-steps", syn.maxSteps() >= syn.minSteps(), "must be >= min-steps");
        require(c, "dataset.synthetic.max-operand", syn.maxOperand() >= 2, "must be >= 2");
        require(c, "model.backend", BACKENDS.contains(e.model().backend()), "must be one of " + BACKENDS);
        if (e.model().backend().equals("openai")) {
            require(
                    c,
                    "model.endpoint",
                    isHttpUrl(e.model().endpoint()),
                    "must be the http(s) URL of an OpenAI-compatible server, e.g. \"http://127.0.0.1:8000\"");
        }
        var m = e.model();
        require(c, "model.concurrency", m.concurrency() >= 1 && m.concurrency() <= 1024, "must be between 1 and 1024");
        require(c, "model.request-timeout", m.requestTimeout().toMillis() > 0, "must be positive");
        require(c, "model.max-retries", m.maxRetries() >= 0 && m.maxRetries() <= 20, "must be between 0 and 20");
        require(
                c,
                "model.api-key-env",
                e.model().apiKeyEnv().matches(TOKEN_VARIABLE),
                "must name an environment variable (letters, digits, _), or be empty for no token");
        validateCritic(
                c,
                "strategy.critic.",
                e.strategy().feedback().critic(),
                e.strategy().feedback().criticModel(),
                e.strategy().feedback().criticEndpoint());
        validateCritic(
                c,
                "evaluation.refine.critic.",
                e.evaluation().refine().critic(),
                e.evaluation().refine().criticModel(),
                e.evaluation().refine().criticEndpoint());
        var s = e.strategy();
        require(c, "strategy.sample-num", s.sampleNum() >= 1 && s.sampleNum() <= 1024, "must be between 1 and 1024");
        require(
                c,
                "strategy.min-correct",
                s.minCorrect() >= 1 && s.minCorrect() <= s.sampleNum(),
                "must be between 1 and sample-num");
        require(c, "strategy.max-resample", s.maxResample() >= 0 && s.maxResample() <= 64, "must be between 0 and 64");
        require(
                c,
                "strategy.resample-num",
                s.resampleNum() >= 0 && s.resampleNum() <= 1024,
                "must be between 0 and 1024");
        require(c, "strategy.temperature", s.temperature() >= 0 && s.temperature() <= 5, "must be between 0 and 5");
        require(c, "strategy.top-p", s.topP() > 0 && s.topP() <= 1, "must be in (0, 1]");
        require(c, "strategy.max-tokens", s.maxTokens() >= 1 && s.maxTokens() <= 4096, "must be between 1 and 4096");
        var f = s.feedback();
        require(
                c,
                "strategy.critique.refinements",
                f.refinements() >= 1 && f.refinements() <= 64,
                "must be between 1 and 64");
        require(c, "strategy.critique.accept-per-critique", f.acceptPerCritique() >= 1, "must be >= 1");
        require(
                c,
                "strategy.reflection.count",
                f.reflections() >= 1 && f.reflections() <= 16,
                "must be between 1 and 16");
        if (s.name() == StrategyName.CRITIQUE || s.name() == StrategyName.REFLECTION) {
            require(
                    c,
                    "strategy.max-resample",
                    s.maxResample() >= 1,
                    "must be >= 1: " + s.name().key() + " refines in a resample round");
        }
        require(c, "acceptance.quota-per-problem", e.acceptance().quotaPerProblem() >= 1, "must be >= 1");
        var t = e.training();
        require(c, "training.backend", TRAINING_BACKENDS.contains(t.backend()), "must be one of " + TRAINING_BACKENDS);
        if (!c.getIsNull("training.initial-epochs")) {
            require(c, "training.initial-epochs", t.initialEpochs() >= 1, "must be >= 1");
        }
        if (!c.getIsNull("training.epochs")) {
            require(c, "training.epochs", t.epochs() >= 1, "must be >= 1");
        }
        if (!c.getIsNull("training.learning-rate")) {
            require(c, "training.learning-rate", t.learningRate() > 0 && t.learningRate() < 1, "must be in (0, 1)");
        }
        if (t.fineTuneLearningRate() != null) {
            require(
                    c,
                    "training.fine-tune-learning-rate",
                    t.fineTuneLearningRate() > 0 && t.fineTuneLearningRate() < 1,
                    "must be in (0, 1)");
        }
        try {
            t.format();
        } catch (IllegalArgumentException formatError) {
            throw bad(c, "training.data-format", "must be one of " + TrainingDataFormat.keys());
        }
        // Even a one-node setup reads its trainers from the node's configuration (the file given to `lyceum
        // --config`), so an experiment file, which may come from anyone who can submit one, never runs a command.
        for (String moved : List.of("training.command", "training.command-timeout")) {
            require(
                    c,
                    moved,
                    c.getIsNull(moved),
                    "is no longer read from an experiment: define a trainer profile on the gpu node, "
                            + "lyceum.trainers.NAME { command = [...], timeout = 60m } in its configuration, "
                            + "and name it here with training.profile = NAME");
        }
        require(
                c,
                "training.profile",
                t.profile().isEmpty() || t.profile().matches(TrainerProfiles.NAME),
                "must name a trainer profile (letters, digits, _ and -)");
        if (t.backend().equals("command")) {
            require(
                    c,
                    "training.profile",
                    !t.profile().isEmpty(),
                    "is required for the command backend: the name of a trainer profile the gpu nodes define "
                            + "(lyceum.trainers.NAME in their configuration)");
            // Its checkpoints are sampled through an openai endpoint, or through the managed servers of gpu nodes
            // (model.backend = djl, as for any version); a gpu node running its own model refuses them by name.
        } else {
            require(c, "training.profile", t.profile().isEmpty(), "is only used by training.backend = command");
            require(
                    c,
                    "training.data-format",
                    t.format() == TrainingDataFormat.LYCEUM,
                    "is only used by training.backend = command: the djl trainer reads lyceum");
            require(
                    c,
                    "model.base",
                    e.model().base().isEmpty(),
                    "is the model a training command starts from ({base_model}); the djl trainer trains its own model "
                            + "from scratch: set training.backend = command");
        }
        var v = e.evaluation();
        require(c, "evaluation.max-tokens", v.maxTokens() >= 1, "must be >= 1");
        require(c, "evaluation.samples", v.samples() >= 0 && v.samples() <= 1024, "must be between 0 and 1024");
        require(
                c,
                "evaluation.greedy",
                v.greedy() || v.samples() > 0,
                "leaves nothing to evaluate: set samples >= 1 or greedy = true");
        require(c, "evaluation.temperature", v.temperature() > 0 && v.temperature() <= 5, "must be in (0, 5]");
        require(c, "evaluation.top-p", v.topP() > 0 && v.topP() <= 1, "must be in (0, 1]");
        require(
                c,
                "evaluation.refine.enabled",
                !v.refine().enabled() || v.greedy(),
                "refines the greedy answer: set evaluation.greedy = true");
        PromptTemplateLoader.validate(e, c);
        var r = e.runtime();
        require(c, "runtime.window", r.window() >= 1, "must be >= 1");
        require(c, "runtime.progress-every", r.progressEvery() >= 1, "must be >= 1");
        require(c, "runtime.max-attempts", r.maxAttempts() >= 1, "must be >= 1");
        require(
                c,
                "runtime.retry-backoff",
                !r.retryBackoff().isNegative() && !r.retryBackoff().isZero(),
                "must be positive");
        require(
                c,
                "runtime.generation-timeout",
                !r.generationTimeout().isNegative() && !r.generationTimeout().isZero(),
                "must be positive");
        return e;
    }

    private static void validateCritic(
            Config c, String at, ExperimentConfig.CriticKind kind, String model, ExperimentConfig.CriticEndpoint own) {
        require(
                c,
                at + "api-key-env",
                own.apiKeyEnv().matches(TOKEN_VARIABLE),
                "must name an environment variable (letters, digits, _), or be empty for no token");
        if (!own.named()) {
            require(
                    c,
                    at + "api-key-env",
                    own.apiKeyEnv().isEmpty(),
                    "is only used with experiment." + at + "endpoint");
            return;
        }
        require(
                c,
                at + "endpoint",
                isHttpUrl(own.url()),
                "must be the http(s) URL of the critic's OpenAI-compatible server, e.g. \"http://10.0.0.7:8000\"");
        require(
                c,
                at + "endpoint",
                kind == ExperimentConfig.CriticKind.MODEL,
                "needs experiment." + at + "kind = model");
        require(c, at + "model", !model.isBlank(), "must name the model to ask on experiment." + at + "endpoint");
    }

    private static boolean isHttpUrl(String value) {
        try {
            URI uri = new URI(value);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    static void require(Config c, String key, boolean ok, String rule) {
        if (!ok) {
            throw bad(c, key, rule);
        }
    }

    static ExperimentConfigException bad(Config c, String key, String rule) {
        ConfigValue value = c.getValue(key);
        int line = value.origin().lineNumber();
        String source = value.origin().filename() != null
                ? value.origin().filename()
                : value.origin().description();
        String at = value.origin().resource() != null ? "default" : source + (line > 0 ? ":" + line : "");
        return new ExperimentConfigException(at + ": experiment." + key + " = " + value.render() + " " + rule);
    }
}
