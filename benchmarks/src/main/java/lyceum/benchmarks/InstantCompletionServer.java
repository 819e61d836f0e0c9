package lyceum.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A benchmark fixture, used by the endpoint benchmark only: an OpenAI-compatible completions server on
 * loopback that answers every {@code POST /v1/completions} at once with {@link InstantGenerator}'s
 * text, so that what is measured is the client in front of it, as in front of a fast vLLM.
 */
final class InstantCompletionServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService threads;
    private final AtomicLong answered = new AtomicLong();

    InstantCompletionServer(int threads) throws IOException {
        // Without TCP_NODELAY the JDK server's separate header and body writes meet the client's delayed
        // ACK: about 40 ms per answer, which would hide the client. Read once, when the first server starts.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        this.threads = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "instant-completions");
            t.setDaemon(true);
            return t;
        });
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        server.setExecutor(this.threads);
        server.createContext("/v1/completions", this::complete);
        server.start();
    }

    private void complete(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode request = JSON.readTree(exchange.getRequestBody().readAllBytes());
            ObjectNode root = JSON.createObjectNode();
            root.put("id", "cmpl-" + answered.incrementAndGet());
            root.put("object", "text_completion");
            root.put("model", request.path("model").asText());
            ObjectNode choice = root.putArray("choices").addObject();
            choice.put("index", 0);
            choice.put("text", InstantGenerator.TEXT);
            choice.put("finish_reason", "stop");
            choice.putNull("logprobs");
            choice.put("mean_logprob", -0.35);
            root.putObject("usage")
                    .put("prompt_tokens", request.path("prompt").asText().length())
                    .put("completion_tokens", 64);
            byte[] bytes = JSON.writeValueAsBytes(root);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    long answered() {
        return answered.get();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
