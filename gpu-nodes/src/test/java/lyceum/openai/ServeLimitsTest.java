package lyceum.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import lyceum.model.CheckpointStore;
import lyceum.model.DjlGenerator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** lyceum serve's limits, against the server running a real checkpoint. */
class ServeLimitsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ServeLimits SMALL =
            new ServeLimits(2048, 40, 6, 32, 8, Duration.ofMinutes(1), Duration.ofSeconds(2));

    private static CheckpointStore store;
    private static String version;

    @BeforeAll
    static void checkpoint() throws Exception {
        store = TinyCheckpoint.store();
        version = TinyCheckpoint.version();
    }

    private static CompletionServer serve(ServeLimits limits, lyceum.engine.Generator generator) throws Exception {
        return TinyCheckpoint.serve(generator, null, limits);
    }

    private static DjlGenerator real() throws java.io.IOException {
        return TinyCheckpoint.generator();
    }

    private static HttpRequest post(CompletionServer server, String body) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/completions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private static HttpResponse<String> send(CompletionServer server, String body) throws Exception {
        return HTTP.send(post(server, body), HttpResponse.BodyHandlers.ofString());
    }

    private static CompletableFuture<HttpResponse<String>> sendAsync(CompletionServer server, String body) {
        return HTTP.sendAsync(post(server, body), HttpResponse.BodyHandlers.ofString());
    }

    /** The error of an answer, checked to be in OpenAI's shape and to name no local path. */
    private static JsonNode error(HttpResponse<String> response, int status) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode error = JSON.readTree(response.body()).path("error");
        assertThat(error.has("message") && error.has("type") && error.has("param") && error.has("code"))
                .as(response.body())
                .isTrue();
        assertThat(response.body())
                .doesNotContain(store.root().getParent().toString())
                .doesNotContain("/tmp");
        return error;
    }

    @Test
    void requestsOverALimitAreRefusedNamingTheField() throws Exception {
        try (CompletionServer server = serve(SMALL, real())) {
            JsonNode tooLarge = error(send(server, "{\"prompt\":\"" + "x".repeat(3000) + "\"}"), 413);
            assertThat(tooLarge.path("code").asText()).isEqualTo("request_too_large");
            assertThat(tooLarge.path("message").asText()).contains("2048 bytes");

            JsonNode longPrompt = error(send(server, "{\"prompt\":\"" + "x".repeat(41) + "\"}"), 400);
            assertThat(longPrompt.path("param").asText()).isEqualTo("prompt");
            assertThat(longPrompt.path("code").asText()).isEqualTo("context_length_exceeded");

            JsonNode many = error(send(server, "{\"prompt\":[\"1\\n\",\"2\\n\",\"3\\n\"],\"n\":3}"), 400);
            assertThat(many.path("param").asText()).isEqualTo("n");
            assertThat(many.path("message").asText())
                    .contains("prompts times n is 9")
                    .contains("at most 6");

            JsonNode tokens = error(send(server, "{\"prompt\":\"1\\n\",\"max_tokens\":33}"), 400);
            assertThat(tokens.path("param").asText()).isEqualTo("max_tokens");

            JsonNode unknown = error(send(server, "{\"prompt\":\"1\\n\",\"model\":\"0123456789abcdef\"}"), 404);
            assertThat(unknown.path("code").asText()).isEqualTo("model_not_found");
            assertThat(unknown.path("message").asText())
                    .contains("0123456789abcdef")
                    .contains(version);

            HttpResponse<String> within = send(
                    server,
                    "{\"prompt\":[\"What is 1 + 2?\\n\",\"" + "y".repeat(40) + "\"],\"n\":3,\"max_tokens\":32}");
            assertThat(within.statusCode()).as(within.body()).isEqualTo(200);
            assertThat(JSON.readTree(within.body()).path("choices").size()).isEqualTo(6);
        }
    }

    @Test
    void aPromptOverTheModelsContextIsRefusedBeforeDecoding() throws Exception {
        ServeLimits roomy = new ServeLimits(1 << 20, 1000, 6, 32, 8, Duration.ofMinutes(1), Duration.ofSeconds(1));
        try (CompletionServer server = serve(roomy, real())) {
            int room = TinyCheckpoint.CONTEXT - 2;
            JsonNode over = error(send(server, "{\"prompt\":\"" + "7".repeat(room + 1) + "\",\"max_tokens\":4}"), 400);
            assertThat(over.path("code").asText()).isEqualTo("context_length_exceeded");
            assertThat(over.path("message").asText())
                    .contains((room + 1) + " characters")
                    .contains("context is " + TinyCheckpoint.CONTEXT);

            HttpResponse<String> fits = send(server, "{\"prompt\":\"" + "7".repeat(room) + "\",\"max_tokens\":4}");
            assertThat(fits.statusCode()).as(fits.body()).isEqualTo(200);
            assertThat(JSON.readTree(fits.body())
                            .path("choices")
                            .path(0)
                            .path("finish_reason")
                            .asText())
                    .isEqualTo("length");
        }
    }

    @Test
    void aFullQueueAnswers429WithRetryAfterAndTheAdmittedRequestsComplete() throws Exception {
        TestDoubleGatedGenerator gated = new TestDoubleGatedGenerator(real());
        try (CompletionServer server = serve(SMALL, gated)) {
            CompletableFuture<HttpResponse<String>> first =
                    sendAsync(server, "{\"prompt\":\"What is 3 + 4?\\n\",\"n\":6,\"max_tokens\":12}");
            gated.awaitBatch();

            HttpResponse<String> refused = send(server, "{\"prompt\":\"What is 5 + 6?\\n\",\"n\":3,\"max_tokens\":12}");
            JsonNode error = error(refused, 429);
            assertThat(error.path("code").asText()).isEqualTo("queue_full");
            assertThat(error.path("type").asText()).isEqualTo("rate_limit_error");
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("2");

            CompletableFuture<HttpResponse<String>> fitting =
                    sendAsync(server, "{\"prompt\":\"What is 5 + 6?\\n\",\"n\":2,\"max_tokens\":12}");
            gated.open();
            assertThat(first.get().statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(first.get().body()).path("choices").size()).isEqualTo(6);
            assertThat(fitting.get().statusCode()).isEqualTo(200);
            assertThat(send(server, "{\"prompt\":\"What is 5 + 6?\\n\",\"n\":3,\"max_tokens\":12}")
                            .statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void aRequestPastItsDeadlineGets503AndIsNeverDecoded() throws Exception {
        TestDoubleGatedGenerator gated = new TestDoubleGatedGenerator(real());
        ServeLimits hasty = SMALL.withRequestDeadline(Duration.ofMillis(300));
        try (CompletionServer server = serve(hasty, gated)) {
            CompletableFuture<HttpResponse<String>> held =
                    sendAsync(server, "{\"prompt\":\"What is 3 + 4?\\n\",\"max_tokens\":8}");
            gated.awaitBatch();
            HttpResponse<String> waiting = send(server, "{\"prompt\":\"What is 1 + 1?\\n\",\"n\":2,\"max_tokens\":8}");

            JsonNode error = error(waiting, 503);
            assertThat(error.path("code").asText()).isEqualTo("timeout");
            assertThat(waiting.headers().firstValue("Retry-After")).hasValue("2");
            assertThat(held.get().statusCode()).isEqualTo(503);
            // the waiting request left the queue when its deadline passed; the held one is still in the engine
            assertThat(server.queuedCompletions()).isEqualTo(1);

            gated.open();
            gated.awaitFirstDone();
            // the held request was decoded (it was in the engine), the one that timed out in the queue never was
            assertThat(gated.generated()).isEqualTo(1);
        }
    }
}
