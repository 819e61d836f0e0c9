package lyceum.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for a vLLM server in the parts of its API Lyceum's backend meets when things go wrong: it
 * serves one model name, wants a bearer token, refuses a prompt that with its max_tokens is over its
 * context (counted in characters) with 400, an unknown model with 404, and answers the first requests
 * with scripted statuses (429, 503) and a Retry-After before it completes. Errors come in vLLM's shape,
 * {@code {"error":{"message","type","param","code"}}}. It echoes the prompt's last line back as the text,
 * so a test sees which request an answer belongs to, cut before the first of the request's {@code stop}
 * strings. Chat completions take messages, whose last content's last line is echoed; as vLLM does, it
 * refuses {@code continue_final_message} together with {@code add_generation_prompt} (which defaults to
 * true) and without a last assistant message.
 *
 * <p>Public, and shipped in this module's test jar, because the integration tests point experiments at it.
 */
public final class TestDoubleVllm implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final String model;
    private final int contextLength;
    private final String token;
    private final List<Integer> script;
    private final String retryAfter;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger completed = new AtomicInteger();
    private final List<JsonNode> bodies = Collections.synchronizedList(new ArrayList<>());
    private final List<String> paths = Collections.synchronizedList(new ArrayList<>());

    /**
     * Serves {@code model} with a context of {@code contextLength} characters; {@code token} (or null for
     * none) is the bearer token it wants; {@code script} the statuses of its first requests, each sent with
     * {@code retryAfter} (or null for no such header).
     */
    public TestDoubleVllm(String model, int contextLength, String token, List<Integer> script, String retryAfter)
            throws IOException {
        this.model = model;
        this.contextLength = contextLength;
        this.token = token;
        this.script = script;
        this.retryAfter = retryAfter;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.setExecutor(threads);
        server.createContext("/v1/completions", exchange -> answer(exchange, false));
        server.createContext("/v1/chat/completions", exchange -> answer(exchange, true));
        server.start();
    }

    private void answer(HttpExchange exchange, boolean chat) throws IOException {
        try (exchange) {
            JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
            bodies.add(body);
            paths.add(exchange.getRequestURI().getPath());
            int n = requests.getAndIncrement();
            if (token != null
                    && !("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                error(exchange, 401, "AuthenticationError", "Unauthorized");
                return;
            }
            if (n < script.size()) {
                if (retryAfter != null) {
                    exchange.getResponseHeaders().set("Retry-After", retryAfter);
                }
                int status = script.get(n);
                error(
                        exchange,
                        status,
                        status == 429 ? "RateLimitError" : "ServiceUnavailableError",
                        "try again later (" + status + ")");
                return;
            }
            if (!model.equals(body.path("model").asText())) {
                error(
                        exchange,
                        404,
                        "NotFoundError",
                        "The model `" + body.path("model").asText() + "` does not exist.");
                return;
            }
            JsonNode messages = body.path("messages");
            if (chat && body.path("continue_final_message").asBoolean(false)) {
                if (body.path("add_generation_prompt").asBoolean(true)) {
                    error(
                            exchange,
                            400,
                            "BadRequestError",
                            "Cannot set both `continue_final_message` and `add_generation_prompt` to True.");
                    return;
                }
                if (!"assistant"
                        .equals(messages.path(messages.size() - 1).path("role").asText())) {
                    error(exchange, 400, "BadRequestError", "continue_final_message needs a last assistant message");
                    return;
                }
            }
            String prompt = chat
                    ? messages.path(messages.size() - 1).path("content").asText()
                    : body.path("prompt").asText();
            int requested = prompt.length() + body.path("max_tokens").asInt(16);
            if (requested > contextLength) {
                error(
                        exchange,
                        400,
                        "BadRequestError",
                        "This model's maximum context length is " + contextLength
                                + " tokens. However, you requested " + requested + " tokens (" + prompt.length()
                                + " in the messages, " + body.path("max_tokens").asInt(16) + " in the completion).");
                return;
            }
            String[] lines = prompt.strip().split("\n");
            String text = lines[lines.length - 1];
            for (JsonNode stop : body.path("stop")) {
                int at = text.indexOf(stop.asText());
                text = at >= 0 ? text.substring(0, at) : text;
            }
            ObjectNode root = JSON.createObjectNode();
            root.put("id", (chat ? "chatcmpl-" : "cmpl-") + n);
            root.put("object", chat ? "chat.completion" : "text_completion");
            root.put("model", model);
            ObjectNode choice = root.putArray("choices").addObject();
            choice.put("index", 0);
            if (chat) {
                choice.putObject("message").put("role", "assistant").put("content", text);
            } else {
                choice.put("text", text);
            }
            choice.put("finish_reason", "stop");
            choice.putNull("logprobs");
            root.putObject("usage").put("completion_tokens", text.length());
            send(exchange, 200, root);
            completed.incrementAndGet();
        }
    }

    private static void error(HttpExchange exchange, int status, String type, String message) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("message", message);
        error.put("type", type);
        error.putNull("param");
        error.put("code", status);
        send(exchange, status, root);
    }

    private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Requests received, whatever the answer. */
    public int requests() {
        return requests.get();
    }

    /** Requests answered with a completion. */
    public int completed() {
        return completed.get();
    }

    public List<JsonNode> bodies() {
        return List.copyOf(bodies);
    }

    public List<String> paths() {
        return List.copyOf(paths);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
