package lyceum.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import lyceum.experiment.ExperimentConfig.StrategyName;
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
  void aMissingFileIsReportedByName() {
    Path missing = dir.resolve("nowhere.conf");

    assertThatThrownBy(() -> ExperimentConfigLoader.load(missing))
        .isInstanceOf(ExperimentConfigException.class)
        .hasMessageContaining(missing.toString());
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
