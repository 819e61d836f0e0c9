package lyceum.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lyceum.config.LyceumConfig;
import lyceum.experiment.config.ExperimentConfig;
import lyceum.experiment.config.ExperimentConfigLoader;
import lyceum.workers.TrainerProfiles;
import lyceum.workers.TrainingCommand;
import lyceum.workers.TrainingDataFormat;
import org.junit.jupiter.api.Test;

/**
 * The real-model example (README "Running on real models") is read as Lyceum reads it: the experiment
 * passes validation, and the gpu node's file gives a managed vLLM with LoRA reloads and trainer
 * profiles whose scripts exist and receive what the contract hands them.
 */
class RealModelExamplesTest {
    private static final Path HOME = Path.of("..").toAbsolutePath().normalize();
    private static final Path EXAMPLES = HOME.resolve("examples");

    private static Config node() {
        return LyceumConfig.load(
                Optional.of(EXAMPLES.resolve("gsm8k-vllm-node.conf")),
                ConfigFactory.parseMap(Map.of("lyceum.home", HOME.toString())));
    }

    @Test
    void theExperimentIsGsiStateResetOnGsm8kTrainedByTheTrlProfile() {
        ExperimentConfig experiment = ExperimentConfigLoader.load(EXAMPLES.resolve("gsm8k-vllm-gsi.conf"));

        assertThat(experiment.dataset().name()).isEqualTo("gsm8k");
        assertThat(experiment.strategy().name()).isEqualTo(ExperimentConfig.StrategyName.STATE_RESET);
        assertThat(experiment.model().base()).isEqualTo("Qwen/Qwen2.5-1.5B-Instruct");
        assertThat(experiment.training().trainerProfile()).isEqualTo("trl");
        assertThat(experiment.training().format()).isEqualTo(TrainingDataFormat.TRL_PROMPT_COMPLETION);
        assertThat(experiment.training().learningRate())
                .as("the trainer's own, not the small model's")
                .isZero();
        // the node's vLLM serves the base model the trainer starts from
        assertThat(ServerSettings.fromConfig(node()).command())
                .contains(experiment.model().base());
    }

    @Test
    void theNodeRunsAManagedVllmWithLoraReloadsAndProfilesWhoseScriptsExist() {
        Config node = node();
        ServerSettings server = ServerSettings.fromConfig(node);
        assertThat(server.reload()).isEqualTo(ServerSettings.Reload.LORA);
        assertThat(server.command()).contains("--enable-lora");
        assertThat(server.environment()).containsEntry("VLLM_ALLOW_RUNTIME_LORA_UPDATING", "True");

        TrainerProfiles profiles = TrainerProfiles.fromConfig(node);
        assertThat(profiles.names()).containsExactly("llamafactory", "trl");
        for (String name : profiles.names()) {
            TrainingCommand command = profiles.get(name).orElseThrow();
            List<String> argv = command.argv();
            assertThat(Files.isRegularFile(Path.of(argv.get(1))))
                    .as(argv.get(1))
                    .isTrue();
            assertThat(argv)
                    .contains("{data}", "{output}", "{base_model}", "{base_path}", "{epochs}", "{learning_rate}");
        }
        List<String> llamaFactory = profiles.get("llamafactory").orElseThrow().argv();
        assertThat(Path.of(llamaFactory.get(llamaFactory.indexOf("--config") + 1)))
                .isRegularFile();
        assertThat(profiles.get("trl").orElseThrow().timeout()).isEqualTo(java.time.Duration.ofHours(6));
    }
}
