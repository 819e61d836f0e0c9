package lyceum.experiment.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The experiment file is bound to its records by one mechanism; its errors name file, line and key. */
class ConfigBindingTest extends ExperimentFileFixture {

    @Test
    void everyKeyOfTheDefaultsFileBindsToARecordComponentAndEveryComponentHasItsKey() {
        Config defaults = ConfigFactory.parseResources(ExperimentConfigLoader.DEFAULTS_RESOURCE)
                .resolve();

        ExperimentFile bound = ConfigBinding.bind(defaults, "defaults");

        // The bound records written back under the file's names: the same keys as the file, no more, no fewer.
        JsonNode written = new ObjectMapper()
                .findAndRegisterModules()
                .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
                .valueToTree(new ExperimentFile.Root(bound));
        Set<String> recordKeys = new TreeSet<>();
        leaves(written, "", recordKeys);
        Set<String> fileKeys = new TreeSet<>();
        leaves(defaults.root(), "", fileKeys);
        assertThat(fileKeys).hasSizeGreaterThan(100);
        assertThat(recordKeys).isEqualTo(fileKeys);
    }

    @Test
    void aKeyTheRecordsDoNotHaveIsReportedWithItsFileLineAndKey() throws IOException {
        Path f = file("unknown.conf", "experiment {", "  training {", "    djl.epoch = 3", "  }", "}");
        Path outside = file("outside.conf", "strategy.name = vanilla");

        assertRefused(f).hasMessage(f + ":3: unknown key 'experiment.training.djl.epoch'");
        assertRefusedAt(outside, ":1: unknown key 'strategy'", "settings live under 'experiment'");
    }

    @Test
    void aValueOfTheWrongTypeIsReportedWithItsFileLineAndKey() throws IOException {
        Path duration = file("duration.conf", "experiment {", "  runtime.generation-timeout = soon", "}");
        Path flag = file("flag.conf", "experiment.acceptance {", "  deduplicate = maybe", "}");
        Path list = file("list.conf", "experiment.prompts.sample.stop = 4");

        assertRefusedAt(duration, ": 2:", "experiment.runtime.generation-timeout", "soon");
        assertRefusedAt(flag, ": 2:", "experiment.acceptance.deduplicate");
        assertRefusedAt(list, ": 1:", "experiment.prompts.sample.stop");
    }

    @Test
    void aRequiredValueSetToNullIsReportedWithItsFileLineAndKey() throws IOException {
        Path f = file("null.conf", "experiment {", "  model {", "    endpoint = null", "  }", "}");
        Path block = file("block.conf", "experiment.dataset.synthetic = null");

        assertRefusedAt(f, ": 3:", "experiment.model.endpoint", "null");
        assertRefusedAt(block, ": 1:", "experiment.dataset.synthetic");
    }

    @Test
    void durationsBooleansAndEnumsReadAsHoconWritesThem() throws IOException {
        Path f = file(
                "forms.conf",
                "experiment {",
                "  runtime { training-timeout = 90 minutes, retry-backoff = 1500 }",
                "  acceptance.deduplicate = off",
                "  strategy { name = answer-driven, reflection.demand = plan }",
                "}");

        ExperimentConfig c = ExperimentConfigLoader.load(f);

        assertThat(c.runtime().trainingTimeout()).isEqualTo(Duration.ofMinutes(90));
        assertThat(c.runtime().retryBackoff()).isEqualTo(Duration.ofMillis(1500));
        assertThat(c.acceptance().deduplicate()).isFalse();
        assertThat(c.strategy().name()).isEqualTo(ExperimentConfig.StrategyName.ANSWER_DRIVEN);
        assertThat(c.strategy().feedback().demand()).isEqualTo(ExperimentConfig.ReflectionDemand.PLAN);
    }

    @Test
    void theDjlTrainersOwnSettingsComeFromTheDefaultsFile() throws IOException {
        Path f = file("djl.conf", "experiment.training.djl { initial-epochs = 9, epochs = 3, learning-rate = 0.002 }");
        Path set = file("set.conf", "experiment.training { epochs = 4, djl.epochs = 3 }");

        ExperimentConfig.Training training = ExperimentConfigLoader.load(f).training();

        assertThat(training.initialEpochs()).isEqualTo(9);
        assertThat(training.epochs()).isEqualTo(3);
        assertThat(training.learningRate()).isEqualTo(0.002);
        assertThat(ExperimentConfigLoader.load(set).training().epochs()).isEqualTo(4);
    }

    @Test
    void everyExperimentFileUnderExamplesLoads() throws IOException {
        Path examples = Path.of("..").toAbsolutePath().normalize().resolve("examples");
        List<Path> experiments;
        try (Stream<Path> files = Files.list(examples)) {
            experiments = files.filter(f -> f.toString().endsWith(".conf"))
                    .filter(f -> ConfigFactory.parseFile(f.toFile()).hasPath("experiment"))
                    .sorted()
                    .toList();
        }

        assertThat(experiments).extracting(f -> f.getFileName().toString()).contains("managed-serve.conf");
        for (Path experiment : experiments) {
            assertThat(ExperimentConfigLoader.load(experiment).name())
                    .as(experiment.toString())
                    .isNotBlank();
        }
    }

    private static void leaves(JsonNode node, String at, Set<String> out) {
        if (node.isObject() && (node.size() > 0 || at.isEmpty())) {
            node.fields().forEachRemaining(e -> leaves(e.getValue(), at + (at.isEmpty() ? "" : ".") + e.getKey(), out));
        } else {
            out.add(at);
        }
    }

    private static void leaves(ConfigValue value, String at, Set<String> out) {
        if (value instanceof ConfigObject object && (!object.isEmpty() || at.isEmpty())) {
            for (Map.Entry<String, ConfigValue> e : object.entrySet()) {
                leaves(e.getValue(), at + (at.isEmpty() ? "" : ".") + e.getKey(), out);
            }
        } else {
            out.add(at);
        }
    }
}
