package lyceum.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ServerSettingsTest {

    private static Config node(String settings) {
        return ConfigFactory.parseString(settings)
                .withFallback(ConfigFactory.defaultReference())
                .resolve();
    }

    @Test
    void aNodeWithoutACommandRunsNoManagedServer() {
        assertThat(ServerSettings.fromConfig(node("")).enabled()).isFalse();
    }

    @Test
    void theNodesSettingsAreReadWithTheDefaultsForWhatTheyLeaveOut() {
        ServerSettings settings = ServerSettings.fromConfig(node("""
        lyceum.gpu.server {
          command = ["vllm", "serve", "/models/base", "--enable-lora", "--port", "{port}"]
          environment { CUDA_VISIBLE_DEVICES = "{device}" }
          devices = ["0", "1,2"]
          reload = lora
          models { "qwen2.5-1.5b" = "/models/base" }
        }
        """));

        assertThat(settings.enabled()).isTrue();
        assertThat(settings.reload()).isEqualTo(ServerSettings.Reload.LORA);
        assertThat(settings.devices()).containsExactly("0", "1,2");
        assertThat(settings.environment()).containsEntry("CUDA_VISIBLE_DEVICES", "{device}");
        assertThat(settings.models()).containsEntry("qwen2.5-1.5b", Path.of("/models/base"));
        assertThat(settings.readyTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(settings.maxRestarts()).isEqualTo(3);
    }

    @Test
    void badSettingsAreRefusedNamingTheKey() {
        assertThatThrownBy(
                        () -> ServerSettings.fromConfig(node("lyceum.gpu.server { command = [x], reload = reboot }")))
                .hasMessageContaining("lyceum.gpu.server.reload = reboot")
                .hasMessageContaining("restart, lora or endpoint");
        assertThatThrownBy(
                        () -> ServerSettings.fromConfig(node("lyceum.gpu.server { command = [x], reload = endpoint }")))
                .hasMessageContaining("lyceum.gpu.server.reload-url");
        assertThatThrownBy(() -> ServerSettings.fromConfig(
                        node("lyceum.gpu.server { command = [x], sleep-url = \"http://h/sleep\" }")))
                .hasMessageContaining("wake-url");
        assertThatThrownBy(() ->
                        ServerSettings.fromConfig(node("lyceum.gpu.server { command = [x], max-restarts = many }")))
                .hasMessageContaining("max-restarts");
    }
}
