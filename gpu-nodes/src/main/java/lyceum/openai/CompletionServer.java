package lyceum.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import lyceum.model.CheckpointStore;
import lyceum.engine.Generation;
import lyceum.engine.GenerationRequest;
import lyceum.engine.Generator;
import lyceum.engine.SamplingParams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lyceum's checkpoints over the OpenAI completions API: GET /v1/models and POST /v1/completions. It
 * serves one checkpoint by default and any other of the same store when a request names its version.
 * Requests that arrive together are decoded as one batch by a single engine thread (the generator is
 * not thread-safe and batching is where its throughput comes from). With a token, every request must
 * carry {@code Authorization: Bearer TOKEN}.
 *
 * <p>Each choice carries {@code mean_logprob}, the mean natural-log probability of its tokens, since
 * the engine does not keep per-token values; {@code logprobs} is always null.
 */
public final class CompletionServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CompletionServer.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private record Job(String model, List<GenerationRequest> requests, CompletableFuture<List<Generation>> done) {}

  private final CheckpointStore store;
  private final String servedVersion;
  private final Generator generator;
  private final byte[] expectedAuthorization;
  private final int batchSize;
  private final HttpServer server;
  private final ExecutorService handlers;
  private final Thread engine;
  private final BlockingQueue<Job> jobs = new LinkedBlockingQueue<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger peakInFlight = new AtomicInteger();
  private final AtomicLong completions = new AtomicLong();

  private CompletionServer(
      InetSocketAddress address, CheckpointStore store, String servedVersion, Generator generator, String token,
      int batchSize) throws IOException {
    this.store = store;
    this.servedVersion = servedVersion;
    this.generator = generator;
    this.expectedAuthorization = token == null ? null : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    this.batchSize = batchSize;
    this.server = HttpServer.create(address, 128);
    this.handlers = Executors.newFixedThreadPool(64, daemon("serve-http"));
    server.setExecutor(handlers);
    server.createContext("/v1/completions", exchange -> handle(exchange, "POST", this::completions));
    server.createContext("/v1/models", exchange -> handle(exchange, "GET", body -> models()));
    server.createContext("/", exchange -> handle(exchange, "GET", body -> {
      throw new BadRequest(404, null, "no such endpoint: " + exchange.getRequestURI().getPath()
          + " (this server answers /v1/completions and /v1/models)");
    }));
    this.engine = daemon("serve-engine").newThread(this::runEngine);
  }

  /**
   * Serves {@code servedVersion} of {@code store} on {@code address} (port 0: any free one).
   * {@code token} null means no authentication.
   */
  public static CompletionServer start(
      InetSocketAddress address, CheckpointStore store, String servedVersion, Generator generator, String token,
      int batchSize) throws IOException {
    if (!store.contains(servedVersion)) {
      throw new IOException("no checkpoint " + servedVersion + " under " + store.root().toAbsolutePath());
    }
    CompletionServer server = new CompletionServer(address, store, servedVersion, generator, token, batchSize);
    server.engine.start();
    server.server.start();
    log.info("serving {} on http://{}:{}{}", servedVersion, address.getHostString(), server.port(),
        token == null ? " without authentication" : " with bearer-token authentication");
    return server;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** The most completion requests this server has held at once. */
  public int peakInFlight() {
    return peakInFlight.get();
  }

  /** Completions this server has answered (one per prompt and sample). */
  public long completions() {
    return completions.get();
  }

  // ---- HTTP ----

  private interface Handler {
    ObjectNode answer(JsonNode body) throws Exception;
  }

  private void handle(HttpExchange exchange, String method, Handler handler) throws IOException {
    int status = 200;
    ObjectNode answer;
    try (exchange) {
      try {
        authorize(exchange);
        if (!exchange.getRequestMethod().equals(method)) {
          throw new BadRequest(405, null, exchange.getRequestURI().getPath() + " takes " + method);
        }
        answer = handler.answer(method.equals("POST") ? body(exchange.getRequestBody()) : null);
      } catch (BadRequest e) {
        status = e.status;
        answer = error(e.getMessage(), e.status == 401 ? "authentication_error" : "invalid_request_error", e.param);
      } catch (Exception e) {
        log.warn("request to {} failed", exchange.getRequestURI(), e);
        status = 500;
        answer = error("generation failed: " + e.getMessage(), "server_error", null);
      }
      byte[] bytes = JSON.writeValueAsBytes(answer);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      if (status == 401) {
        exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
      }
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private void authorize(HttpExchange exchange) throws BadRequest {
    if (expectedAuthorization == null) {
      return;
    }
    String given = exchange.getRequestHeaders().getFirst("Authorization");
    if (given == null || !MessageDigest.isEqual(expectedAuthorization, given.strip().getBytes(StandardCharsets.UTF_8))) {
      throw new BadRequest(401, null, given == null
          ? "missing Authorization header: this server wants a bearer token"
          : "invalid bearer token");
    }
  }

  private static JsonNode body(InputStream in) throws BadRequest {
    try {
      return JSON.readTree(in.readAllBytes());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new BadRequest(400, null, "the request body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new BadRequest(400, null, "the request body could not be read: " + e.getMessage());
    }
  }

  private static ObjectNode error(String message, String type, String param) {
    ObjectNode error = JSON.createObjectNode();
    error.put("message", message);
    error.put("type", type);
    error.put("param", param);
    error.putNull("code");
    ObjectNode root = JSON.createObjectNode();
    root.set("error", error);
    return root;
  }

  private ObjectNode models() throws IOException {
    ArrayNode data = JSON.createArrayNode();
    for (String version : versions()) {
      ObjectNode model = data.addObject();
      model.put("id", version);
      model.put("object", "model");
      model.put("created", Files.getLastModifiedTime(store.directoryOf(version)).toMillis() / 1000);
      model.put("owned_by", "lyceum");
    }
    ObjectNode root = JSON.createObjectNode();
    root.put("object", "list");
    root.set("data", data);
    return root;
  }

  /** The served checkpoint first, then the others of its store. */
  private List<String> versions() throws IOException {
    List<String> versions = new ArrayList<>(List.of(servedVersion));
    try (Stream<Path> dirs = Files.list(store.root())) {
      dirs.map(d -> d.getFileName().toString())
          .filter(name -> name.matches("[0-9a-f]{16}") && !name.equals(servedVersion) && store.contains(name))
          .sorted()
          .forEach(versions::add);
    }
    return versions;
  }

  private ObjectNode completions(JsonNode body) throws Exception {
    int now = inFlight.incrementAndGet();
    peakInFlight.accumulateAndGet(now, Math::max);
    try {
      CompletionRequest request = CompletionRequest.parse(body);
      String model = request.model() == null ? servedVersion : request.model();
      if (!model.matches("[0-9a-f]{16}") || !store.contains(model)) {
        throw new BadRequest(404, "model", "model " + model + " not found: this server serves " + servedVersion
            + " and the other checkpoints under " + store.root().toAbsolutePath());
      }
      String id = "cmpl-" + UUID.randomUUID();
      List<GenerationRequest> requests = new ArrayList<>();
      for (String prompt : request.prompts()) {
        for (int j = 0; j < request.n(); j++) {
          requests.add(new GenerationRequest(id + "-" + requests.size(), prompt,
              new SamplingParams(request.temperature(), request.topP(), request.maxTokens(), request.seed() + j)));
        }
      }
      Job job = new Job(model, requests, new CompletableFuture<>());
      jobs.add(job);
      List<Generation> generations;
      try {
        generations = job.done().get();
      } catch (ExecutionException e) {
        throw e.getCause() instanceof Exception cause ? cause : e;
      }
      completions.addAndGet(generations.size());
      return response(id, model, request, generations);
    } finally {
      inFlight.decrementAndGet();
    }
  }

  private static ObjectNode response(String id, String model, CompletionRequest request, List<Generation> generations) {
    ObjectNode root = JSON.createObjectNode();
    root.put("id", id);
    root.put("object", "text_completion");
    root.put("created", System.currentTimeMillis() / 1000);
    root.put("model", model);
    ArrayNode choices = root.putArray("choices");
    long completionTokens = 0;
    for (int i = 0; i < generations.size(); i++) {
      Generation g = generations.get(i);
      String text = g.text();
      String finish = g.truncated() ? "length" : "stop";
      for (String stop : request.stop()) {
        int at = stop.isEmpty() ? -1 : text.indexOf(stop);
        if (at >= 0) {
          text = text.substring(0, at);
          finish = "stop";
        }
      }
      ObjectNode choice = choices.addObject();
      choice.put("index", i);
      choice.put("text", text);
      choice.putNull("logprobs");
      choice.put("finish_reason", finish);
      choice.put("mean_logprob", g.meanLogProb());
      completionTokens += g.tokenCount();
    }
    long promptTokens = request.prompts().stream().mapToLong(p -> p.length() + 1L).sum();
    ObjectNode usage = root.putObject("usage");
    usage.put("prompt_tokens", promptTokens);
    usage.put("completion_tokens", completionTokens);
    usage.put("total_tokens", promptTokens + completionTokens);
    return root;
  }

  // ---- the engine ----

  /** Takes the oldest job and every waiting job of the same model, up to a batch, and decodes them at once. */
  private void runEngine() {
    while (!Thread.currentThread().isInterrupted()) {
      Job first;
      try {
        first = jobs.take();
      } catch (InterruptedException e) {
        return;
      }
      List<Job> batch = new ArrayList<>(List.of(first));
      int size = first.requests().size();
      for (Iterator<Job> it = jobs.iterator(); it.hasNext() && size < batchSize; ) {
        Job next = it.next();
        if (next.model().equals(first.model()) && size + next.requests().size() <= batchSize) {
          it.remove();
          batch.add(next);
          size += next.requests().size();
        }
      }
      List<GenerationRequest> all = new ArrayList<>();
      batch.forEach(job -> all.addAll(job.requests()));
      try {
        List<Generation> generated = generator.generate(first.model(), all);
        int from = 0;
        for (Job job : batch) {
          job.done().complete(generated.subList(from, from + job.requests().size()));
          from += job.requests().size();
        }
      } catch (Exception | Error e) {
        batch.forEach(job -> job.done().completeExceptionally(e));
      }
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public void close() {
    server.stop(0);
    engine.interrupt();
    handlers.shutdownNow();
    jobs.forEach(job -> job.done().completeExceptionally(new IOException("server stopped")));
  }
}
