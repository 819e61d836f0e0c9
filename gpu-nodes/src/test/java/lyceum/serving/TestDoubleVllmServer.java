package lyceum.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A stand-in for vLLM's OpenAI-compatible server, run by the tests as a child process (its main): the
 * parts of the API Lyceum uses. GET /v1/models lists the base model and the LoRA adapters loaded; POST
 * /v1/completions answers "served by MODEL" for a model it lists and 404 otherwise; POST
 * /v1/load_lora_adapter and /v1/unload_lora_adapter as vLLM with VLLM_ALLOW_RUNTIME_LORA_UPDATING (400
 * for an adapter already loaded or a path that is not a directory, 404 to unload one that is not);
 * POST /sleep, POST /wake_up and GET /is_sleeping as vLLM's sleep mode (a sleeping server answers 503).
 * Arguments: the port and the base model's served name.
 */
public final class TestDoubleVllmServer {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final Map<String, String> adapters = new ConcurrentHashMap<>();
    private volatile boolean sleeping;

    private TestDoubleVllmServer(String base) {
        this.base = base;
    }

    public static void main(String[] args) throws IOException {
        TestDoubleVllmServer vllm = new TestDoubleVllmServer(args[1]);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), 64);
        server.createContext("/v1/models", e -> vllm.answer(e, vllm.models()));
        server.createContext("/v1/completions", e -> vllm.completions(e));
        server.createContext("/v1/load_lora_adapter", e -> vllm.load(e));
        server.createContext("/v1/unload_lora_adapter", e -> vllm.unload(e));
        server.createContext("/sleep", e -> {
            vllm.sleeping = true;
            vllm.answer(e, 200, "");
        });
        server.createContext("/wake_up", e -> {
            vllm.sleeping = false;
            vllm.answer(e, 200, "");
        });
        server.createContext(
                "/is_sleeping", e -> vllm.answer(e, JSON.createObjectNode().put("is_sleeping", vllm.sleeping)));
        server.start();
        System.out.println("INFO: Uvicorn running on http://127.0.0.1:" + args[0] + " serving " + args[1]);
    }

    private ObjectNode models() {
        ObjectNode root = JSON.createObjectNode().put("object", "list");
        var data = root.putArray("data");
        data.addObject()
                .put("id", base)
                .put("object", "model")
                .put("root", base)
                .putNull("parent");
        adapters.forEach((name, path) -> data.addObject()
                .put("id", name)
                .put("object", "model")
                .put("root", path)
                .put("parent", base));
        return root;
    }

    private void completions(HttpExchange exchange) throws IOException {
        JsonNode body = JSON.readTree(exchange.getRequestBody());
        String model = body.path("model").asText();
        if (sleeping) {
            answer(exchange, 503, error("the engine is sleeping", "ServiceUnavailableError", 503));
            return;
        }
        if (!model.equals(base) && !adapters.containsKey(model)) {
            answer(exchange, 404, error("The model `" + model + "` does not exist.", "NotFoundError", 404));
            return;
        }
        ObjectNode root = JSON.createObjectNode()
                .put("id", "cmpl-1")
                .put("object", "text_completion")
                .put("model", model);
        ObjectNode choice = root.putArray("choices")
                .addObject()
                .put("index", 0)
                .put("text", "served by " + model)
                .put("finish_reason", "stop");
        choice.putObject("logprobs").putArray("token_logprobs").add(-0.25).add(-0.75);
        root.putObject("usage")
                .put("prompt_tokens", 4)
                .put("completion_tokens", 2)
                .put("total_tokens", 6);
        answer(exchange, root);
    }

    private void load(HttpExchange exchange) throws IOException {
        JsonNode body = JSON.readTree(exchange.getRequestBody());
        String name = body.path("lora_name").asText();
        String path = body.path("lora_path").asText();
        if (adapters.containsKey(name)) {
            answer(
                    exchange,
                    400,
                    error("The lora adapter '" + name + "' has already been loaded.", "InvalidUserInput", 400));
        } else if (!Files.isDirectory(Path.of(path))) {
            answer(
                    exchange,
                    400,
                    error("Loading lora " + name + " failed: No adapter found for " + path, "BadRequestError", 400));
        } else {
            adapters.put(name, path);
            answer(exchange, 200, "Success: LoRA adapter '" + name + "' added successfully.");
        }
    }

    private void unload(HttpExchange exchange) throws IOException {
        String name = JSON.readTree(exchange.getRequestBody()).path("lora_name").asText();
        if (adapters.remove(name) == null) {
            answer(exchange, 404, error("The lora adapter '" + name + "' cannot be found.", "NotFoundError", 404));
        } else {
            answer(exchange, 200, "Success: LoRA adapter '" + name + "' removed successfully.");
        }
    }

    private static String error(String message, String type, int code) {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("error")
                .put("message", message)
                .put("type", type)
                .putNull("param")
                .put("code", code);
        return root.toString();
    }

    private void answer(HttpExchange exchange, ObjectNode body) throws IOException {
        answer(exchange, 200, body.toString());
    }

    private void answer(HttpExchange exchange, int status, String body) throws IOException {
        try (exchange) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }
}
