package lyceum.openai;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A deliberately misbehaving completions server for the client's failure paths: it answers the first
 * requests with the given statuses (and a Retry-After), delays answers, then completes with a fixed text.
 */
final class TestDoubleEndpoint implements AutoCloseable {
    static final String TEXT = "2 + 2 = 4\n#### 4";

    private final HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();

    TestDoubleEndpoint(List<Integer> failures, String retryAfter, long delayMillis) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/v1/completions", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                int n = requests.getAndIncrement();
                try {
                    Thread.sleep(delayMillis);
                } catch (InterruptedException e) {
                    return;
                }
                int status = n < failures.size() ? failures.get(n) : 200;
                String body = status == 200
                        ? "{\"id\":\"cmpl-1\",\"object\":\"text_completion\",\"choices\":[{\"index\":0,\"text\":\""
                                + TEXT.replace("\n", "\\n")
                                + "\",\"finish_reason\":\"length\",\"logprobs\":{\"token_logprobs\":[-0.5,-1.5,null]}}],"
                                + "\"usage\":{\"completion_tokens\":3}}"
                        : "{\"error\":{\"message\":\"status " + status + "\"}}";
                if (status != 200 && retryAfter != null) {
                    exchange.getResponseHeaders().set("Retry-After", retryAfter);
                }
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
