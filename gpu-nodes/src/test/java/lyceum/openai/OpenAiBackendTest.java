package lyceum.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import lyceum.engine.ChatMessage;
import lyceum.engine.Generation;
import lyceum.engine.GenerationRequest;
import lyceum.engine.ModelRef;
import lyceum.engine.OpenAiEndpoint;
import lyceum.engine.SamplingParams;
import lyceum.engine.TrainingExample;
import lyceum.model.DjlGenerator;
import lyceum.model.SameGenerations;
import lyceum.workers.GenerationPool;
import lyceum.workers.GenerationWorker;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.Test;

/** The openai generation backend against Lyceum's own server, serving a tiny checkpoint trained here. */
class OpenAiBackendTest extends ServedCheckpointTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> ENVIRONMENT = Map.of("LYCEUM_TEST_TOKEN", TOKEN);

    private static List<GenerationRequest> requests(int count, double temperature) {
        List<GenerationRequest> requests = new ArrayList<>();
        List<TrainingExample> prompts = TinyCheckpoint.additions(count, 9);
        for (int i = 0; i < count; i++) {
            requests.add(new GenerationRequest(
                    "r" + i,
                    prompts.get(i).prompt(),
                    new SamplingParams(temperature, 0.95, 12 + 4 * (i % 5), 100 + i)));
        }
        return requests;
    }

    private static OpenAiEndpoint endpoint(
            String url, int concurrency, Duration timeout, int retries, String tokenEnv) {
        return new OpenAiEndpoint(url, "", concurrency, timeout, retries, tokenEnv);
    }

    private static OpenAiGenerator client(OpenAiEndpoint endpoint) {
        return new OpenAiGenerator(endpoint, ENVIRONMENT::get, Duration.ofMillis(20));
    }

    /** The same texts and truncation, in order, and the same scores. */
    private static void assertSameGenerations(List<Generation> actual, List<Generation> expected) {
        SameGenerations.assertSame(actual, expected, Generation::text, Generation::truncated);
        assertSameScores(actual, expected);
    }

    /** The same token counts, in order, and the same mean log-probs up to float32 noise. */
    private static void assertSameScores(List<Generation> actual, List<Generation> expected) {
        SameGenerations.assertSame(actual, expected, Generation::tokenCount);
        // float32 sums differ in the last digits between batch shapes (the server batches what arrives together)
        for (int i = 0; i < actual.size(); i++) {
            assertThat(actual.get(i).meanLogProb())
                    .isCloseTo(expected.get(i).meanLogProb(), org.assertj.core.data.Offset.offset(1e-5));
        }
    }

    private static String url() {
        return "http://127.0.0.1:" + server.port();
    }

    @Test
    void completionsOverHttpEqualTheInProcessGeneratorForTheSameSeeds() throws Exception {
        OpenAiGenerator client = client(endpoint(url() + "/v1/", 4, Duration.ofSeconds(30), 0, "LYCEUM_TEST_TOKEN"));
        for (double temperature : new double[] {0.0, 0.8}) {
            List<GenerationRequest> requests = requests(10, temperature);
            List<Generation> remote = client.generate(version, requests);
            List<Generation> local = inProcess.generate(version, requests);

            SameGenerations.assertSame(remote, local, Generation::requestId);
            assertSameGenerations(remote, local);
            assertThat(remote).anyMatch(Generation::truncated).anyMatch(g -> !g.truncated());
        }
        client.close();
    }

    @Test
    void theChatFormatSendsChatRequestsAndGetsTheSameGenerations() throws Exception {
        OpenAiEndpoint completions = endpoint(url(), 4, Duration.ofSeconds(30), 0, "LYCEUM_TEST_TOKEN");
        OpenAiEndpoint chat = new OpenAiEndpoint(
                completions.url(),
                "",
                4,
                completions.requestTimeout(),
                0,
                "LYCEUM_TEST_TOKEN",
                OpenAiEndpoint.Format.CHAT);
        try (OpenAiGenerator viaCompletions = client(completions);
                OpenAiGenerator viaChat = client(chat)) {
            List<GenerationRequest> requests = requests(6, 0.8);
            List<Generation> expected = viaCompletions.generate(version, requests);
            List<Generation> chatted = viaChat.generate(version, requests);

            // lyceum serve's chat template renders one user message ending in a newline as that very prompt
            assertSameGenerations(chatted, expected);
        }
        // a chat endpoint sends a prompt without messages as one user message to /v1/chat/completions
        try (TestDoubleVllm vllm = new TestDoubleVllm("m", 256, null, List.of(), null);
                OpenAiGenerator viaChat = client(new OpenAiEndpoint(
                        vllm.url(), "m", 1, Duration.ofSeconds(5), 0, "", OpenAiEndpoint.Format.CHAT))) {
            GenerationRequest request = requests(1, 0.0).get(0);
            viaChat.generate("m", List.of(request));
            assertThat(vllm.paths()).containsExactly("/v1/chat/completions");
            assertThat(vllm.bodies().get(0).path("messages")).hasSize(1);
            assertThat(vllm.bodies()
                            .get(0)
                            .path("messages")
                            .get(0)
                            .path("content")
                            .asText())
                    .isEqualTo(request.prompt());
        }
    }

    @Test
    void aChatPromptsMessagesAndStopStringsReachTheServerAndAStateResetContinuesTheAssistant() throws Exception {
        List<ChatMessage> messages = List.of(
                new ChatMessage("system", "You solve word problems."),
                new ChatMessage("user", "What is 1 + 1?"),
                new ChatMessage("assistant", "1 + 1 = 2\n#### 2"),
                new ChatMessage("user", "What is 2 + 3 + 4?\n"),
                new ChatMessage("assistant", "2 + 3 = 5\n5 + 4 = 9 so #### 9"));
        GenerationRequest reset = new GenerationRequest(
                "s-1", "(the rendered text)", new SamplingParams(0.7, 0.95, 32, 5), messages, List.of(" so", "\n\n"));
        GenerationRequest plain = new GenerationRequest(
                "s-2", "(the rendered text)", new SamplingParams(0.7, 0.95, 32, 6), messages.subList(0, 4), List.of());
        try (TestDoubleVllm vllm = new TestDoubleVllm("m", 256, null, List.of(), null);
                OpenAiGenerator generator =
                        client(new OpenAiEndpoint(vllm.url(), "m", 1, Duration.ofSeconds(5), 0, ""))) {
            // the endpoint's format is completion: a request carrying messages is a chat all the same
            List<Generation> generated = generator.generate("m", List.of(reset, plain));

            assertThat(vllm.paths()).containsExactly("/v1/chat/completions", "/v1/chat/completions");
            JsonNode sent = vllm.bodies().stream()
                    .filter(b -> b.path("seed").asLong() == 5)
                    .findFirst()
                    .orElseThrow();
            assertThat(JSON.convertValue(
                            sent.path("messages"),
                            new com.fasterxml.jackson.core.type.TypeReference<List<ChatMessage>>() {}))
                    .isEqualTo(messages);
            assertThat(sent.has("prompt")).isFalse();
            assertThat(sent.path("stop")).extracting(JsonNode::asText).containsExactly(" so", "\n\n");
            assertThat(sent.path("continue_final_message").asBoolean()).isTrue();
            assertThat(sent.path("add_generation_prompt").asBoolean(true)).isFalse();
            JsonNode answered = vllm.bodies().stream()
                    .filter(b -> b.path("seed").asLong() == 6)
                    .findFirst()
                    .orElseThrow();
            assertThat(answered.has("continue_final_message")).isFalse();
            assertThat(answered.has("stop")).isFalse();
            // the double echoes the last line, cut at the first stop string as vLLM cuts
            assertThat(generated).extracting(Generation::text).containsExactly("5 + 4 = 9", "What is 2 + 3 + 4?");
        }
    }

    @Test
    void lyceumServeAndTheInProcessEngineEndAGenerationBeforeItsFirstStopString() throws Exception {
        GenerationRequest free = requests(1, 0.8).get(0);
        Generation unstopped = inProcess.generate(version, List.of(free)).get(0);
        assertThat(unstopped.text()).hasSizeGreaterThan(3);
        // a stop string that the free generation meets after its first characters
        String stop = unstopped.text().substring(2, 3);
        String before = unstopped.text().substring(0, unstopped.text().indexOf(stop));
        GenerationRequest stopped = new GenerationRequest(
                free.requestId(),
                free.prompt(),
                free.params(),
                List.of(new ChatMessage("user", free.prompt())),
                List.of(stop));

        Generation local = inProcess.generate(version, List.of(stopped)).get(0);
        assertThat(local.text()).isEqualTo(before);
        assertThat(local.truncated()).isFalse();
        assertThat(local.tokenCount()).isLessThan(unstopped.tokenCount());

        try (OpenAiGenerator client = client(endpoint(url(), 1, Duration.ofSeconds(30), 0, "LYCEUM_TEST_TOKEN"))) {
            Generation served = client.generate(version, List.of(stopped)).get(0);
            assertThat(served.text()).isEqualTo(before);
            assertThat(served.truncated()).isFalse();
        }
    }

    @Test
    void onceTheServerGivesTheMeanTheBackendStopsAskingForPerTokenLogprobs() throws Exception {
        try (CompletionServer fresh = TinyCheckpoint.serve(null);
                OpenAiGenerator client =
                        client(endpoint("http://127.0.0.1:" + fresh.port(), 1, Duration.ofSeconds(30), 0, ""))) {
            List<GenerationRequest> requests = requests(5, 0.8);
            List<Generation> remote = new ArrayList<>(client.generate(version, requests.subList(0, 1)));
            assertThat(fresh.scoredCompletions()).isEqualTo(1);
            remote.addAll(client.generate(version, requests.subList(1, 5)));

            assertThat(fresh.scoredCompletions()).isEqualTo(1);
            List<Generation> local = inProcess.generate(version, requests);
            assertSameScores(remote, local);
        }
    }

    @Test
    void aTokenIsRequiredWhenTheServerHasOne() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String body = "{\"prompt\":\"What is 1 + 2?\\n\",\"max_tokens\":8}";
        HttpResponse<String> none =
                http.send(post("/v1/completions", body, null), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> wrong =
                http.send(post("/v1/completions", body, "Bearer nope"), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> right =
                http.send(post("/v1/completions", body, "Bearer " + TOKEN), HttpResponse.BodyHandlers.ofString());

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(none.body()).path("error").path("message").asText())
                .contains("bearer token");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(right.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(right.body()).path("model").asText()).isEqualTo(version);

        OpenAiGenerator anonymous = client(endpoint(url(), 1, Duration.ofSeconds(30), 2, ""));
        assertThatThrownBy(() -> anonymous.generate(version, requests(1, 0.0))).hasMessageContaining("answered 401");
        assertThatThrownBy(() -> new OpenAiGenerator(
                        endpoint(url(), 1, Duration.ofSeconds(5), 0, "LYCEUM_UNSET_TOKEN"),
                        name -> null,
                        Duration.ofMillis(20)))
                .hasMessageContaining("LYCEUM_UNSET_TOKEN")
                .hasMessageContaining("not set");
    }

    @Test
    void badRequestsAreRefusedNamingTheField() throws Exception {
        assertBadRequest("{\"max_tokens\":8}", 400, "prompt");
        assertBadRequest("{\"prompt\":\"x\",\"max_tokens\":\"many\"}", 400, "max_tokens");
        assertBadRequest("{\"prompt\":\"x\",\"temperature\":9}", 400, "temperature");
        assertBadRequest("{\"prompt\":\"x\",\"top_p\":0}", 400, "top_p");
        assertBadRequest("{\"prompt\":[1,2,3]}", 400, "prompt");
        assertBadRequest("{\"prompt\":\"x\",\"model\":\"gpt-4\"}", 404, "model");
        HttpResponse<String> notJson = HttpClient.newHttpClient()
                .send(post("/v1/completions", "{prompt", "Bearer " + TOKEN), HttpResponse.BodyHandlers.ofString());
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(notJson.body()).path("error").path("message").asText())
                .contains("not valid JSON");

        HttpResponse<String> models = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(url() + "/v1/models"))
                                .header("Authorization", "Bearer " + TOKEN)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(models.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(models.body()).path("data").path(0).path("id").asText())
                .isEqualTo(version);
    }

    @Test
    void promptListsAndSeveralSamplesComeBackInOrder() throws Exception {
        String body = "{\"prompt\":[\"What is 1 + 2?\\n\",\"What is 3 + 4?\\n\"],\"n\":2,\"max_tokens\":10,"
                + "\"temperature\":0.9,\"seed\":5,\"stop\":[\"\\n\"]}";
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(post("/v1/completions", body, "Bearer " + TOKEN), HttpResponse.BodyHandlers.ofString());
        JsonNode choices = JSON.readTree(response.body()).path("choices");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(choices.size()).isEqualTo(4);
        List<GenerationRequest> same = List.of(
                new GenerationRequest("a", "What is 1 + 2?\n", new SamplingParams(0.9, 1.0, 10, 5)),
                new GenerationRequest("b", "What is 1 + 2?\n", new SamplingParams(0.9, 1.0, 10, 6)),
                new GenerationRequest("c", "What is 3 + 4?\n", new SamplingParams(0.9, 1.0, 10, 5)),
                new GenerationRequest("d", "What is 3 + 4?\n", new SamplingParams(0.9, 1.0, 10, 6)));
        List<Generation> local = inProcess.generate(version, same);
        for (int i = 0; i < 4; i++) {
            String expected = local.get(i).text();
            expected = expected.contains("\n") ? expected.substring(0, expected.indexOf('\n')) : expected;
            assertThat(choices.path(i).path("index").asInt()).isEqualTo(i);
            assertThat(choices.path(i).path("text").asText()).isEqualTo(expected);
        }
    }

    @Test
    void theClientKeepsToItsConcurrencyLimit() throws Exception {
        try (CompletionServer fresh = TinyCheckpoint.serve(null);
                OpenAiGenerator client =
                        client(endpoint("http://127.0.0.1:" + fresh.port(), 3, Duration.ofSeconds(30), 0, ""))) {
            List<Generation> generated = client.generate(version, requests(24, 0.7));

            assertThat(generated).hasSize(24);
            assertThat(fresh.peakInFlight()).isBetween(2, 3);
        }
    }

    @Test
    void unavailableAndRateLimitedAnswersAreRetriedHonouringRetryAfter() throws Exception {
        try (TestDoubleEndpoint flaky = new TestDoubleEndpoint(List.of(503, 429), "1", 0);
                OpenAiGenerator client = client(endpoint(flaky.url(), 2, Duration.ofSeconds(5), 3, ""))) {
            long started = System.nanoTime();
            Generation g = client.generate("m", requests(1, 0.0)).get(0);

            assertThat(flaky.requests()).isEqualTo(3);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
            assertThat(g.text()).isEqualTo(TestDoubleEndpoint.TEXT);
            assertThat(g.truncated()).isTrue();
            assertThat(g.tokenCount()).isEqualTo(3);
            assertThat(g.meanLogProb()).isEqualTo(-1.0);
        }
        try (TestDoubleEndpoint refusing = new TestDoubleEndpoint(List.of(400), null, 0);
                OpenAiGenerator client = client(endpoint(refusing.url(), 2, Duration.ofSeconds(5), 3, ""))) {
            assertThatThrownBy(() -> client.generate("m", requests(1, 0.0)))
                    .hasMessageContaining("answered 400")
                    .hasMessageContaining("status 400");
            assertThat(refusing.requests()).isEqualTo(1);
        }
        try (TestDoubleEndpoint down = new TestDoubleEndpoint(List.of(500, 502, 503), null, 0);
                OpenAiGenerator client = client(endpoint(down.url(), 2, Duration.ofSeconds(5), 2, ""))) {
            assertThatThrownBy(() -> client.generate("m", requests(1, 0.0)))
                    .hasMessageContaining("answered 503")
                    .hasMessageContaining("after 3 attempts");
        }
    }

    @Test
    void aServerThatDoesNotAnswerInTimeFailsClearly() throws Exception {
        try (TestDoubleEndpoint slow = new TestDoubleEndpoint(List.of(), null, 3_000);
                OpenAiGenerator client = client(endpoint(slow.url(), 2, Duration.ofMillis(300), 1, ""))) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> client.generate("m", requests(1, 0.0)))
                    .hasMessageContaining("did not answer r0 within PT0.3S")
                    .hasMessageContaining("after 2 attempts");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void thePoolAndWorkerSendOpenaiModelsToTheEndpointAndOthersToTheNodesEngine() throws Exception {
        ActorTestKit testKit = ActorTestKit.create();
        try (OpenAiClients clients = new OpenAiClients()) {
            DjlGenerator own = TinyCheckpoint.generator();
            ActorRef<GenerationPool.Command> pool = testKit.spawn(GenerationPool.create(
                    new GenerationPool.Settings(8, 2, Duration.ofSeconds(30), 3, Duration.ofMillis(50))));
            testKit.spawn(GenerationWorker.create(own, clients, "node-a"));
            // The server wants a token this JVM's environment does not hold: such a batch fails on the worker.
            ModelRef tokenless = new ModelRef(version, endpoint(url(), 2, Duration.ofSeconds(30), 0, ""));
            ModelRef local = ModelRef.local(version);
            TestProbe<GenerationPool.Reply> replies = testKit.createTestProbe();
            List<GenerationRequest> requests = requests(6, 0.7);
            try (CompletionServer open = TinyCheckpoint.serve(null)) {
                ModelRef served = new ModelRef(
                        version, endpoint("http://127.0.0.1:" + open.port(), 2, Duration.ofSeconds(30), 1, ""));
                requests.forEach(r -> pool.tell(new GenerationPool.Generate(served, r, replies.ref())));
                List<GenerationPool.Reply> remote = replies.receiveSeveralMessages(6, Duration.ofSeconds(60));
                requests.forEach(r -> pool.tell(new GenerationPool.Generate(local, r, replies.ref())));
                List<GenerationPool.Reply> own2 = replies.receiveSeveralMessages(6, Duration.ofSeconds(60));

                assertThat(open.peakInFlight()).isBetween(1, 2);
                assertThat(texts(remote)).isEqualTo(texts(own2)).hasSize(6);
            }
            pool.tell(new GenerationPool.Generate(tokenless, requests.get(0), replies.ref()));
            GenerationPool.GenerationFailed failed =
                    replies.expectMessageClass(GenerationPool.GenerationFailed.class, Duration.ofSeconds(30));
            assertThat(failed.reason()).contains("answered 401");
        } finally {
            testKit.shutdownTestKit();
        }
    }

    private static Map<String, String> texts(List<GenerationPool.Reply> replies) {
        Map<String, String> texts = new java.util.TreeMap<>();
        for (GenerationPool.Reply reply : replies) {
            Generation g = ((GenerationPool.Generated) reply).generation();
            texts.put(g.requestId(), g.text());
        }
        return texts;
    }

    private static void assertBadRequest(String body, int status, String field) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(post("/v1/completions", body, "Bearer " + TOKEN), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(body).isEqualTo(status);
        JsonNode error = JSON.readTree(response.body()).path("error");
        assertThat(error.path("param").asText()).as(body).isEqualTo(field);
        assertThat(error.path("message").asText()).as(body).contains(field);
    }

    private static HttpRequest post(String path, String body, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request.build();
    }
}
