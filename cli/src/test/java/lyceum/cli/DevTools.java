package lyceum.cli;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import lyceum.dashboard.HeadlessChromium;

/**
 * Debian's headless Chromium driven over the DevTools protocol: one page, navigated, asked to evaluate
 * expressions in real time (so a page that polls is seen as it changes), and photographed.
 */
final class DevTools implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Process process;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

    private DevTools(Process process, WebSocket socket) {
        this.process = process;
        this.socket = socket;
    }

    static DevTools start(Path profile) throws Exception {
        Files.createDirectories(profile);
        Process process = new ProcessBuilder(HeadlessChromium.command(
                        "the dashboard",
                        profile,
                        "--window-size=1280,1600",
                        "--remote-debugging-port=0",
                        "--remote-allow-origins=*",
                        "about:blank"))
                .redirectErrorStream(true)
                .redirectOutput(profile.resolveSibling("chromium.log").toFile())
                .start();
        Path portFile = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.isRegularFile(portFile) || Files.readAllLines(portFile).size() < 2) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                process.destroyForcibly();
                fail("Chromium did not open its DevTools port: "
                        + Files.readString(profile.resolveSibling("chromium.log")));
            }
            Thread.sleep(100);
        }
        int port = Integer.parseInt(Files.readAllLines(portFile).get(0).strip());
        HttpClient http = HttpClient.newHttpClient();
        JsonNode targets = MAPPER.readTree(http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body());
        String pageSocket = null;
        for (JsonNode t : targets) {
            if (t.path("type").asText().equals("page")) {
                pageSocket = t.get("webSocketDebuggerUrl").asText();
            }
        }
        if (pageSocket == null) {
            process.destroyForcibly();
            fail("Chromium has no page target: " + targets);
        }
        DevTools[] self = new DevTools[1];
        StringBuilder partial = new StringBuilder();
        WebSocket socket = http.newWebSocketBuilder()
                .buildAsync(URI.create(pageSocket), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            String message = partial.toString();
                            partial.setLength(0);
                            try {
                                JsonNode node = MAPPER.readTree(message);
                                if (node.has("id") && self[0] != null) {
                                    CompletableFuture<JsonNode> f = self[0].pending.remove(
                                            node.get("id").asInt());
                                    if (f != null) {
                                        f.complete(node);
                                    }
                                }
                            } catch (Exception e) {
                                // not a reply
                            }
                        }
                        webSocket.request(1);
                        return null;
                    }
                })
                .get(30, TimeUnit.SECONDS);
        self[0] = new DevTools(process, socket);
        return self[0];
    }

    JsonNode call(String method, Map<String, Object> params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        socket.sendText(MAPPER.writeValueAsString(Map.of("id", id, "method", method, "params", params)), true)
                .get(10, TimeUnit.SECONDS);
        JsonNode node = reply.get(60, TimeUnit.SECONDS);
        if (node.has("error")) {
            throw new IllegalStateException(method + ": " + node.get("error"));
        }
        return node.get("result");
    }

    void navigate(String url) throws Exception {
        call("Page.navigate", Map.of("url", url));
    }

    /** The expression's value as a string; "" for null or undefined. */
    String eval(String expression) throws Exception {
        JsonNode result = call(
                        "Runtime.evaluate",
                        Map.of("expression", expression, "returnByValue", true, "awaitPromise", true))
                .get("result");
        JsonNode value = result.get("value");
        return value == null || value.isNull() ? "" : value.asText();
    }

    /**
     * Clicks the first element the selector finds, once one is there: the page redraws itself as it polls,
     * so an element can be missing for a moment, and a click on nothing would pass unnoticed.
     */
    void click(String selector, Duration timeout, String what) throws Exception {
        String quoted = MAPPER.writeValueAsString(selector);
        waitFor(
                "(() => { const e = document.querySelector(" + quoted
                        + "); if (!e) return ''; e.click(); return 'clicked'; })()",
                timeout,
                what);
    }

    /** Evaluates the expression every 250 ms until it is non-empty; fails naming it after the timeout. */
    String waitFor(String expression, Duration timeout, String what) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> seen = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            String value;
            try {
                value = eval(expression);
            } catch (IllegalStateException e) {
                value = "";
            }
            if (!value.isEmpty()) {
                return value;
            }
            Thread.sleep(250);
        }
        seen.add(eval("location.hash"));
        seen.add(eval("document.getElementById('error')?.innerText || ''"));
        seen.add(eval("document.body ? document.body.innerText.slice(0, 2000) : ''"));
        return fail(
                "waited " + timeout.toSeconds() + " s for " + what + "; the address, error and page said:\n" + seen);
    }

    void screenshot(Path file) throws Exception {
        JsonNode shot = call("Page.captureScreenshot", Map.of("format", "png"));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, Base64.getDecoder().decode(shot.get("data").asText()));
    }

    @Override
    public void close() throws Exception {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // closing anyway
        }
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
