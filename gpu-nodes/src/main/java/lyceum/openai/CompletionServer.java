// Stays whole: HTTP threads and the one engine thread share one queue and reply path.
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
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import lyceum.engine.Generation;
import lyceum.engine.GenerationRequest;
import lyceum.engine.Generator;
import lyceum.engine.SamplingParams;
import lyceum.model.CheckpointStore;
import lyceum.model.TokenScores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lyceum's checkpoints over the OpenAI API: GET /v1/models, POST /v1/completions and POST
 * /v1/chat/completions, with per-token {@code logprobs} and {@code stream: true} (server-sent events).
 * It serves one checkpoint by default and any other of the same store when a request names its version.
 * Requests that arrive together are decoded as one batch by a single engine thread (the generator is
 * not thread-safe and batching is where its throughput comes from). With a token, every request must
 * carry {@code Authorization: Bearer TOKEN}.
 *
 * <p>HTTP threads only parse and queue; the answer is written when the engine is done, so a full queue
 * is refused at once (429 with Retry-After) instead of waiting behind busy threads. {@link ServeLimits}
 * bound what a request may ask and how long it may wait. Every error is in OpenAI's shape,
 * {@code {"error":{"message","type","param","code"}}}, and names no local path.
 *
 * <p>Each choice also carries {@code mean_logprob}, the mean natural-log probability of its tokens.
 * A stream is written once the completion is decoded (the engine decodes a batch at once), one chunk per
 * token.
 */
public final class CompletionServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CompletionServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A generation and, when the request asked for them, its per-token log-probabilities. */
    record Answer(Generation generation, TokenScores.Scored scored) {}

    private record Job(
            String model, List<GenerationRequest> requests, int logprobs, CompletableFuture<List<Answer>> done) {}

    private final CheckpointStore store;
    private final String servedVersion;
    private final Generator generator;
    private final TokenScorer scorer;
    private final byte[] expectedAuthorization;
    private final int batchSize;
    private final ServeLimits limits;
    private final HttpServer server;
    private final ExecutorService handlers;
    private final ExecutorService responders;
    private final Thread engine;
    private final BlockingQueue<Job> jobs = new LinkedBlockingQueue<>();
    private final Map<String, Integer> contexts = new ConcurrentHashMap<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger peakInFlight = new AtomicInteger();
    private final AtomicLong completions = new AtomicLong();
    private final AtomicLong scored = new AtomicLong();

    private CompletionServer(
            InetSocketAddress address,
            CheckpointStore store,
            String servedVersion,
            Generator generator,
            String token,
            int batchSize,
            ServeLimits limits)
            throws IOException {
        this.store = store;
        this.servedVersion = servedVersion;
        this.generator = generator;
        this.scorer = new TokenScorer(store);
        this.expectedAuthorization = token == null ? null : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        this.batchSize = batchSize;
        this.limits = limits;
        this.server = HttpServer.create(address, 128);
        this.handlers = Executors.newFixedThreadPool(16, daemon("serve-http"));
        this.responders = Executors.newCachedThreadPool(daemon("serve-reply"));
        server.setExecutor(handlers);
        server.createContext(
                "/v1/completions", exchange -> route(exchange, "POST", body -> completions(exchange, body, false)));
        server.createContext(
                "/v1/chat/completions", exchange -> route(exchange, "POST", body -> completions(exchange, body, true)));
        server.createContext(
                "/v1/models", exchange -> route(exchange, "GET", body -> send(exchange, 200, models(exchange))));
        server.createContext(
                "/",
                exchange -> route(exchange, null, body -> {
                    throw new BadRequest(
                            404,
                            null,
                            "no such endpoint: " + exchange.getRequestURI().getPath()
                                    + " (this server answers /v1/completions, /v1/chat/completions and /v1/models)");
                }));
        this.engine = daemon("serve-engine").newThread(this::runEngine);
    }

    /** {@link #start(InetSocketAddress, CheckpointStore, String, Generator, String, int, ServeLimits)} with the default limits. */
    public static CompletionServer start(
            InetSocketAddress address,
            CheckpointStore store,
            String servedVersion,
            Generator generator,
            String token,
            int batchSize)
            throws IOException {
        return start(address, store, servedVersion, generator, token, batchSize, ServeLimits.defaults());
    }

    /**
     * Serves {@code servedVersion} of {@code store} on {@code address} (port 0: any free one).
     * {@code token} null means no authentication.
     */
    public static CompletionServer start(
            InetSocketAddress address,
            CheckpointStore store,
            String servedVersion,
            Generator generator,
            String token,
            int batchSize,
            ServeLimits limits)
            throws IOException {
        if (!store.contains(servedVersion)) {
            throw new IOException(
                    "no checkpoint " + servedVersion + " under " + store.root().toAbsolutePath());
        }
        CompletionServer server =
                new CompletionServer(address, store, servedVersion, generator, token, batchSize, limits);
        server.engine.start();
        server.server.start();
        log.info(
                "serving {} on http://{}:{}{}",
                servedVersion,
                address.getHostString(),
                server.port(),
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

    /** Completions admitted and not yet decoded or dropped. */
    int queuedCompletions() {
        return queued.get();
    }

    /** Completions whose per-token log-probabilities this server computed. */
    long scoredCompletions() {
        return scored.get();
    }

    /** Completions this server has answered (one per prompt and sample). */
    public long completions() {
        return completions.get();
    }

    // ---- HTTP ----

    private interface Handler {
        /** Answers the exchange, now or later; throws to answer with an error now. */
        void handle(JsonNode body) throws Exception;
    }

    private void route(HttpExchange exchange, String method, Handler handler) {
        try {
            authorize(exchange);
            if (method != null && !exchange.getRequestMethod().equals(method)) {
                throw new BadRequest(405, null, exchange.getRequestURI().getPath() + " takes " + method);
            }
            handler.handle(method != null && method.equals("POST") ? body(exchange) : null);
        } catch (BadRequest e) {
            sendError(exchange, e);
        } catch (Exception e) {
            sendError(exchange, internal(exchange, e));
        }
    }

    /** A failure the client cannot act on: logged here with its cause, answered without it (it may name paths). */
    private static BadRequest internal(HttpExchange exchange, Throwable e) {
        log.warn("request to {} failed", exchange.getRequestURI(), e);
        return new BadRequest(
                500, null, "generation failed: " + e.getClass().getSimpleName() + " (details are in the server's log)");
    }

    private void authorize(HttpExchange exchange) throws BadRequest {
        if (expectedAuthorization == null) {
            return;
        }
        String given = exchange.getRequestHeaders().getFirst("Authorization");
        if (given == null
                || !MessageDigest.isEqual(expectedAuthorization, given.strip().getBytes(StandardCharsets.UTF_8))) {
            throw new BadRequest(
                    401,
                    null,
                    given == null
                            ? "missing Authorization header: this server wants a bearer token"
                            : "invalid bearer token");
        }
    }

    private JsonNode body(HttpExchange exchange) throws BadRequest {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        BadRequest tooLarge = new BadRequest(
                413,
                null,
                "request_too_large",
                "the request body is over this server's limit of " + limits.maxBodyBytes() + " bytes");
        try {
            if (declared != null && Long.parseLong(declared.strip()) > limits.maxBodyBytes()) {
                throw tooLarge;
            }
            InputStream in = exchange.getRequestBody();
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limits.maxBodyBytes() + 1));
            if (bytes.length > limits.maxBodyBytes()) {
                throw tooLarge;
            }
            return JSON.readTree(bytes);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new BadRequest(400, null, "the request body is not valid JSON: " + e.getOriginalMessage());
        } catch (NumberFormatException e) {
            throw new BadRequest(400, null, "Content-Length is not a number");
        } catch (IOException e) {
            throw new BadRequest(400, null, "the request body could not be read: " + e.getMessage());
        }
    }

    private void sendError(HttpExchange exchange, BadRequest e) {
        ObjectNode error = JSON.createObjectNode();
        error.put("message", e.getMessage());
        error.put("type", e.type());
        error.put("param", e.param);
        error.put("code", e.code);
        ObjectNode root = JSON.createObjectNode();
        root.set("error", error);
        if (e.status == 401) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
        }
        if (e.status == 429 || e.status == 503) {
            long seconds = Math.max(1, (limits.retryAfter().toMillis() + 999) / 1000);
            exchange.getResponseHeaders().set("Retry-After", Long.toString(seconds));
        }
        send(exchange, e.status, root);
    }

    private static void send(HttpExchange exchange, int status, JsonNode answer) {
        try (exchange) {
            byte[] bytes = JSON.writeValueAsBytes(answer);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (IOException e) {
            log.debug("could not answer {}: {}", exchange.getRequestURI(), e.toString());
        }
    }

    /** GET /v1/models lists the checkpoints; GET /v1/models/{id} describes one. */
    private ObjectNode models(HttpExchange exchange) throws IOException, BadRequest {
        String path = exchange.getRequestURI().getPath().replaceAll("/+$", "");
        if (!path.equals("/v1/models")) {
            String id = path.substring("/v1/models/".length());
            if (!id.matches("[0-9a-f]{16}") || !store.contains(id)) {
                throw new BadRequest(404, "model", "model_not_found", "model " + id + " not found");
            }
            return model(JSON.createObjectNode(), id);
        }
        ArrayNode data = JSON.createArrayNode();
        for (String version : versions()) {
            model(data.addObject(), version);
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("object", "list");
        root.set("data", data);
        return root;
    }

    private ObjectNode model(ObjectNode model, String version) throws IOException {
        model.put("id", version);
        model.put("object", "model");
        model.put(
                "created", Files.getLastModifiedTime(store.directoryOf(version)).toMillis() / 1000);
        model.put("owned_by", "lyceum");
        return model;
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

    /** Parses, checks against the model and the queue, queues; the answer is written when the engine is done. */
    private void completions(HttpExchange exchange, JsonNode body, boolean chat) throws Exception {
        CompletionRequest request =
                chat ? CompletionRequest.parseChat(body, limits) : CompletionRequest.parse(body, limits);
        String model = request.model() == null ? servedVersion : request.model();
        if (!model.matches("[0-9a-f]{16}") || !store.contains(model)) {
            throw new BadRequest(
                    404,
                    "model",
                    "model_not_found",
                    "model " + model + " not found: this server serves " + servedVersion
                            + " and the other versions GET /v1/models lists");
        }
        int context = contexts.computeIfAbsent(model, this::contextLength);
        for (int i = 0; i < request.prompts().size(); i++) {
            int length = request.prompts().get(i).length();
            if (length > context - 2) {
                throw new BadRequest(
                        400,
                        chat ? "messages" : "prompt",
                        "context_length_exceeded",
                        (chat ? "the rendered messages are " : "prompt " + i + " is ") + length + " characters; model "
                                + model
                                + "'s context is " + context
                                + " tokens (one per character), which must hold a begin token, "
                                + "the prompt and at least one generated token");
            }
        }
        String id = (chat ? "chatcmpl-" : "cmpl-") + UUID.randomUUID();
        List<GenerationRequest> requests = new ArrayList<>();
        for (String prompt : request.prompts()) {
            for (int j = 0; j < request.n(); j++) {
                requests.add(new GenerationRequest(
                        id + "-" + requests.size(),
                        prompt,
                        new SamplingParams(
                                request.temperature(), request.topP(), request.maxTokens(), request.seed() + j),
                        List.of(),
                        request.stop()));
            }
        }
        if (queued.addAndGet(requests.size()) > limits.maxQueuedCompletions()) {
            queued.addAndGet(-requests.size());
            throw new BadRequest(
                    429,
                    null,
                    "queue_full",
                    "this server is busy: it holds its limit of " + limits.maxQueuedCompletions()
                            + " completions; retry after the Retry-After seconds");
        }
        Job job = new Job(model, requests, request.logprobs(), new CompletableFuture<>());
        job.done().whenComplete((answers, failure) -> queued.addAndGet(-requests.size()));
        int now = inFlight.incrementAndGet();
        peakInFlight.accumulateAndGet(now, Math::max);
        jobs.add(job);
        job.done()
                .copy()
                .orTimeout(limits.requestDeadline().toMillis(), TimeUnit.MILLISECONDS)
                .whenCompleteAsync(
                        (answers, failure) -> {
                            // No longer in flight once its answer is ready, before it is sent: a client
                            // may send its next request as soon as it has read this answer.
                            inFlight.decrementAndGet();
                            if (failure == null) {
                                completions.addAndGet(answers.size());
                                Responses response = new Responses(id, model, request, answers);
                                if (request.stream()) {
                                    response.stream(exchange);
                                } else {
                                    send(exchange, 200, response.whole());
                                }
                            } else if (unwrap(failure) instanceof TimeoutException) {
                                if (jobs.remove(job)) {
                                    job.done().completeExceptionally(unwrap(failure));
                                }
                                sendError(
                                        exchange,
                                        new BadRequest(
                                                503,
                                                null,
                                                "timeout",
                                                "no answer within this server's deadline of "
                                                        + limits.requestDeadline()
                                                                .toMillis()
                                                        + " ms; retry after the Retry-After seconds"));
                            } else {
                                sendError(exchange, internal(exchange, unwrap(failure)));
                            }
                        },
                        responders);
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    private int contextLength(String version) {
        try {
            return store.manifest(version).config().contextLength();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the manifest of " + version, e);
        }
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
                List<TokenScores.Scored> scored = score(first.model(), batch, generated);
                int from = 0;
                for (Job job : batch) {
                    List<Answer> answers = new ArrayList<>();
                    for (int i = from; i < from + job.requests().size(); i++) {
                        TokenScores.Scored own =
                                job.logprobs() < 0 ? null : scored.get(i).withTop(job.logprobs());
                        answers.add(new Answer(generated.get(i), own));
                    }
                    job.done().complete(answers);
                    from += job.requests().size();
                }
            } catch (Exception | Error e) {
                batch.forEach(job -> job.done().completeExceptionally(e));
            }
        }
    }

    /**
     * Per-token log-probabilities for the jobs that asked, in one pass over the whole batch (a client such
     * as Lyceum's own backend sends one prompt per request); null at the places of jobs that did not ask.
     */
    private List<TokenScores.Scored> score(String model, List<Job> batch, List<Generation> generated)
            throws IOException {
        List<GenerationRequest> asked = new ArrayList<>();
        List<Generation> answered = new ArrayList<>();
        int top = 0;
        int from = 0;
        for (Job job : batch) {
            if (job.logprobs() >= 0) {
                asked.addAll(job.requests());
                answered.addAll(generated.subList(from, from + job.requests().size()));
                top = Math.max(top, job.logprobs());
            }
            from += job.requests().size();
        }
        List<TokenScores.Scored> scored = new ArrayList<>();
        if (asked.isEmpty()) {
            batch.forEach(job -> job.requests().forEach(r -> scored.add(null)));
            return scored;
        }
        Iterator<TokenScores.Scored> all =
                scorer.score(model, asked, answered, top).iterator();
        this.scored.addAndGet(asked.size());
        for (Job job : batch) {
            for (GenerationRequest ignored : job.requests()) {
                scored.add(job.logprobs() >= 0 ? all.next() : null);
            }
        }
        return scored;
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
        responders.shutdownNow();
        jobs.forEach(job -> job.done().completeExceptionally(new IOException("server stopped")));
        try {
            engine.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        scorer.close();
    }
}
