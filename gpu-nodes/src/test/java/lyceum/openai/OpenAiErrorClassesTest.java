package lyceum.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import lyceum.engine.Generation;
import lyceum.engine.GenerationRequest;
import lyceum.engine.OpenAiEndpoint;
import lyceum.engine.PermanentGenerationException;
import lyceum.engine.SamplingParams;
import org.junit.jupiter.api.Test;

/** The openai backend tells errors a retry cannot fix from those it may, against a vLLM-like server. */
class OpenAiErrorClassesTest {
    private static final String MODEL = "qwen2.5-1.5b";
    private static final String TOKEN = "vllm-token";

    private static OpenAiGenerator client(String url, int retries) {
        return new OpenAiGenerator(
                new OpenAiEndpoint(url, MODEL, 2, Duration.ofSeconds(10), retries, "VLLM_TOKEN"),
                Map.of("VLLM_TOKEN", TOKEN)::get,
                Duration.ofMillis(20));
    }

    private static GenerationRequest request(String id, String prompt, int maxTokens) {
        return new GenerationRequest(id, prompt, new SamplingParams(0.0, 1.0, maxTokens, 1));
    }

    @Test
    void anUnknownModelIsPermanentWithTheServersMessageAndNotRetried() throws Exception {
        try (TestDoubleVllm vllm = new TestDoubleVllm(MODEL, 256, TOKEN, List.of(), null);
                OpenAiGenerator client = client(vllm.url(), 3)) {
            assertThatThrownBy(() -> client.generate("checkpoint-7", List.of(request("s1", "What is 1 + 1?\n", 16))))
                    .isInstanceOf(PermanentGenerationException.class)
                    .hasMessageContaining("answered 404 to s1")
                    .hasMessageContaining("The model `checkpoint-7` does not exist.");
            assertThat(vllm.requests()).isEqualTo(1);
        }
    }

    @Test
    void aPromptOverTheContextFailsTheWholeBatchPermanently() throws Exception {
        try (TestDoubleVllm vllm = new TestDoubleVllm(MODEL, 64, TOKEN, List.of(), null);
                OpenAiGenerator client = client(vllm.url(), 3)) {
            List<GenerationRequest> batch = List.of(
                    request("short", "What is 1 + 1?\n", 16),
                    request("long", "x".repeat(60) + "\n", 16),
                    request("short2", "2\n", 8));
            assertThatThrownBy(() -> client.generate(MODEL, batch))
                    .isInstanceOf(PermanentGenerationException.class)
                    .hasMessageContaining("answered 400 to long")
                    .hasMessageContaining("maximum context length is 64 tokens");
            assertThat(vllm.requests()).isEqualTo(3);
        }
    }

    @Test
    void refusedCredentialsArePermanent() throws Exception {
        try (TestDoubleVllm vllm = new TestDoubleVllm(MODEL, 256, "another-token", List.of(), null);
                OpenAiGenerator client = client(vllm.url(), 3)) {
            assertThatThrownBy(() -> client.generate(MODEL, List.of(request("s1", "1\n", 4))))
                    .isInstanceOf(PermanentGenerationException.class)
                    .hasMessageContaining("answered 401 to s1: Unauthorized");
            assertThat(vllm.requests()).isEqualTo(1);
        }
    }

    @Test
    void rateLimitedAndUnavailableAnswersAreRetriedUntilTheyComplete() throws Exception {
        for (int status : new int[] {429, 503}) {
            try (TestDoubleVllm vllm = new TestDoubleVllm(MODEL, 256, TOKEN, List.of(status), "1");
                    OpenAiGenerator client = client(vllm.url(), 2)) {
                long started = System.nanoTime();
                List<Generation> generated = client.generate(MODEL, List.of(request("s1", "What is 2 + 2?\n4", 8)));

                assertThat(generated)
                        .extracting(Generation::text)
                        .as("after %d", status)
                        .containsExactly("4");
                assertThat(vllm.requests()).isEqualTo(2);
                // the second attempt waited for the server's Retry-After, not the 20 ms first backoff
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
            }
        }
    }

    @Test
    void transientErrorsAreRetriedABoundedNumberOfTimesAndStayTransient() throws Exception {
        try (TestDoubleVllm vllm = new TestDoubleVllm(MODEL, 256, TOKEN, List.of(503, 503, 503, 503), null);
                OpenAiGenerator client = client(vllm.url(), 2)) {
            assertThatThrownBy(() -> client.generate(MODEL, List.of(request("s1", "1\n", 4))))
                    .isNotInstanceOf(PermanentGenerationException.class)
                    .hasMessageContaining("answered 503 to s1: try again later (503)")
                    .hasMessageContaining("after 3 attempts");
            assertThat(vllm.requests()).isEqualTo(3);
        }
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (OpenAiGenerator client = client("http://127.0.0.1:" + closedPort, 1)) {
            assertThatThrownBy(() -> client.generate(MODEL, List.of(request("s1", "1\n", 4))))
                    .isNotInstanceOf(PermanentGenerationException.class)
                    .hasMessageContaining("cannot reach")
                    .hasMessageContaining("after 2 attempts");
        }
    }
}
