package lyceum.experiment.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import lyceum.experiment.config.StrategySettings.StrategyName;
import lyceum.grading.GraderSettings;
import lyceum.workers.TrainerProfiles;
import lyceum.workers.TrainingDataFormat;

/**
 * The rules an experiment must keep beyond the types of its keys: ranges, choices and the rules between
 * keys. Every failure names the key, and the file and line that set it.
 */
final class ExperimentRules {

    private static final Set<String> DATASETS = Set.of("synthetic", "gsm8k", "math500", "svamp", "custom");
    private static final Set<String> BACKENDS = Set.of("djl", "openai");
    private static final Set<String> TRAINING_BACKENDS = Set.of("djl", "command");
    private static final String TOKEN_VARIABLE = "[A-Za-z_][A-Za-z0-9_]*|";

    private ExperimentRules() {}

    /** @param c the {@code experiment} block */
    static List<Long> seeds(Config c, List<Long> seeds) {
        require(
                c,
                "seeds",
                seeds.stream().distinct().count() == seeds.size(),
                "names a seed twice: each run needs a seed of its own");
        return List.copyOf(seeds);
    }

    /**
     * The dataset's default grader settings with each {@code grading} key that is not "dataset" set as
     * given; a key is a GraderSettings field in kebab-case.
     */
    static GraderSettings grading(Config c, String origin, String dataset, Map<String, String> keys) {
        GraderSettings settings = GraderSettings.forDataset(dataset);
        for (Map.Entry<String, String> key : new java.util.TreeMap<>(keys).entrySet()) {
            String path = "grading." + key.getKey();
            String field = camel(key.getKey());
            if (!settings.toMap().containsKey(field)) {
                throw new ExperimentConfigException(
                        where(origin, ConfigBinding.valueAt(c, path)) + "unknown key 'experiment." + path + "'");
            }
            settings = switch (key.getValue()) {
                case "dataset" -> settings;
                case "true", "false" -> settings.with(field, Boolean.parseBoolean(key.getValue()));
                default -> throw bad(c, path, "must be true, false or dataset (the dataset's default)");
            };
        }
        return settings;
    }

    private static String camel(String kebab) {
        StringBuilder out = new StringBuilder();
        for (String part : kebab.split("-")) {
            out.append(
                    out.length() == 0 || part.isEmpty()
                            ? part
                            : Character.toUpperCase(part.charAt(0)) + part.substring(1));
        }
        return out.toString();
    }

    static ExperimentConfig validate(ExperimentConfig e, Config c) {
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

    /**
     * @param c the {@code experiment} block
     * @param key a key of it, e.g. {@code strategy.top-p}
     */
    static ExperimentConfigException bad(Config c, String key, String rule) {
        ConfigValue value = ConfigBinding.valueAt(c, key);
        int line = value.origin().lineNumber();
        String source = value.origin().filename() != null
                ? value.origin().filename()
                : value.origin().description();
        String at = value.origin().resource() != null ? "default" : source + (line > 0 ? ":" + line : "");
        return new ExperimentConfigException(at + ": experiment." + key + " = " + value.render() + " " + rule);
    }

    /** "FILE:LINE: ", the place of a key the file sets. */
    static String where(String origin, ConfigValue value) {
        int line = value.origin().lineNumber();
        return origin + (line > 0 ? ":" + line : "") + ": ";
    }
}
