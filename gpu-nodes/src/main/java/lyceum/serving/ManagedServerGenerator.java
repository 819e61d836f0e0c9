// Stays whole: one server process's life (start, reload, verify, restart) as one state machine.
package lyceum.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import lyceum.engine.Generation;
import lyceum.engine.GenerationRequest;
import lyceum.engine.Generator;
import lyceum.engine.OpenAiEndpoint;
import lyceum.engine.PermanentGenerationException;
import lyceum.net.FreePorts;
import lyceum.openai.OpenAiGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gpu node's generator for one device (or device group) that owns an inference server process. Before
 * a batch is sent, the server is made to serve exactly the requested version (started, restarted on the
 * new checkpoint, or reloaded, as {@link ServerSettings.Reload} says) and {@code GET /v1/models} must
 * list it; a batch is returned only if the same process answered it from start to end. So the version
 * the worker reports with a sample is the version the server was verified to serve.
 *
 * <p>A server that dies fails its batch with a transient error (the pool sends it again) and is started
 * again on the next batch; after {@code max-restarts} failed starts or deaths in a row the batch fails
 * with a {@link PermanentGenerationException} naming the reason and the server's last output lines, as
 * it does at once when the server refuses a reload (a 4xx answer, such as an adapter it cannot read).
 * Calls are serialized: the generation worker sends one batch at a time and the training hand-over
 * waits for it.
 */
public final class ManagedServerGenerator implements Generator {
    private static final Logger log = LoggerFactory.getLogger(ManagedServerGenerator.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    /** How long a client error waits for the process's exit before it counts as the server's own answer. */
    private static final Duration DEATH_NOTICE = Duration.ofSeconds(2);

    /** The server died while it held a batch: the pool may send the batch again. */
    public static final class ServerDiedException extends IOException {
        ServerDiedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final ServerSettings settings;
    private final String device;
    private final CheckpointLocator locator;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Thread stopOnExit;

    /** Volatile for the exit hook, which must not wait for a batch in flight. */
    private volatile ServerProcess server;

    private OpenAiGenerator client;
    /** The version the server was last verified to serve; null when unknown. */
    private String serving;
    /** LoRA adapters this generator loaded into the running server. */
    private final List<String> adapters = new ArrayList<>();

    private boolean asleep;
    /** Failed starts and deaths in a row. */
    private int failures;

    private int starts;

    public ManagedServerGenerator(ServerSettings settings, String device, CheckpointLocator locator) {
        if (!settings.enabled()) {
            throw new IllegalArgumentException(ServerSettings.PATH + ".command is empty: no server to manage");
        }
        this.settings = settings;
        this.device = device;
        this.locator = locator;
        // A child process outlives a JVM that exits without closing its engines; this stops it.
        this.stopOnExit = new Thread(
                () -> {
                    ServerProcess running = server;
                    if (running != null) {
                        running.stop(Duration.ofSeconds(5));
                    }
                },
                "managed-server-stop-" + device);
        Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    @Override
    public synchronized List<Generation> generate(String version, List<GenerationRequest> batch) throws Exception {
        ensureServing(version);
        ServerProcess answering = server;
        List<Generation> generated;
        try {
            generated = client.generate(version, batch);
        } catch (Exception e) {
            if (answering.exitedWithin(DEATH_NOTICE)) {
                throw died(answering, version, e);
            }
            throw e;
        }
        if (!answering.alive()) {
            throw died(answering, version, null);
        }
        failures = 0;
        return generated;
    }

    /** The version the server was last verified to serve, or null when none is. */
    public synchronized String servingVersion() {
        return server != null && server.alive() && !asleep ? serving : null;
    }

    /** The running server's process id, or -1. */
    public synchronized long serverPid() {
        return server != null && server.alive() ? server.pid() : -1;
    }

    /** The running server's port, or -1. */
    public synchronized int serverPort() {
        return server != null ? server.port() : -1;
    }

    /** Processes started so far, restarts included. */
    public synchronized int starts() {
        return starts;
    }

    /**
     * Frees the device for a training job: the server goes to sleep when a sleep URL is configured, else
     * it stops. The next {@link #generate} brings it back and verifies what it serves.
     */
    public synchronized void release() {
        if (server == null || asleep) {
            return;
        }
        if (!settings.sleepUrl().isBlank() && server.alive()) {
            try {
                post(expand(settings.sleepUrl(), serving, null), JSON.createObjectNode());
                asleep = true;
                log.info("[server {}] asleep for training", device);
                return;
            } catch (IOException e) {
                log.warn("[server {}] could not be put to sleep ({}); stopping it", device, e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        log.info("[server {}] stopping for training", device);
        stopServer();
    }

    private void ensureServing(String version) throws Exception {
        if (server != null && !server.alive()) {
            failures++;
            log.warn("[server {}] died while idle: {}", device, server.describeExit());
            stopServer();
        }
        if (server != null && asleep) {
            post(expand(settings.wakeUrl(), serving, null), JSON.createObjectNode());
            asleep = false;
            serving = null; // verified again below
        }
        if (server != null && version.equals(serving)) {
            return;
        }
        if (server != null && settings.reload() != ServerSettings.Reload.RESTART) {
            Set<String> listed = models();
            if (listed != null && listed.contains(version)) {
                serving = version; // the base model, or an adapter still loaded
                return;
            }
        }
        Path path = locator.pathOf(version);
        if (server != null && settings.reload() == ServerSettings.Reload.RESTART) {
            log.info("[server {}] restarting on {} ({})", device, version, path);
            stopServer();
        }
        if (server == null) {
            startUntilReady(version, path);
        }
        if (!version.equals(serving)) {
            reload(version, path);
        }
    }

    /** Starts the server on the version until it answers, at most {@code max-restarts} + 1 times in a row. */
    private void startUntilReady(String version, Path path) throws PermanentGenerationException, InterruptedException {
        String reason = null;
        while (failures <= settings.maxRestarts()) {
            try {
                start(version, path);
                return;
            } catch (IOException e) {
                failures++;
                reason = e.getMessage();
                log.warn("[server {}] start {} failed: {}", device, failures, reason);
                stopServer();
            }
        }
        int attempts = failures;
        failures = 0; // a later batch gets a fresh budget; this one ends here
        throw new PermanentGenerationException("the managed server on device " + device + " did not serve " + version
                + " (" + path + ") after " + attempts + " starts in a row (" + ServerSettings.PATH + ".max-restarts = "
                + settings.maxRestarts() + "); the last: " + reason);
    }

    private void start(String version, Path path) throws IOException, InterruptedException {
        int port = FreePorts.next();
        List<String> argv = settings.command().stream()
                .map(arg -> expand(arg, version, path, port))
                .toList();
        Map<String, String> environment = new LinkedHashMap<>();
        settings.environment().forEach((name, value) -> environment.put(name, expand(value, version, path, port)));
        starts++;
        server = ServerProcess.start(argv, environment, device, port);
        client = new OpenAiGenerator(new OpenAiEndpoint(
                "http://127.0.0.1:" + port, "", settings.concurrency(), settings.requestTimeout(), 0, ""));
        // A server that reloads by itself may come up serving anything; it gets the version by reload.
        boolean anyListing = settings.reload() != ServerSettings.Reload.RESTART;
        Set<String> listed = awaitListing(version, anyListing, "start on " + path);
        serving = listed.contains(version) ? version : null;
        log.info("[server {}] pid {} ready on port {}, serving {}", device, server.pid(), port, listed);
    }

    private void reload(String version, Path path) throws Exception {
        switch (settings.reload()) {
            case RESTART -> throw new IllegalStateException("a restarted server serves its version or failed to start");
            case LORA -> {
                ObjectNode body = JSON.createObjectNode();
                body.put("lora_name", version);
                body.put("lora_path", path.toString());
                load(url("/v1/load_lora_adapter"), body, version);
                awaitListing(version, false, "LoRA adapter " + path);
                for (String old : adapters) {
                    ObjectNode unload = JSON.createObjectNode();
                    unload.put("lora_name", old);
                    try {
                        post(url("/v1/unload_lora_adapter"), unload);
                    } catch (IOException e) {
                        log.warn("[server {}] could not unload adapter {}: {}", device, old, e.getMessage());
                    }
                }
                adapters.clear();
                adapters.add(version);
            }
            case ENDPOINT -> {
                ObjectNode body = JSON.createObjectNode();
                body.put("model_path", path.toString());
                body.put("served_name", version);
                load(expand(settings.reloadUrl(), version, path), body, version);
                awaitListing(version, false, "reload through " + settings.reloadUrl());
            }
        }
        serving = version;
        log.info("[server {}] reloaded ({}): serving {}", device, settings.reload(), version);
    }

    /**
     * Polls {@code GET /v1/models} until it lists {@code version} (or, with {@code anyListing}, until it
     * answers at all) within the ready timeout; fails at once when the process exits.
     */
    private Set<String> awaitListing(String version, boolean anyListing, String what)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + settings.readyTimeout().toNanos();
        Set<String> listed = null;
        while (System.nanoTime() < deadline) {
            if (!server.alive()) {
                throw new IOException("the server exited during " + what + ": " + server.describeExit());
            }
            listed = models();
            if (listed != null && (listed.contains(version) || anyListing)) {
                return listed;
            }
            Thread.sleep(POLL.toMillis());
        }
        throw new IOException("GET /v1/models did not list " + version + " within " + settings.readyTimeout()
                + " of " + what + (listed == null ? " (it never answered)" : "; it listed " + listed) + "; "
                + server.describeExit());
    }

    /** The model names the server lists, or null while it does not answer. */
    private Set<String> models() throws InterruptedException {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(url("/v1/models"))
                            .timeout(Duration.ofSeconds(10))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return null;
            }
            Set<String> names = new HashSet<>();
            for (JsonNode model : JSON.readTree(response.body()).path("data")) {
                names.add(model.path("id").asText());
            }
            return names;
        } catch (IOException e) {
            return null;
        }
    }

    private void post(URI uri, ObjectNode body) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(uri)
                        .timeout(settings.readyTimeout())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        if (status / 100 != 2) {
            String answer = response.body();
            String message = "POST " + uri + " answered " + status + ": "
                    + (answer.length() > 500 ? answer.substring(0, 500) + "..." : answer);
            throw status / 100 == 4 && status != 408 && status != 429 ? new Refused(message) : new IOException(message);
        }
    }

    /** A 4xx answer: the server refuses what it was sent, and will again. */
    private static final class Refused extends IOException {
        Refused(String message) {
            super(message);
        }
    }

    /** Loads a version through a reload endpoint; a refusal (an adapter it cannot read, say) is permanent. */
    private void load(URI uri, ObjectNode body, String version)
            throws IOException, InterruptedException, PermanentGenerationException {
        try {
            post(uri, body);
        } catch (Refused e) {
            throw new PermanentGenerationException(
                    "the managed server on device " + device + " refused to load " + version + ": " + e.getMessage(),
                    e);
        }
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private URI expand(String template, String version, Path path) {
        return URI.create(expand(template, version, path, server.port()));
    }

    private String expand(String template, String version, Path path, int port) {
        return template.replace("{model_path}", path == null ? "" : path.toString())
                .replace("{served_name}", version == null ? "" : version)
                .replace("{port}", Integer.toString(port))
                .replace("{device}", device);
    }

    private ServerDiedException died(ServerProcess answering, String version, Exception cause) {
        failures++;
        String message = "the managed server on device " + device + " died while sampling " + version + " ("
                + answering.describeExit() + "); the batch is sent again and the server restarted";
        log.warn("[server {}] {}", device, message);
        stopServer();
        return new ServerDiedException(message, cause);
    }

    private synchronized void stopServer() {
        if (client != null) {
            client.close();
            client = null;
        }
        if (server != null) {
            server.stop(STOP_GRACE);
            server = null;
        }
        serving = null;
        asleep = false;
        adapters.clear();
    }

    @Override
    public int preferredBatchSize() {
        return settings.concurrency();
    }

    @Override
    public String device() {
        return "server-" + device;
    }

    @Override
    public synchronized void close() {
        stopServer();
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to
        }
    }
}
