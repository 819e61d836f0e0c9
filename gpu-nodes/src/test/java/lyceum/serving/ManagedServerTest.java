package lyceum.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.IntStream;
import lyceum.engine.Generation;
import lyceum.engine.GenerationRequest;
import lyceum.engine.ModelRef;
import lyceum.engine.PermanentGenerationException;
import lyceum.engine.SamplingParams;
import lyceum.engine.TrainingExample;
import lyceum.engine.TrainingJob;
import lyceum.model.CharTokenizer;
import lyceum.model.CheckpointStore;
import lyceum.model.DjlGenerator;
import lyceum.model.DjlRuntime;
import lyceum.model.DjlTrainer;
import lyceum.model.ModelConfig;
import lyceum.model.TrainingSettings;
import lyceum.workers.GenerationPool;
import lyceum.workers.GenerationWorker;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Managed servers whose command is Lyceum's own server on a checkpoint directory (what
 * {@code lyceum serve DIR --port N} runs), each a real child JVM, on two tiny checkpoints trained here.
 */
class ManagedServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path root;

    private static CheckpointStore store;
    private static CheckpointLocator locator;
    private static String versionA;
    private static String versionB;
    private static DjlGenerator inProcess;

    @BeforeAll
    static void trainTwoCheckpoints() throws Exception {
        store = new CheckpointStore(root.resolve("checkpoints"));
        locator = new CheckpointLocator(Map.of(), store, root);
        DjlTrainer trainer = tinyTrainer(40);
        versionA = trainer.train(new TrainingJob("exp", 0, null, problems(320, 1), 2, 5e-3, 3), line -> {})
                .modelVersion();
        versionB = trainer.train(new TrainingJob("exp", 1, versionA, problems(320, 2), 1, 5e-3, 4), line -> {})
                .modelVersion();
        inProcess = new DjlGenerator(store, DjlRuntime.defaultDevice(), 32);
    }

    @AfterAll
    static void close() {
        inProcess.close();
    }

    /** "What is a + b?" with operands below 30, short enough for the tiny model's context. */
    private static List<TrainingExample> problems(int count, long seed) {
        Random random = new Random(seed);
        return IntStream.range(0, count)
                .mapToObj(i -> sum("add-" + i, random.nextInt(30), random.nextInt(30)))
                .toList();
    }

    private static TrainingExample sum(String id, int a, int b) {
        return new TrainingExample(
                id, "What is " + a + " + " + b + "?\n", a + " + " + b + " = " + (a + b) + "\n#### " + (a + b));
    }

    private static List<GenerationRequest> requests(int count, int maxTokens) {
        return problems(count, 9).stream()
                .map(p -> new GenerationRequest(
                        p.sampleId(),
                        p.prompt(),
                        new SamplingParams(0.8, 0.95, maxTokens, p.sampleId().hashCode())))
                .toList();
    }

    /** A trainer of a tiny model into {@code store} that stops after {@code maxSteps}. */
    private static DjlTrainer tinyTrainer(int maxSteps) {
        ModelConfig tiny = new ModelConfig(
                CharTokenizer.standard().size(),
                96,
                48,
                2,
                2,
                96,
                ModelConfig.defaults().positionEncoding());
        return new DjlTrainer(
                store,
                DjlRuntime.defaultDevice(),
                tiny,
                TrainingSettings.defaults()
                        .withBatchSize(16)
                        .withMaxSteps(maxSteps)
                        .withLogEverySteps(1000));
    }

    private static ServerSettings settings(List<String> command, int maxRestarts, int concurrency) {
        return new ServerSettings(
                command,
                Map.of(),
                List.of("0"),
                ServerSettings.Reload.RESTART,
                "",
                "",
                "",
                Duration.ofMinutes(2),
                maxRestarts,
                concurrency,
                Duration.ofMinutes(1),
                Map.of());
    }

    private static List<String> serveCommand() {
        return ServeCheckpoint.command(ServeCheckpoint.class.getName(), "{model_path}", "{port}");
    }

    private static List<String> texts(List<Generation> generations) {
        return generations.stream().map(Generation::text).toList();
    }

    /** The served checkpoint: Lyceum's server lists it first. */
    private static String listedFirst(int port) throws Exception {
        HttpResponse<String> models = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/models"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        JsonNode data = JSON.readTree(models.body()).path("data");
        return data.path(0).path("id").asText();
    }

    @Test
    void eachVersionIsServedByAServerRestartedOnItsCheckpoint() throws Exception {
        List<GenerationRequest> requests = requests(6, 24);
        List<String> expectedA = texts(inProcess.generate(versionA, requests));
        List<String> expectedB = texts(inProcess.generate(versionB, requests));
        assertThat(expectedA).isNotEqualTo(expectedB);

        try (ManagedServerGenerator server = new ManagedServerGenerator(settings(serveCommand(), 1, 4), "0", locator)) {
            List<Generation> fromA = server.generate(versionA, requests);
            long pidA = server.serverPid();
            assertThat(texts(fromA)).isEqualTo(expectedA);
            assertThat(fromA)
                    .extracting(Generation::requestId)
                    .isEqualTo(
                            requests.stream().map(GenerationRequest::requestId).toList());
            assertThat(server.servingVersion()).isEqualTo(versionA);
            assertThat(listedFirst(server.serverPort())).isEqualTo(versionA);

            List<Generation> fromB = server.generate(versionB, requests);
            assertThat(texts(fromB)).isEqualTo(expectedB);
            assertThat(server.serverPid()).isNotEqualTo(pidA);
            assertThat(ProcessHandle.of(pidA).map(ProcessHandle::isAlive).orElse(false))
                    .isFalse();
            assertThat(server.servingVersion()).isEqualTo(versionB);
            assertThat(listedFirst(server.serverPort())).isEqualTo(versionB);

            // the same version again is sampled without a restart
            long pidB = server.serverPid();
            assertThat(texts(server.generate(versionB, requests))).isEqualTo(expectedB);
            assertThat(server.serverPid()).isEqualTo(pidB);
            assertThat(server.starts()).isEqualTo(2);

            // a training job on the device stops the server; the next batch brings it back on its version
            new DeviceHandoverTrainer(tinyTrainer(2), List.of(server))
                    .train(new TrainingJob("exp", 2, versionB, problems(32, 5), 1, 5e-3, 5), line -> {});
            assertThat(ProcessHandle.of(pidB).map(ProcessHandle::isAlive).orElse(false))
                    .isFalse();
            assertThat(server.servingVersion()).isNull();
            assertThat(texts(server.generate(versionA, requests))).isEqualTo(expectedA);
            assertThat(server.starts()).isEqualTo(3);
        }
    }

    @Test
    void aServerKilledMidSamplingIsRestartedAndThePoolSendsTheBatchAgain() throws Exception {
        // One request at a time, so the batch takes long enough to be cut by the kill.
        List<GenerationRequest> requests = requests(48, 80);
        Map<String, String> expected = new TreeMap<>();
        inProcess.generate(versionA, requests).forEach(g -> expected.put(g.requestId(), g.text()));
        ActorTestKit testKit = ActorTestKit.create();
        try (ManagedServerGenerator server = new ManagedServerGenerator(settings(serveCommand(), 2, 1), "0", locator)) {
            server.generate(versionA, requests.subList(0, 1));
            long killed = server.serverPid();
            ActorRef<GenerationPool.Command> pool = testKit.spawn(GenerationPool.create(
                    new GenerationPool.Settings(48, 1, Duration.ofMinutes(2), 3, Duration.ofMillis(50))));
            testKit.spawn(GenerationWorker.create(server, "node-a"));
            TestProbe<GenerationPool.Reply> replies = testKit.createTestProbe();
            requests.forEach(r -> pool.tell(new GenerationPool.Generate(ModelRef.local(versionA), r, replies.ref())));
            Thread.sleep(700);
            assertThat(ProcessHandle.of(killed).orElseThrow().destroyForcibly()).isTrue(); // SIGKILL

            Map<String, String> answered = new TreeMap<>();
            for (GenerationPool.Reply reply : replies.receiveSeveralMessages(48, Duration.ofMinutes(3))) {
                Generation g = ((GenerationPool.Generated) reply).generation();
                answered.put(g.requestId(), g.text());
            }
            assertThat(answered).isEqualTo(expected);
            // the batch was in flight when the server died: it was restarted for it, once
            assertThat(server.starts()).isEqualTo(2);
            assertThat(server.serverPid()).isNotEqualTo(killed).isPositive();
            assertThat(server.servingVersion()).isEqualTo(versionA);
        } finally {
            testKit.shutdownTestKit();
        }
    }

    @Test
    void aServerThatNeverBecomesReadyFailsPermanentlyAfterTheBoundedRestarts() throws Exception {
        Path missing = root.resolve("missing").resolve("0123456789abcdef");
        CheckpointLocator named = new CheckpointLocator(Map.of("base-model", missing), store, root);
        try (ManagedServerGenerator server = new ManagedServerGenerator(settings(serveCommand(), 1, 1), "0", named)) {
            assertThatThrownBy(() -> server.generate("base-model", requests(1, 8)))
                    .isInstanceOf(PermanentGenerationException.class)
                    .hasMessageContaining("did not serve base-model")
                    .hasMessageContaining("after 2 starts")
                    .hasMessageContaining("max-restarts = 1")
                    .hasMessageContaining("no checkpoint 0123456789abcdef"); // the server's own last words
            assertThat(server.starts()).isEqualTo(2);
            assertThat(server.serverPid()).isEqualTo(-1);
        }
    }

    @Test
    void aVersionWithoutACheckpointFailsPermanentlyNamingWhereItWasLookedFor() throws Exception {
        try (ManagedServerGenerator server = new ManagedServerGenerator(settings(serveCommand(), 1, 1), "0", locator)) {
            assertThatThrownBy(() -> server.generate("fedcba9876543210", requests(1, 8)))
                    .isInstanceOf(PermanentGenerationException.class)
                    .hasMessageContaining("fedcba9876543210")
                    .hasMessageContaining(store.root().toAbsolutePath().toString())
                    .hasMessageContaining("trained-models");
            assertThat(server.starts()).isZero();
        }
    }
}
