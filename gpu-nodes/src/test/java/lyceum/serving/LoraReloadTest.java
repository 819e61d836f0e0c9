package lyceum.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import lyceum.engine.Generation;
import lyceum.engine.GenerationRequest;
import lyceum.engine.PermanentGenerationException;
import lyceum.engine.SamplingParams;
import lyceum.engine.TrainedModel;
import lyceum.engine.Trainer;
import lyceum.engine.TrainingJob;
import lyceum.model.CheckpointStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code lora} reload and sleep mode against a vLLM stand-in run as a child process, on versions
 * whose adapters a training command reported (the trained-models index CommandTrainer writes).
 */
class LoraReloadTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String A = "aaaaaaaaaaaaaaaa";
    private static final String B = "bbbbbbbbbbbbbbbb";

    @TempDir
    Path root;

    private CheckpointLocator locator() throws Exception {
        Path index = Files.createDirectories(
                root.resolve("experiments").resolve("exp-1").resolve("trained-models"));
        for (String version : List.of(A, B)) {
            Path adapter = Files.createDirectories(root.resolve("adapters").resolve("iteration-" + version));
            Files.writeString(index.resolve(version), adapter + "\n");
        }
        return new CheckpointLocator(Map.of(), new CheckpointStore(root.resolve("checkpoints")), root);
    }

    private static ServerSettings lora(String sleepUrl, String wakeUrl) {
        List<String> command = ServeCheckpoint.command(TestDoubleVllmServer.class.getName(), "{port}", "base-model");
        return new ServerSettings(
                command,
                Map.of(),
                List.of("0"),
                ServerSettings.Reload.LORA,
                "",
                sleepUrl,
                wakeUrl,
                Duration.ofMinutes(1),
                1,
                4,
                Duration.ofSeconds(30),
                Map.of());
    }

    private static List<GenerationRequest> requests(int count) {
        List<GenerationRequest> requests = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            requests.add(new GenerationRequest("r" + i, "What is " + i + " + 1?\n", SamplingParams.greedy(16)));
        }
        return requests;
    }

    private static JsonNode get(ManagedServerGenerator server, String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.serverPort() + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    private static List<String> listed(ManagedServerGenerator server) throws Exception {
        List<String> names = new ArrayList<>();
        get(server, "/v1/models")
                .path("data")
                .forEach(m -> names.add(m.path("id").asText()));
        return names;
    }

    /** Asks {@code version} for {@code n} completions: each is answered by that version. */
    private static void assertServes(ManagedServerGenerator server, String version, int n) throws Exception {
        assertThat(server.generate(version, requests(n)))
                .extracting(Generation::text)
                .hasSize(n)
                .containsOnly("served by " + version);
    }

    @Test
    void eachVersionIsLoadedAsAnAdapterUnderItsNameAndTheOlderOneUnloaded() throws Exception {
        try (ManagedServerGenerator server = new ManagedServerGenerator(lora("", ""), "0", locator())) {
            assertServes(server, A, 3);
            assertThat(listed(server)).containsExactlyInAnyOrder("base-model", A);
            JsonNode adapter = get(server, "/v1/models").path("data").path(1);
            assertThat(adapter.path("root").asText()).endsWith("iteration-" + A);
            long pid = server.serverPid();

            assertServes(server, B, 2);
            assertThat(listed(server)).containsExactlyInAnyOrder("base-model", B);
            assertThat(server.serverPid()).isEqualTo(pid);
            assertThat(server.starts()).isEqualTo(1);
            assertThat(server.servingVersion()).isEqualTo(B);

            // back to A: loaded again, B unloaded
            assertServes(server, A, 1);
            assertThat(listed(server)).containsExactlyInAnyOrder("base-model", A);

            // the base model itself is listed by the server and sampled without an adapter
            assertServes(server, "base-model", 1);
        }
    }

    @Test
    void anAdapterTheServerRefusesFailsTheBatchPermanentlyWithItsAnswer() throws Exception {
        CheckpointLocator locator = locator();
        Path index = root.resolve("experiments").resolve("exp-1").resolve("trained-models");
        Files.writeString(
                index.resolve("cccccccccccccccc"),
                root.resolve("no-such-adapter").toString());
        try (ManagedServerGenerator server = new ManagedServerGenerator(lora("", ""), "0", locator)) {
            assertThatThrownBy(() -> server.generate("cccccccccccccccc", requests(1)))
                    .isInstanceOf(PermanentGenerationException.class)
                    .hasMessageContaining("refused to load cccccccccccccccc")
                    .hasMessageContaining("load_lora_adapter answered 400")
                    .hasMessageContaining("no-such-adapter");
            assertThat(server.servingVersion()).isNotEqualTo("cccccccccccccccc");
            // the server itself is fine: the next version is loaded into the same process
            long pid = server.serverPid();
            assertServes(server, A, 1);
            assertThat(server.serverPid()).isEqualTo(pid);
        }
    }

    @Test
    void trainingPutsTheServerToSleepAndTheNextBatchWakesIt() throws Exception {
        try (ManagedServerGenerator server = new ManagedServerGenerator(
                lora("http://127.0.0.1:{port}/sleep?level=1", "http://127.0.0.1:{port}/wake_up"), "0", locator())) {
            server.generate(A, requests(1));
            long pid = server.serverPid();
            List<Boolean> sleepingDuringTraining = new ArrayList<>();
            Trainer observing = new Trainer() {
                @Override
                public TrainedModel train(TrainingJob job, java.util.function.Consumer<String> progress)
                        throws Exception {
                    sleepingDuringTraining.add(
                            get(server, "/is_sleeping").path("is_sleeping").asBoolean());
                    return new TrainedModel(
                            B,
                            root.resolve("adapters").resolve("iteration-" + B).toString(),
                            0,
                            Map.of());
                }

                @Override
                public String device() {
                    return "0";
                }
            };
            new DeviceHandoverTrainer(observing, List.of(server))
                    .train(new TrainingJob("exp-1", 1, A, List.of(), 1, 1e-4, 1), line -> {});

            assertThat(sleepingDuringTraining).containsExactly(true);
            assertThat(server.servingVersion()).isNull();
            assertServes(server, B, 1);
            assertThat(get(server, "/is_sleeping").path("is_sleeping").asBoolean())
                    .isFalse();
            assertThat(server.serverPid()).isEqualTo(pid);
        }
    }
}
