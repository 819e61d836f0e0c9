package lyceum.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import lyceum.engine.ChatMessage;
import lyceum.engine.Generation;
import lyceum.engine.GenerationRequest;
import lyceum.engine.OpenAiEndpoint;
import lyceum.engine.SamplingParams;
import org.junit.jupiter.api.Test;

/**
 * Scoring a given text over the completions API: the prompt and the text are sent with {@code echo}, and
 * the mean is taken over the tokens that start inside the text, by their offsets (vLLM's answer shape).
 * A server that does not echo, or a chat request, gives no score rather than a wrong one.
 */
class ReferenceScoringTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROMPT = "Q\n";
    private static final String TEXT = "abc";

    private static OpenAiGenerator client(String url) {
        return new OpenAiGenerator(
                new OpenAiEndpoint(url, "", 2, Duration.ofSeconds(10), 0, ""), name -> null, Duration.ofMillis(10));
    }

    private static GenerationRequest scoring() {
        return new GenerationRequest("reference~e~p~1", PROMPT, SamplingParams.greedy(8)).scoring(TEXT);
    }

    /** Echoes the prompt one character per token, log-prob -(offset) each, then generates "!". */
    private static HttpServer echoingServer(AtomicReference<JsonNode> asked) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4);
        server.createContext("/v1/completions", exchange -> {
            try (exchange) {
                JsonNode body = JSON.readTree(exchange.getRequestBody());
                asked.set(body);
                String echoed = body.get("prompt").asText() + "!";
                ObjectNode logprobs = JSON.createObjectNode();
                ArrayNode values = logprobs.putArray("token_logprobs");
                ArrayNode offsets = logprobs.putArray("text_offset");
                for (int i = 0; i < echoed.length(); i++) {
                    if (i == 0) {
                        values.addNull(); // the first prompt token has no log-prob
                    } else {
                        values.add(-i);
                    }
                    offsets.add(i);
                }
                ObjectNode answer = JSON.createObjectNode();
                answer.putArray("choices")
                        .addObject()
                        .put("text", echoed)
                        .put("finish_reason", "length")
                        .set("logprobs", logprobs);
                byte[] bytes = JSON.writeValueAsBytes(answer);
                exchange.sendResponseHeaders(200, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        });
        server.start();
        return server;
    }

    @Test
    void anEchoingServerScoresTheTextsTokensOnly() throws Exception {
        AtomicReference<JsonNode> asked = new AtomicReference<>();
        HttpServer server = echoingServer(asked);
        try (OpenAiGenerator client =
                client("http://127.0.0.1:" + server.getAddress().getPort())) {
            Generation g = client.generate("m-1", List.of(scoring())).get(0);

            assertThat(asked.get().get("prompt").asText()).isEqualTo(PROMPT + TEXT);
            assertThat(asked.get().get("echo").asBoolean()).isTrue();
            assertThat(asked.get().get("logprobs").asInt()).isEqualTo(1);
            // offsets 2, 3 and 4 are "a", "b" and "c": log-probs -2, -3, -4; the prompt's and the generated "!" are not
            // counted
            assertThat(g.text()).isEqualTo(TEXT);
            assertThat(g.tokenCount()).isEqualTo(3);
            assertThat(g.meanLogProb()).isCloseTo(-3.0, within(1e-12));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aServerThatDoesNotEchoOrAChatRequestGivesNoScore() throws Exception {
        try (TestDoubleEndpoint plain = new TestDoubleEndpoint(List.of(), null, 0);
                OpenAiGenerator client = client(plain.url())) {
            Generation notEchoed = client.generate("m-1", List.of(scoring())).get(0);
            assertThat(notEchoed.meanLogProb()).isNaN();
            assertThat(notEchoed.text()).isEqualTo(TEXT);

            GenerationRequest chat = new GenerationRequest(
                            "reference~e~p~2",
                            PROMPT,
                            SamplingParams.greedy(8),
                            List.of(new ChatMessage(ChatMessage.USER, "Q")),
                            List.of())
                    .scoring(TEXT);
            int before = plain.requests();
            assertThat(client.generate("m-1", List.of(chat)).get(0).meanLogProb())
                    .isNaN();
            assertThat(plain.requests()).as("a chat server is not asked").isEqualTo(before);
        }
    }
}
