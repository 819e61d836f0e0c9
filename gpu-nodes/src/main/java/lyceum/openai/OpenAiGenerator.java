// Stays whole: its retry rules and response mapping are one contract with the server.
package lyceum.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;
import lyceum.engine.Generation;
import lyceum.engine.GenerationRequest;
import lyceum.engine.Generator;
import lyceum.engine.OpenAiEndpoint;
import lyceum.engine.PermanentGenerationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A generator behind an OpenAI-compatible server: one POST {endpoint}/v1/completions per request, or
 * /v1/chat/completions with the request's messages when it carries them (with the prompt as one user
 * message when the endpoint's format is chat), at most {@code concurrency} in flight. A request's stop
 * strings are sent as {@code stop}; a chat whose last message is the assistant's asks the server to
 * continue it (vLLM's {@code continue_final_message}, without {@code add_generation_prompt}). Connect errors, timeouts, 408, 425, 429 and 5xx are transient: retried
 * up to {@code maxRetries} times with exponential backoff and jitter (a Retry-After header is honoured).
 * Any other answer is one a retry cannot fix (404 unknown model, 400 or 422 bad request or prompt over
 * the context, 401 or 403 refused credentials): it is a {@link PermanentGenerationException} carrying the
 * server's message. A batch returns the requests that succeeded (the pool asks again for the rest) and
 * fails only when none did, or at once with the permanent error when any request met one, since asking
 * again for the rest would only meet it again. Safe to share between threads.
 *
 * <p>Mapping: {@code finish_reason == "length"} is a truncated generation; the mean log-probability
 * comes from {@code logprobs.token_logprobs} when the server gives them, else from the choice's
 * {@code mean_logprob} (which {@code lyceum serve} adds), else it is NaN.
 */
public final class OpenAiGenerator implements Generator {
    private static final Logger log = LoggerFactory.getLogger(OpenAiGenerator.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(250);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    /** A request the endpoint did not complete; the message names the endpoint, request and answer. */
    public static final class EndpointException extends IOException {
        EndpointException(String message) {
            super(message);
        }
    }

    private final OpenAiEndpoint endpoint;
    private final URI completions;
    private final URI chatCompletions;
    private final HttpClient http;
    private final Semaphore inFlight;
    private final ExecutorService calls;
    private final String authorization;
    private final Duration firstBackoff;
    /**
     * Set once the server has answered with {@code mean_logprob} ({@code lyceum serve} does): the mean is
     * all this backend needs, so later requests do not ask for per-token logprobs, which that server
     * computes with a second pass over the model (measured: 128 requests took 1.5 to 2 times as long).
     */
    private volatile boolean serverGivesMean;

    public OpenAiGenerator(OpenAiEndpoint endpoint) {
        this(endpoint, System::getenv, FIRST_BACKOFF);
    }

    /** {@code environment} looks up the token variable; {@code firstBackoff} is the first retry's delay. */
    OpenAiGenerator(OpenAiEndpoint endpoint, UnaryOperator<String> environment, Duration firstBackoff) {
        this.endpoint = endpoint;
        String base = endpoint.url().replaceAll("/+$", "");
        // Clients are often given the base URL with its /v1 already.
        String v1 = base.endsWith("/v1") ? base : base + "/v1";
        this.completions = URI.create(v1 + "/completions");
        this.chatCompletions = URI.create(v1 + "/chat/completions");
        this.http = HttpClient.newBuilder()
                .connectTimeout(endpoint.requestTimeout())
                .build();
        this.inFlight = new Semaphore(endpoint.concurrency(), true);
        this.calls = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "openai-" + completions.getAuthority());
            t.setDaemon(true);
            return t;
        });
        this.authorization = bearer(endpoint.apiKeyEnv(), environment);
        this.firstBackoff = firstBackoff;
    }

    private static String bearer(String variable, UnaryOperator<String> environment) {
        if (variable.isBlank()) {
            return null;
        }
        String token = environment.apply(variable);
        if (token == null || token.isBlank()) {
            throw new IllegalStateException(
                    "environment variable " + variable + " (experiment.model.api-key-env) is not set on this node");
        }
        return "Bearer " + token.strip();
    }

    @Override
    public List<Generation> generate(String model, List<GenerationRequest> batch) throws Exception {
        List<CompletableFuture<Generation>> calls = new ArrayList<>();
        for (GenerationRequest request : batch) {
            calls.add(CompletableFuture.supplyAsync(
                    () -> {
                        try {
                            return complete(model, request);
                        } catch (PermanentGenerationException e) {
                            throw new CompletionException(e);
                        } catch (IOException e) {
                            throw new IllegalStateException(e.getMessage(), e);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new IllegalStateException("interrupted", e);
                        }
                    },
                    this.calls));
        }
        List<Generation> generated = new ArrayList<>();
        Throwable firstFailure = null;
        int failures = 0;
        PermanentGenerationException permanent = null;
        for (CompletableFuture<Generation> call : calls) {
            try {
                generated.add(call.get());
            } catch (ExecutionException e) {
                failures++;
                firstFailure = firstFailure == null ? e.getCause() : firstFailure;
                if (permanent == null && e.getCause() instanceof PermanentGenerationException p) {
                    permanent = p;
                }
            }
        }
        if (permanent != null) {
            throw permanent;
        }
        if (generated.isEmpty() && firstFailure != null) {
            throw new EndpointException(firstFailure.getMessage());
        }
        if (failures > 0) {
            log.warn(
                    "{} of {} requests to {} failed, the first with: {}",
                    failures,
                    batch.size(),
                    completions,
                    firstFailure.getMessage());
        }
        return generated;
    }

    /** One completion, retried as the class says. */
    Generation complete(String model, GenerationRequest request)
            throws IOException, InterruptedException, PermanentGenerationException {
        boolean chat = chat(request);
        if (request.scores() && chat) {
            // a chat server cannot echo the assistant's text back with its log-probs: not scored
            return new Generation(request.requestId(), request.scoreText(), 0, Double.NaN, false, 0);
        }
        URI completions = chat ? chatCompletions : this.completions;
        byte[] body =
                JSON.writeValueAsBytes(request.scores() ? scoringBody(model, request) : body(model, request, chat));
        for (int attempt = 0; ; attempt++) {
            HttpRequest.Builder http = HttpRequest.newBuilder(completions)
                    .timeout(endpoint.requestTimeout())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            if (authorization != null) {
                http.header("Authorization", authorization);
            }
            String failure;
            Duration retryAfter = null;
            long started = System.nanoTime();
            inFlight.acquire();
            try {
                HttpResponse<String> response = this.http.send(http.build(), HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status == 200 && request.scores()) {
                    return scored(request, response.body(), (System.nanoTime() - started) / 1_000_000L);
                }
                if (status == 200) {
                    return generation(request, chat, response.body(), (System.nanoTime() - started) / 1_000_000L);
                }
                failure = completions + " answered " + status + " to " + request.requestId() + ": "
                        + serverMessage(response.body());
                if (!transientStatus(status)) {
                    throw new PermanentGenerationException(failure);
                }
                retryAfter = response.headers()
                        .firstValue("Retry-After")
                        .map(OpenAiGenerator::seconds)
                        .orElse(null);
            } catch (HttpTimeoutException e) {
                failure =
                        completions + " did not answer " + request.requestId() + " within " + endpoint.requestTimeout();
            } catch (EndpointException e) {
                throw e;
            } catch (IOException e) {
                failure = "cannot reach " + completions + " for " + request.requestId() + ": " + e;
            } finally {
                inFlight.release();
            }
            if (attempt >= endpoint.maxRetries()) {
                throw new EndpointException(failure + (attempt > 0 ? " (after " + (attempt + 1) + " attempts)" : ""));
            }
            Duration delay = backoff(attempt, retryAfter);
            log.debug("{}; retrying in {} ms", failure, delay.toMillis());
            Thread.sleep(delay.toMillis());
        }
    }

    /** Statuses a later attempt may not meet: timeout, too early, rate limit and server errors. */
    static boolean transientStatus(int status) {
        return status == 408 || status == 425 || status == 429 || status >= 500;
    }

    /**
     * What the server said: the message of OpenAI's error shape ({@code {"error":{"message":...}}}), of
     * vLLM's older flat one ({@code {"message":...}}) or FastAPI's ({@code {"detail":...}}), else the body.
     */
    static String serverMessage(String body) {
        try {
            JsonNode root = JSON.readTree(body == null ? "" : body);
            for (JsonNode message : new JsonNode[] {
                root.path("error").path("message"), root.path("error"), root.path("message"), root.path("detail")
            }) {
                if (message.isTextual() && !message.asText().isBlank()) {
                    return excerpt(message.asText());
                }
            }
        } catch (IOException e) {
            // not JSON: the body as it is
        }
        return excerpt(body);
    }

    /** Exponential with jitter in [half, whole], never shorter than the server's Retry-After. */
    Duration backoff(int attempt, Duration retryAfter) {
        long whole = Math.min(MAX_BACKOFF.toMillis(), firstBackoff.toMillis() << Math.min(attempt, 16));
        long jittered = whole / 2 + ThreadLocalRandom.current().nextLong(whole / 2 + 1);
        return retryAfter != null && retryAfter.toMillis() > jittered
                ? (retryAfter.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : retryAfter)
                : Duration.ofMillis(jittered);
    }

    private static Duration seconds(String retryAfter) {
        try {
            return Duration.ofSeconds(Long.parseLong(retryAfter.strip()));
        } catch (NumberFormatException e) {
            return null; // an HTTP date: the exponential backoff applies
        }
    }

    private boolean chat(GenerationRequest request) {
        return !request.messages().isEmpty() || endpoint.format() == OpenAiEndpoint.Format.CHAT;
    }

    private ObjectNode body(String model, GenerationRequest request, boolean chat) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", model);
        if (chat && request.messages().isEmpty()) {
            body.putArray("messages").addObject().put("role", "user").put("content", request.prompt());
        } else if (chat) {
            ArrayNode messages = body.putArray("messages");
            request.messages()
                    .forEach(m -> messages.addObject().put("role", m.role()).put("content", m.content()));
            if (request.continuesFinalMessage()) {
                body.put("continue_final_message", true);
                body.put("add_generation_prompt", false);
            }
        } else {
            body.put("prompt", request.prompt());
        }
        if (!request.stop().isEmpty()) {
            ArrayNode stop = body.putArray("stop");
            request.stop().forEach(stop::add);
        }
        body.put("max_tokens", request.params().maxTokens());
        body.put("temperature", request.params().temperature());
        body.put("top_p", request.params().topP());
        body.put("seed", request.params().seed());
        body.put("n", 1);
        if (serverGivesMean) {
            return body;
        }
        if (chat) {
            body.put("logprobs", true);
        } else {
            body.put("logprobs", 1);
        }
        return body;
    }

    /**
     * Scoring a text: the prompt followed by the text, echoed with its per-token log-probs (vLLM's and
     * OpenAI's {@code echo}), and one token generated, which is not counted.
     */
    private ObjectNode scoringBody(String model, GenerationRequest request) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", model);
        body.put("prompt", request.prompt() + request.scoreText());
        body.put("echo", true);
        body.put("max_tokens", 1);
        body.put("temperature", 0.0);
        body.put("logprobs", 1);
        body.put("n", 1);
        return body;
    }

    /**
     * The mean log-prob of the tokens that start inside the scored text, by {@code logprobs.text_offset};
     * NaN when the server did not echo the prompt (it then answered with a completion only).
     */
    private Generation scored(GenerationRequest request, String body, long latencyMillis) throws EndpointException {
        JsonNode choice;
        try {
            choice = JSON.readTree(body).path("choices").path(0);
        } catch (IOException e) {
            throw new EndpointException(
                    completions + " answered " + request.requestId() + " with invalid JSON: " + excerpt(body));
        }
        String echoed = request.prompt() + request.scoreText();
        JsonNode offsets = choice.path("logprobs").path("text_offset");
        JsonNode logprobs = choice.path("logprobs").path("token_logprobs");
        if (!choice.path("text").asText("").startsWith(echoed) || !offsets.isArray() || !logprobs.isArray()) {
            return new Generation(request.requestId(), request.scoreText(), 0, Double.NaN, false, latencyMillis);
        }
        double sum = 0;
        int tokens = 0;
        for (int i = 0; i < Math.min(offsets.size(), logprobs.size()); i++) {
            int offset = offsets.get(i).asInt();
            if (offset >= request.prompt().length()
                    && offset < echoed.length()
                    && logprobs.get(i).isNumber()) {
                sum += logprobs.get(i).asDouble();
                tokens++;
            }
        }
        return new Generation(
                request.requestId(),
                request.scoreText(),
                tokens,
                tokens == 0 ? Double.NaN : sum / tokens,
                false,
                latencyMillis);
    }

    private Generation generation(GenerationRequest request, boolean chat, String body, long latencyMillis)
            throws EndpointException {
        JsonNode choice;
        JsonNode root;
        try {
            root = JSON.readTree(body);
            choice = root.path("choices").path(0);
        } catch (IOException e) {
            throw new EndpointException(
                    endpointOf(chat) + " answered " + request.requestId() + " with invalid JSON: " + excerpt(body));
        }
        JsonNode text = chat ? choice.path("message").path("content") : choice.path("text");
        if (!text.isTextual()) {
            throw new EndpointException(endpointOf(chat) + " answered " + request.requestId() + " without choices[0]."
                    + (chat ? "message.content" : "text") + ": " + excerpt(body));
        }
        // completions: logprobs.token_logprobs, numbers; chat: logprobs.content, objects with a logprob
        JsonNode tokenLogProbs = chat
                ? choice.path("logprobs").path("content")
                : choice.path("logprobs").path("token_logprobs");
        int tokens;
        double mean;
        if (tokenLogProbs.isArray() && !tokenLogProbs.isEmpty()) {
            double sum = 0;
            int counted = 0;
            for (JsonNode entry : tokenLogProbs) {
                JsonNode p = chat ? entry.path("logprob") : entry;
                if (p.isNumber()) {
                    sum += p.asDouble();
                    counted++;
                }
            }
            tokens = tokenLogProbs.size();
            mean = counted == 0 ? Double.NaN : sum / counted;
        } else {
            tokens = root.path("usage").path("completion_tokens").asInt(0);
            mean = choice.path("mean_logprob").isNumber()
                    ? choice.path("mean_logprob").asDouble()
                    : Double.NaN;
        }
        serverGivesMean |= choice.path("mean_logprob").isNumber();
        boolean truncated = "length".equals(choice.path("finish_reason").asText());
        return new Generation(request.requestId(), text.asText(), tokens, mean, truncated, latencyMillis);
    }

    private URI endpointOf(boolean chat) {
        return chat ? chatCompletions : completions;
    }

    private static String excerpt(String body) {
        String flat = body == null ? "" : body.replaceAll("\\s+", " ").strip();
        return flat.length() > 500 ? flat.substring(0, 500) + "..." : flat;
    }

    @Override
    public int preferredBatchSize() {
        return endpoint.concurrency();
    }

    @Override
    public String device() {
        return completions.getAuthority();
    }

    @Override
    public void close() {
        calls.shutdownNow();
    }
}
