package lyceum.experiment.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lyceum.engine.ModelRef;
import lyceum.engine.OpenAiEndpoint;
import lyceum.events.LyceumSerializable;
import lyceum.grading.GraderSettings;
import lyceum.workers.TrainingDataFormat;

/**
 * An experiment as its file describes it, validated. Journaled whole in ExperimentStarted, so a run can
 * always say exactly what it was asked to do.
 */
public record ExperimentConfig(
        String name,
        long seed,
        int iterations,
        Dataset dataset,
        Model model,
        Strategy strategy,
        Acceptance acceptance,
        Training training,
        Evaluation evaluation,
        Runtime runtime,
        PromptTemplates prompts,
        GraderSettings grading)
        implements LyceumSerializable {

    /**
     * Experiments journaled before prompt templates existed were sampled with {@link PromptTemplates#LEGACY};
     * those journaled before grading settings were graded with {@link GraderSettings#MATH}. {@code grading}
     * is resolved: the dataset's defaults with the experiment file's {@code grading} keys applied.
     */
    public ExperimentConfig {
        prompts = prompts == null ? PromptTemplates.LEGACY : prompts;
        grading = grading == null ? GraderSettings.MATH : grading;
    }

    /** The same experiment under another seed: one run of a seed group. */
    public ExperimentConfig withSeed(long otherSeed) {
        return new ExperimentConfig(
                name,
                otherSeed,
                iterations,
                dataset,
                model,
                strategy,
                acceptance,
                training,
                evaluation,
                runtime,
                prompts,
                grading);
    }

    public record Dataset(
            String name,
            String path,
            String questionField,
            String answerField,
            String rationaleField,
            String difficultyField,
            String idField,
            int trainCount,
            int testCount,
            int heldInCount,
            Synthetic synthetic,
            Double rationaleShare) {

        /** Experiments journaled before the share existed trained on every reference rationale. */
        public Dataset {
            rationaleShare = rationaleShare == null ? 1.0 : rationaleShare;
        }

        /**
         * Training problems (of {@code trainSize}, in dataset order) whose reference rationale is training
         * data; the rest are answer-only, learned from only through accepted samples.
         */
        public int rationaleCount(int trainSize) {
            return (int) Math.round(rationaleShare * trainSize);
        }
    }

    public record Synthetic(int trainCount, int testCount, int minSteps, int maxSteps, int maxOperand) {}

    /**
     * Where generation runs: {@code djl} on the gpu nodes' own engine, or an {@code openai} endpoint.
     * {@code base} is the model a training command starts from (a path or a hub name, its
     * {@code {base_model}}); empty when none is named, also in configs journaled before it existed.
     */
    public record Model(
            String backend,
            String endpoint,
            String modelName,
            int concurrency,
            Duration requestTimeout,
            int maxRetries,
            String apiKeyEnv,
            String base) {

        public Model {
            base = base == null ? "" : base;
        }

        /** A model version as this backend generates from it. */
        public ModelRef ref(String version) {
            // Experiments journaled before the backend settings existed read them as null: the node's own engine.
            return "openai".equals(backend)
                    ? new ModelRef(
                            version,
                            new OpenAiEndpoint(endpoint, modelName, concurrency, requestTimeout, maxRetries, apiKeyEnv))
                    : ModelRef.local(version);
        }
    }

    public record Strategy(
            StrategyName name,
            int sampleNum,
            int minCorrect,
            int maxResample,
            int resampleNum,
            double temperature,
            double topP,
            int maxTokens,
            Feedback feedback) {

        /** Samples drawn in a resample round. */
        public int samplesInRound(int round) {
            return round == 0 || resampleNum == 0 ? sampleNum : resampleNum;
        }

        /** Whether rounds after the first may happen at all. */
        public boolean resamples() {
            return name != StrategyName.VANILLA && maxResample > 0;
        }

        /** Whether resample rounds are conditioned on feedback about an earlier wrong sample. */
        public boolean usesFeedback() {
            return name == StrategyName.INTERACTIVE || name == StrategyName.CRITIQUE || name == StrategyName.REFLECTION;
        }
    }

    /**
     * Settings of the feedback strategies (interactive, critique, reflection).
     *
     * @param critic who judges a wrong sample: the step checker or a model
     * @param criticModel the critic model's version (a checkpoint id, or the model name on its own endpoint);
     *     blank = the model being sampled
     * @param refinements critique: refinements drawn per critique
     * @param acceptPerCritique critique: at most this many correct refinements of one critique are kept
     * @param useCritic critique: false refines after the bare signal "wrong", without step feedback
     * @param reflections reflection: reflections generated per wrong first trial
     * @param demand reflection: what the reflection is asked to do
     * @param conditionedTraining train refinements on the prompt they were generated with (critique or
     *     reflection included) instead of the plain question
     * @param criticEndpoint the critic's own server, or none
     */
    public record Feedback(
            CriticKind critic,
            String criticModel,
            int refinements,
            int acceptPerCritique,
            boolean useCritic,
            int reflections,
            ReflectionDemand demand,
            boolean conditionedTraining,
            CriticEndpoint criticEndpoint) {

        public Feedback {
            criticEndpoint = criticEndpoint == null ? CriticEndpoint.NONE : criticEndpoint;
        }

        /** A model critic served where the sampled model is. */
        public Feedback(
                CriticKind critic,
                String criticModel,
                int refinements,
                int acceptPerCritique,
                boolean useCritic,
                int reflections,
                ReflectionDemand demand,
                boolean conditionedTraining) {
            this(
                    critic,
                    criticModel,
                    refinements,
                    acceptPerCritique,
                    useCritic,
                    reflections,
                    demand,
                    conditionedTraining,
                    CriticEndpoint.NONE);
        }

        /** Step checker critic, 2 refinements kept at most 1 per critique, 2 reflections checking steps, plain training. */
        public static Feedback defaults() {
            return new Feedback(CriticKind.STEP_CHECKER, "", 2, 1, true, 2, ReflectionDemand.CHECK_STEPS, false);
        }
    }

    /**
     * A critic's or teacher's own OpenAI-compatible server ({@code critic.endpoint}), its model being the
     * critic's {@code model}; the bearer token comes from the gpu node's variable {@code apiKeyEnv}, which the
     * node must allow. Requests to it keep the experiment's {@code model} limits (concurrency, timeout,
     * retries). An empty {@code url} (also in configs journaled before it existed): none, the critic is
     * asked where the sampled model is.
     */
    public record CriticEndpoint(
            String url, String apiKeyEnv, int concurrency, Duration requestTimeout, int maxRetries) {

        public static final CriticEndpoint NONE = new CriticEndpoint("", "", 1, Duration.ofSeconds(60), 0);

        public CriticEndpoint {
            url = url == null ? "" : url;
            apiKeyEnv = apiKeyEnv == null ? "" : apiKeyEnv;
        }

        public boolean named() {
            return !url.isEmpty();
        }

        /** The critic model {@code modelName} on this server, or, when none is named, {@code orElse}. */
        public ModelRef ref(String modelName, ModelRef orElse) {
            return named()
                    ? new ModelRef(
                            modelName,
                            new OpenAiEndpoint(url, modelName, concurrency, requestTimeout, maxRetries, apiKeyEnv))
                    : orElse;
        }
    }

    public enum CriticKind {
        STEP_CHECKER("step-checker"),
        MODEL("model");

        private final String key;

        CriticKind(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    /** ReflectEvo's demand types: what the reflection must examine before the second trial. */
    public enum ReflectionDemand {
        CHECK_STEPS("check-steps", "Check each step of the answer above, say which one is wrong and why."),
        PLAN("plan", "Say why the answer above is wrong and plan the steps of a correct solution.");

        private final String key;
        private final String instruction;

        ReflectionDemand(String key, String instruction) {
            this.key = key;
            this.instruction = instruction;
        }

        public String key() {
            return key;
        }

        public String instruction() {
            return instruction;
        }
    }

    /**
     * {@code requireValidSteps}: a correct sample whose reasoning was checked and does not hold (see
     * {@code Sampled.stepsValid}) is rejected; experiments journaled before it read false.
     */
    public record Acceptance(int quotaPerProblem, boolean deduplicate, boolean requireValidSteps) {
        public Acceptance(int quotaPerProblem, boolean deduplicate) {
            this(quotaPerProblem, deduplicate, false);
        }
    }

    /**
     * How each iteration trains. {@code backend} {@code command} runs the gpu node's trainer profile
     * {@code profile} (lyceum.trainers.NAME in the node's configuration) on the set written in
     * {@code dataFormat}. {@code initialEpochs}, {@code epochs} and {@code learningRate} are 0 for a
     * training command the experiment gives none: its placeholders are then empty and the trainer uses its
     * own. {@code command} and {@code commandTimeout} are only read from experiments journaled when an
     * experiment carried the trainer's argv; a node no longer runs it. {@code fineTuneLearningRate} is the
     * peak learning rate of the trainings after M_0, null for {@code learningRate} (as experiments
     * journaled before it trained).
     */
    public record Training(
            TrainFrom from,
            boolean includeOriginal,
            boolean includeEarlierIterations,
            int initialEpochs,
            int epochs,
            double learningRate,
            String backend,
            String profile,
            List<String> command,
            Duration commandTimeout,
            String dataFormat,
            Double fineTuneLearningRate) {

        /** The djl trainer's defaults, sized for the small model; a training command gets none of them. */
        public static final int DJL_INITIAL_EPOCHS = 6;

        public static final int DJL_EPOCHS = 2;
        public static final double DJL_LEARNING_RATE = 0.001;

        public Training {
            // Configs journaled before the data formats existed wrote Lyceum's own.
            dataFormat = dataFormat == null ? TrainingDataFormat.LYCEUM.key() : dataFormat;
        }

        public TrainingDataFormat format() {
            return TrainingDataFormat.of(dataFormat);
        }

        /** The peak learning rate of iteration {@code t}'s training: M_0's is {@code learningRate}. */
        public double learningRateAt(int t) {
            return t == 0 || fineTuneLearningRate == null ? learningRate : fineTuneLearningRate;
        }

        /** What a journaled argv without a profile asks for: a name no node defines, so it is refused. */
        public static final String JOURNALED_ARGV = "(an argv journaled before trainer profiles)";

        /** The gpu node's trainer profile to run, or null for the node's own trainer. */
        public String trainerProfile() {
            if (!"command".equals(backend)) {
                return null;
            }
            return profile != null && !profile.isEmpty() ? profile : JOURNALED_ARGV;
        }
    }

    /**
     * How each model is evaluated: greedily, with {@code samples} sampled answers per problem from which
     * majority vote and best-of-N select (none when 0), and optionally with critique-then-refine of the
     * greedy answer ({@code refine}).
     */
    public record Evaluation(
            int maxTokens, boolean greedy, int samples, double temperature, double topP, Refine refine) {

        public Evaluation(int maxTokens, boolean greedy, int samples, double temperature, double topP) {
            this(maxTokens, greedy, samples, temperature, topP, Refine.OFF);
        }

        /** A configuration journaled before sampled evaluation or refinement existed reads without them. */
        @JsonCreator
        static Evaluation fromJson(
                @JsonProperty("maxTokens") int maxTokens,
                @JsonProperty("greedy") Boolean greedy,
                @JsonProperty("samples") int samples,
                @JsonProperty("temperature") double temperature,
                @JsonProperty("topP") double topP,
                @JsonProperty("refine") Refine refine) {
            Evaluation read = greedy == null
                    ? greedyOnly(maxTokens)
                    : new Evaluation(maxTokens, greedy, samples, temperature, topP);
            return refine == null
                    ? read
                    : new Evaluation(
                            read.maxTokens(), read.greedy(), read.samples(), read.temperature(), read.topP(), refine);
        }

        /** Greedy evaluation alone, as before sampled evaluation existed. */
        public static Evaluation greedyOnly(int maxTokens) {
            return new Evaluation(maxTokens, true, 0, 0.0, 1.0);
        }
    }

    /**
     * Critique-then-refine at test time: a critic judges each greedy evaluation answer without the
     * grader's verdict, and an answer it finds wrong is refined greedily with the critique in the prompt.
     *
     * @param critic the step checker (it sees the reference rationale) or a model
     * @param criticModel the critic model's version; blank = the model being evaluated
     * @param criticEndpoint the critic's own server, or none
     */
    public record Refine(boolean enabled, CriticKind critic, String criticModel, CriticEndpoint criticEndpoint) {

        public static final Refine OFF = new Refine(false, CriticKind.STEP_CHECKER, "");

        public Refine {
            criticEndpoint = criticEndpoint == null ? CriticEndpoint.NONE : criticEndpoint;
        }

        /** A model critic served where the evaluated model is. */
        public Refine(boolean enabled, CriticKind critic, String criticModel) {
            this(enabled, critic, criticModel, CriticEndpoint.NONE);
        }
    }

    /**
     * @param maxAttempts asks of one problem, or trainings of one iteration, before it counts as failed
     * @param retryBackoff the wait before the second attempt; it doubles with each further one
     */
    public record Runtime(
            int window,
            int progressEvery,
            Duration generationTimeout,
            Duration trainingTimeout,
            int maxAttempts,
            Duration retryBackoff) {

        private static final int MAX_ATTEMPTS = 5;
        private static final Duration RETRY_BACKOFF = Duration.ofSeconds(2);

        /** Configs journaled before these settings existed read them as 0 and null: the defaults then. */
        @JsonCreator
        static Runtime fromJson(
                @JsonProperty("window") int window,
                @JsonProperty("progressEvery") int progressEvery,
                @JsonProperty("generationTimeout") Duration generationTimeout,
                @JsonProperty("trainingTimeout") Duration trainingTimeout,
                @JsonProperty("maxAttempts") int maxAttempts,
                @JsonProperty("retryBackoff") Duration retryBackoff) {
            return new Runtime(
                    window,
                    progressEvery,
                    generationTimeout,
                    trainingTimeout,
                    maxAttempts > 0 ? maxAttempts : MAX_ATTEMPTS,
                    retryBackoff != null ? retryBackoff : RETRY_BACKOFF);
        }

        /** The wait before attempt {@code next} (2, 3, ...): the backoff doubled per attempt, at most 64 times. */
        public Duration backoffBefore(int next) {
            return retryBackoff.multipliedBy(1L << Math.min(Math.max(next - 2, 0), 6));
        }
    }

    /**
     * The prompts of every role, as {@code experiment.prompts} describes them: a template per role with
     * named placeholders, its stop strings and max tokens (0: the step's own setting, strategy.max-tokens
     * or evaluation.max-tokens), a system prompt and few-shot examples (read from their file when the
     * experiment was loaded, so the journal holds them), and the format. A completion prompt is its
     * messages' contents in order, each ending in a newline (one is added when missing), a last assistant
     * message left open: the same text a chat server with Lyceum's own template renders.
     *
     * @param continueFinalMessage chat: the server continues a last assistant message (vLLM's
     *     {@code continue_final_message}); state reset in chat needs it
     */
    public record PromptTemplates(
            OpenAiEndpoint.Format format,
            String system,
            List<Example> fewShot,
            boolean continueFinalMessage,
            Template sample,
            Template answerHint,
            Template rationaleGuide,
            Template stateReset,
            Template critique,
            Template blindCritique,
            Template reflection,
            Template revision) {

        /** A worked example shown before a solving prompt: the question and the answer to it. */
        public record Example(String question, String answer) {}

        /** One role's template, the strings that end its generation and its max tokens (0: the step's). */
        public record Template(String text, List<String> stop, int maxTokens) {
            public Template {
                stop = stop == null ? List.of() : List.copyOf(stop);
            }

            static Template of(String text) {
                return new Template(text, List.of(), 0);
            }

            /**
             * The text with each {@code {name}} replaced by its value ({@code {{} and {@code }}} write a brace).
             *
             * @throws IllegalArgumentException naming a placeholder that has no value
             */
            public String render(Map<String, String> values) {
                StringBuilder out = new StringBuilder();
                walk(text, literal -> out.append(literal), name -> {
                    String value = values.get(name);
                    if (value == null) {
                        throw new IllegalArgumentException("unknown placeholder {" + name + "}");
                    }
                    out.append(value);
                });
                return out.toString();
            }

            /** The placeholders the text names, in order. */
            public List<String> placeholders() {
                List<String> names = new ArrayList<>();
                walk(text, literal -> {}, names::add);
                return names;
            }

            private static final Pattern PART = Pattern.compile("\\{\\{|\\}\\}|\\{([A-Za-z_][A-Za-z0-9_-]*)\\}");

            private static void walk(String text, Consumer<String> literal, Consumer<String> placeholder) {
                Matcher m = PART.matcher(text);
                int from = 0;
                while (m.find()) {
                    literal.accept(text.substring(from, m.start()));
                    if (m.group(1) != null) {
                        placeholder.accept(m.group(1));
                    } else {
                        literal.accept(m.group().substring(0, 1));
                    }
                    from = m.end();
                }
                literal.accept(text.substring(from));
            }
        }

        /** The roles, their config keys and the placeholders each may use. */
        public enum Role {
            SAMPLE("sample", true, "question"),
            ANSWER_HINT("answer-hint", true, "question", "answer"),
            RATIONALE_GUIDE("rationale-guide", true, "question", "rationale"),
            STATE_RESET("state-reset", true, "question", "prefix"),
            CRITIQUE("critique", false, "question", "solution", "answer"),
            BLIND_CRITIQUE("blind-critique", false, "question", "solution"),
            REFLECTION("reflection", false, "question", "solution", "demand"),
            REVISION("revision", true, "question", "solution", "feedback", "label");

            private final String key;
            private final boolean solving;
            private final List<String> placeholders;

            Role(String key, boolean solving, String... placeholders) {
                this.key = key;
                this.solving = solving;
                this.placeholders = List.of(placeholders);
            }

            public String key() {
                return key;
            }

            /** Whether the model answers the question itself under this role, so few-shot examples precede it. */
            public boolean solving() {
                return solving;
            }

            public List<String> placeholders() {
                return placeholders;
            }
        }

        private static final String CRITIQUE_FORMAT =
                "\nJudge each step with a line \"Step k: correct - why\" or \"Step k: wrong - why\", then a last line"
                        + " \"Verdict: correct\" or \"Verdict: wrong\".\nCritique:\n";

        /** The prompts Lyceum wrote before they were configurable; experiment-defaults.conf holds the same. */
        public static final PromptTemplates LEGACY = new PromptTemplates(
                OpenAiEndpoint.Format.COMPLETION,
                "",
                List.of(),
                true,
                Template.of("{question}\n"),
                Template.of("{question}\nHint: the answer is {answer}.\n"),
                Template.of("{question}\nGuide:\n{rationale}\nSolution:\n"),
                Template.of("{question}\n{prefix}"),
                Template.of("{question}\nAnswer:\n{solution}\nReference answer: {answer}" + CRITIQUE_FORMAT),
                Template.of("{question}\nAnswer:\n{solution}" + CRITIQUE_FORMAT),
                Template.of("{question}\nAnswer:\n{solution}\nThe answer is wrong. {demand}\nReflection:\n"),
                Template.of("{question}\nAnswer:\n{solution}\n{label}:\n{feedback}\nRevised answer:\n"));

        public PromptTemplates {
            format = format == null ? OpenAiEndpoint.Format.COMPLETION : format;
            system = system == null ? "" : system;
            fewShot = fewShot == null ? List.of() : List.copyOf(fewShot);
        }

        public Template template(Role role) {
            return switch (role) {
                case SAMPLE -> sample;
                case ANSWER_HINT -> answerHint;
                case RATIONALE_GUIDE -> rationaleGuide;
                case STATE_RESET -> stateReset;
                case CRITIQUE -> critique;
                case BLIND_CRITIQUE -> blindCritique;
                case REFLECTION -> reflection;
                case REVISION -> revision;
            };
        }

        public boolean chat() {
            return format == OpenAiEndpoint.Format.CHAT;
        }
    }

    public enum StrategyName {
        VANILLA("vanilla"),
        ANSWER_DRIVEN("answer-driven"),
        RATIONALE_DRIVEN("rationale-driven"),
        STATE_RESET("state-reset"),
        INTERACTIVE("interactive"),
        CRITIQUE("critique"),
        REFLECTION("reflection");

        private final String key;

        StrategyName(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    public enum TrainFrom {
        BASE,
        PREVIOUS
    }
}
