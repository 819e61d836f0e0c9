package lyceum.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import lyceum.config.LyceumConfig;
import lyceum.experiment.DatasetCatalog;
import lyceum.experiment.ExperimentActor;
import lyceum.experiment.config.ExperimentConfig;
import lyceum.experiment.config.ExperimentConfigLoader;
import lyceum.net.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a node refuses before it does any work: unsafe remoting, and token variables it does not allow. */
class LyceumNodeSecurityTest {

    @TempDir
    Path dataDir;

    private static Config config(Map<String, Object> extra) {
        Map<String, Object> overrides = new HashMap<>(extra);
        overrides.put("lyceum.node.port", FreePorts.next());
        overrides.put("lyceum.node.roles", List.of("coordinator"));
        // Nothing here is journaled; an in-memory journal keeps Cassandra out of it.
        overrides.put("pekko.persistence.journal.plugin", "pekko.persistence.journal.inmem");
        overrides.put("pekko.persistence.snapshot-store.plugin", "");
        return LyceumConfig.load(Optional.empty(), ConfigFactory.parseMap(overrides));
    }

    @Test
    void aNodeOnAnyAddressWithoutTlsDoesNotStart() {
        Config config = config(Map.of("lyceum.node.host", "0.0.0.0"));

        assertThatThrownBy(
                        () -> LyceumNode.start("Lyceum", config, new DatasetCatalog(), dataDir, WorkerEngines.none()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0.0.0.0")
                .hasMessageContaining("--insecure");
    }

    @Test
    void tlsWithoutItsPasswordsDoesNotStartNamingTheVariables() {
        Config config = config(Map.of("lyceum.remote.tls.enabled", true));

        assertThatThrownBy(
                        () -> LyceumNode.start("Lyceum", config, new DatasetCatalog(), dataDir, WorkerEngines.none()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("LYCEUM_TLS_KEY_STORE_PASSWORD")
                .hasMessageContaining("LYCEUM_TLS_TRUST_STORE_PASSWORD");
    }

    @Test
    void anExperimentNamingATokenVariableTheNodeDoesNotAllowIsRejectedNamingTheKeyAndTheList() throws Exception {
        ExperimentConfig experiment = ExperimentConfigLoader.parse(
                "experiment.model { backend = openai, endpoint = \"http://127.0.0.1:8000\", api-key-env = \"AWS_SECRET_ACCESS_KEY\" }");

        try (LyceumNode node =
                LyceumNode.start("Lyceum", config(Map.of()), new DatasetCatalog(), dataDir, WorkerEngines.none())) {
            assertThat(rejection(node, "exp-token", experiment))
                    .contains(
                            "experiment.model.api-key-env",
                            "AWS_SECRET_ACCESS_KEY",
                            "[OPENAI_API_KEY, LYCEUM_API_KEY]",
                            "lyceum.endpoints.allowed-token-env");

            ExperimentConfig teacher = ExperimentConfigLoader.parse(String.join(
                    "\n",
                    "experiment.strategy { name = interactive, critic { kind = model, model = teacher,",
                    "  endpoint = \"http://10.0.0.7:8001\", api-key-env = HF_TOKEN } }"));
            assertThat(rejection(node, "exp-teacher", teacher))
                    .contains(
                            "experiment.strategy.critic.api-key-env",
                            "\"HF_TOKEN\"",
                            "lyceum.endpoints.allowed-token-env");
        }
    }

    /** The reason the node gives for refusing to start the experiment. */
    private static String rejection(LyceumNode node, String id, ExperimentConfig experiment) throws Exception {
        ExperimentActor.StartReply reply = node.startExperiment(id, experiment, "test")
                .toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        assertThat(reply).isInstanceOf(ExperimentActor.StartRejected.class);
        return ((ExperimentActor.StartRejected) reply).reason();
    }
}
