package lyceum.it;

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
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for a vLLM server in what an experiment meets when the endpoint fails: it serves one model
 * name and answers, in vLLM's error shape ({@code {"error":{"message","type","param","code"}}}), 404 for
 * any other model, 400 for a prompt that with its max_tokens is over its context (counted in
 * characters), and 503 with {@code Retry-After: 1} to its first {@code unavailableFor} requests, as a
 * server that is starting or overloaded does. Otherwise it completes with the prompt's last line.
 */
final class TestDoubleVllmEndpoint implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService threads = Executors.newFixedThreadPool(4);
  private final String model;
  private final int contextLength;
  private final int unavailableFor;
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger completed = new AtomicInteger();

  TestDoubleVllmEndpoint(String model, int contextLength, int unavailableFor) throws IOException {
    this.model = model;
    this.contextLength = contextLength;
    this.unavailableFor = unavailableFor;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.setExecutor(threads);
    server.createContext("/v1/completions", this::completions);
    server.start();
  }

  private void completions(HttpExchange exchange) throws IOException {
    try (exchange) {
      JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
      if (requests.getAndIncrement() < unavailableFor) {
        exchange.getResponseHeaders().set("Retry-After", "1");
        error(exchange, 503, "ServiceUnavailableError", "The server is starting; try again later.");
        return;
      }
      String asked = body.path("model").asText();
      if (!model.equals(asked)) {
        error(exchange, 404, "NotFoundError", "The model `" + asked + "` does not exist.");
        return;
      }
      String prompt = body.path("prompt").asText();
      int maxTokens = body.path("max_tokens").asInt(16);
      if (prompt.length() + maxTokens > contextLength) {
        error(exchange, 400, "BadRequestError", "This model's maximum context length is " + contextLength
            + " tokens. However, you requested " + (prompt.length() + maxTokens) + " tokens (" + prompt.length()
            + " in the messages, " + maxTokens + " in the completion). Please reduce the length of the messages or completion.");
        return;
      }
      String[] lines = prompt.strip().split("\n");
      String text = lines[lines.length - 1];
      ObjectNode root = JSON.createObjectNode();
      root.put("id", "cmpl-" + requests.get());
      root.put("object", "text_completion");
      root.put("model", model);
      ObjectNode choice = root.putArray("choices").addObject();
      choice.put("index", 0);
      choice.put("text", text);
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

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Requests received, whatever the answer. */
  int requests() {
    return requests.get();
  }

  /** Requests answered with a completion. */
  int completed() {
    return completed.get();
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
