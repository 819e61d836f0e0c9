package lyceum.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import lyceum.cli.Lyceum;
import lyceum.events.ExperimentEvent;
import lyceum.events.ExperimentEvent.ExperimentFailed;
import lyceum.events.ExperimentEvent.ExperimentFinished;
import lyceum.events.ProblemEvent.SampleFailed;
import lyceum.events.ProblemEvent.Sampled;
import lyceum.experiment.config.ExperimentConfig;
import lyceum.node.LyceumNode;
import lyceum.node.WorkerEngines;
import lyceum.openai.OpenAiClients;
import lyceum.openai.TestDoubleVllm;
import lyceum.replay.JournalReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Experiments with {@code model.backend = openai} against a vLLM-like endpoint ({@link TestDoubleVllm},
 * from gpu-nodes' test jar): an error a retry cannot fix (an unknown model, a prompt over the context)
 * ends the experiment FAILED within a minute with the server's message, as {@code lyceum status --json}
 * shows, and no request is sent after it; a server that answers 503 (with Retry-After: 1) for a while,
 * then completes, lets the run finish with nothing lost.
 */
@ExtendWith(ItFixture.class)
class EndpointErrorsIT {
    private static final String MODEL = "qwen2.5-1.5b-instruct";
    private static final int TRAIN = 6;
    private static final int SAMPLES = 2;
    private static final Duration FAIL_WITHIN = Duration.ofMinutes(1);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;

    static Map<String, Object> settings;
    static JournalReader reader;
    static LyceumNode node;

    @BeforeAll
    static void start() throws Exception {
        settings = ItFixture.nodeSettings(EndpointErrorsIT.class, tmp.resolve("node"), Map.of());
        Config config = ItFixture.config(settings);
        reader = JournalReader.open(config);
        // The node trains with the deterministic double; every generation goes to the endpoint.
        node = ItFixture.startNode(
                config,
                new WorkerEngines(
                        List.of(new TestDoubleGenerator(Duration.ofMillis(5))),
                        List.of(new TestDoubleTrainer()),
                        new OpenAiClients()));
    }

    @AfterAll
    static void stopAll() throws Exception {
        ItFixture.closeAll(node, reader);
    }

    private static void start(String id, String endpoint, String modelName) throws Exception {
        ExperimentConfig experiment = ItFixture.experiment(
                "  name = \"" + id + "\"",
                "  iterations = 1",
                "  dataset { held-in-count = 2, synthetic { train-count = " + TRAIN
                        + ", test-count = 2, min-steps = 1, max-steps = 2 } }",
                "  model { backend = \"openai\", endpoint = \"" + endpoint + "\", model-name = \"" + modelName
                        + "\", concurrency = 4 }",
                "  strategy { name = \"vanilla\", sample-num = " + SAMPLES + ", min-correct = 1, max-tokens = 24 }",
                "  evaluation.max-tokens = 24",
                "  runtime { window = 8, generation-timeout = 60s }");
        ItFixture.start(node, id, experiment, "endpoint-errors-it");
    }

    /** Waits for ExperimentFailed; fails if the experiment finishes instead or the wait runs out. */
    private static ExperimentFailed awaitFailure(String id, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            for (ExperimentEvent e : reader.experimentEvents(id)) {
                if (e instanceof ExperimentFailed failed) {
                    return failed;
                }
                if (e instanceof ExperimentFinished) {
                    fail("experiment %s finished; it should have failed", id);
                }
            }
            Thread.sleep(200);
        }
        return fail("experiment %s did not fail within %s: %s", id, within, reader.experimentEvents(id));
    }

    /**
     * {@code lyceum status --json}, the command line run in this JVM on this test's Cassandra (its
     * embedded node, which the command finds running): the experiment's entry.
     */
    private static JsonNode status(String id) throws Exception {
        Path file = tmp.resolve("status.conf");
        Files.writeString(file, ItFixture.hocon(settings), StandardCharsets.UTF_8);
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream out = System.out;
        int exit;
        try (PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            exit = Lyceum.commandLine().execute("status", "--json", "--config", file.toString());
        } finally {
            System.setOut(out);
        }
        // the node's log lines share standard output here; the command's answer is its one JSON line
        String printed = captured.toString(StandardCharsets.UTF_8);
        assertThat(exit)
                .as("lyceum status --json exit code; it printed %s", printed)
                .isZero();
        String json = printed.lines()
                .filter(line -> line.startsWith("{\"experiments\""))
                .reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no JSON from lyceum status --json: " + printed));
        for (JsonNode experiment : JSON.readTree(json).path("experiments")) {
            if (experiment.path("id").asText().equals(id)) {
                return experiment;
            }
        }
        throw new AssertionError(id + " not in lyceum status --json: " + json);
    }

    /** The experiment failed at once with the server's message, and asked the endpoint nothing more. */
    private static void assertFailedFast(String id, TestDoubleVllm vllm, String message) throws Exception {
        ExperimentFailed failed = awaitFailure(id, FAIL_WITHIN);
        assertThat(failed.reason()).contains(message);
        int asked = vllm.requests();
        // longer than the coordinator's first retry backoff (2 s): a retried problem would ask again
        Thread.sleep(3_000);
        assertThat(vllm.requests()).as("requests after the failure").isEqualTo(asked);
        assertThat(vllm.completed()).isZero();

        JsonNode status = status(id);
        assertThat(status.path("state").asText()).isEqualTo("failed");
        assertThat(status.path("failure").asText()).contains(message);
    }

    @Test
    void anUnknownModelEndsTheExperimentFailedWithTheServersMessage() throws Exception {
        try (TestDoubleVllm vllm = new TestDoubleVllm(MODEL, 4096, null, List.of(), null)) {
            start("unknown-model", vllm.url(), "qwen2.5-7b-typo");
            assertFailedFast("unknown-model", vllm, "The model `qwen2.5-7b-typo` does not exist.");
        }
    }

    @Test
    void aPromptOverTheContextEndsTheExperimentFailedWithTheServersMessage() throws Exception {
        // Every question with its 24 tokens is longer than 40 characters.
        try (TestDoubleVllm vllm = new TestDoubleVllm(MODEL, 40, null, List.of(), null)) {
            start("over-context", vllm.url(), MODEL);
            assertFailedFast("over-context", vllm, "This model's maximum context length is 40 tokens.");
        }
    }

    @Test
    void aServerUnavailableForAWhileLetsTheRunComplete() throws Exception {
        int unavailable = 10;
        try (TestDoubleVllm vllm = new TestDoubleVllm(MODEL, 4096, null, Collections.nCopies(unavailable, 503), "1")) {
            start("unavailable-a-while", vllm.url(), MODEL);
            ExperimentJournal journal =
                    ExperimentJournal.awaitEnd(reader, "unavailable-a-while", Duration.ofMinutes(3));

            List<Sampled> samples = journal.problemEvents(Sampled.class).toList();
            assertThat(samples).hasSize(TRAIN * SAMPLES);
            assertThat(samples.stream().map(Sampled::sampleId).distinct()).hasSize(TRAIN * SAMPLES);
            assertThat(journal.problemEvents(SampleFailed.class)).isEmpty();
            assertThat(vllm.requests()).isGreaterThan(unavailable);
            assertThat(vllm.completed()).isEqualTo(vllm.requests() - unavailable);
            JsonNode status = status("unavailable-a-while");
            assertThat(status.path("state").asText()).isEqualTo("finished");
            assertThat(status.path("failure").isNull() || status.path("failure").isMissingNode())
                    .isTrue();
        }
    }
}
