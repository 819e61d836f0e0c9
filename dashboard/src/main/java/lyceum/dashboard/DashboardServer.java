package lyceum.dashboard;

import static org.apache.pekko.http.javadsl.server.Directives.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.HttpCookie;
import org.apache.pekko.http.javadsl.model.headers.HttpCookiePair;
import org.apache.pekko.http.javadsl.model.headers.SameSite;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code lyceum ui}: the pages (one HTML page and its script, served from the jar) and the JSON API they
 * poll. Every answer of the API is what a command would print with {@code --json}; an unknown id is 404
 * with a message naming it, a malformed one 400. With a token, every request must carry it: as
 * {@code Authorization: Bearer TOKEN}, or the cookie set by opening {@code /?token=TOKEN} once.
 */
public final class DashboardServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DashboardServer.class);
    static final String COOKIE = "lyceum_ui_token";
    private static final String ASSETS = "lyceum/dashboard/";

    static final ObjectMapper MAPPER =
            new ObjectMapper().findAndRegisterModules().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final DashboardData data;
    private final String token;
    private final ServerBinding binding;
    /** Journal and read-side reads block; they run here, never on the HTTP dispatcher. */
    private final ExecutorService reads = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "lyceum-ui-read");
        t.setDaemon(true);
        return t;
    });

    private DashboardServer(DashboardData data, String token, InetSocketAddress address) throws Exception {
        this.data = data;
        this.token = token;
        ActorSystem<Void> system = data.reader().system();
        this.binding = Http.get(system)
                .newServerAt(address.getHostString(), address.getPort())
                .bind(routes())
                .toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        log.info("Dashboard on {}", binding.localAddress());
    }

    /** Serves {@code data} on {@code address}; {@code token} null means no token. */
    public static DashboardServer start(InetSocketAddress address, DashboardData data, String token) throws Exception {
        return new DashboardServer(data, token, address);
    }

    public int port() {
        return binding.localAddress().getPort();
    }

    Route routes() {
        return authorized(concat(
                pathSingleSlash(() -> get(() -> getFromResource(ASSETS + "index.html", ContentTypes.TEXT_HTML_UTF8))),
                pathPrefix("static", () -> get(() -> getFromResourceDirectory(ASSETS + "static"))),
                pathPrefix("api", this::api),
                complete(StatusCodes.NOT_FOUND, "not found; the dashboard is at /")));
    }

    private Route api() {
        return get(() -> concat(
                path("experiments", () -> json(data::experiments)),
                path(
                        PathMatchers.segment("experiments").slash(PathMatchers.segment()),
                        id -> json(() -> data.experiment(id))),
                path(
                        PathMatchers.segment("experiments")
                                .slash(PathMatchers.segment())
                                .slash("metrics"),
                        id -> json(() -> data.metrics(id))),
                path(
                        PathMatchers.segment("experiments")
                                .slash(PathMatchers.segment())
                                .slash("problems"),
                        id -> parameter(
                                "iteration",
                                iteration -> parameterOptional(
                                        "filter",
                                        filter -> json(() -> data.problems(
                                                id, integer("iteration", iteration), filter.orElse("all")))))),
                path(
                        "history",
                        () -> parameter(
                                "experiment",
                                id -> parameter("problem", problem -> json(() -> data.history(id, problem))))),
                path("audit", () -> parameter("sample", sample -> json(() -> data.audit(sample)))),
                path(
                        "export",
                        () -> parameter(
                                "experiment",
                                id -> parameter(
                                        "iteration",
                                        iteration -> parameter(
                                                "format",
                                                format -> json(() ->
                                                        data.export(id, integer("iteration", iteration), format)))))),
                path("diff", () -> parameter("a", a -> parameter("b", b -> json(() -> data.diff(a, b))))),
                complete(StatusCodes.NOT_FOUND, "no such API path")));
    }

    private static int integer(String name, String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer, not '" + text + "'");
        }
    }

    /** A blocking read as a JSON answer; a NotFound is 404, a bad parameter 400, both with the message. */
    private Route json(Callable value) {
        CompletionStage<HttpResponse> answer = CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return respond(StatusCodes.OK, value.call());
                    } catch (DashboardData.NotFound e) {
                        return respond(StatusCodes.NOT_FOUND, Map.of("error", e.getMessage()));
                    } catch (IllegalArgumentException e) {
                        return respond(StatusCodes.BAD_REQUEST, Map.of("error", e.getMessage()));
                    } catch (Exception e) {
                        log.warn("Dashboard read failed", e);
                        return respond(
                                StatusCodes.INTERNAL_SERVER_ERROR, Map.of("error", String.valueOf(e.getMessage())));
                    }
                },
                reads);
        return completeWithFuture(answer);
    }

    /** A read that may throw. */
    @FunctionalInterface
    interface Callable {
        Object call() throws Exception;
    }

    private static HttpResponse respond(org.apache.pekko.http.javadsl.model.StatusCode status, Object body) {
        try {
            return HttpResponse.create()
                    .withStatus(status)
                    .withEntity(ContentTypes.APPLICATION_JSON, MAPPER.writeValueAsBytes(body));
        } catch (Exception e) {
            return HttpResponse.create()
                    .withStatus(StatusCodes.INTERNAL_SERVER_ERROR)
                    .withEntity(ContentTypes.APPLICATION_JSON, "{\"error\":\"cannot write JSON\"}");
        }
    }

    /** Lets a request through when no token is set or it carries the token; else 401. */
    private Route authorized(Route inner) {
        if (token == null) {
            return inner;
        }
        return optionalHeaderValueByName(
                "Authorization",
                header -> optionalCookie(
                        COOKIE,
                        cookie -> parameterOptional("token", query -> {
                            if (matches(header.filter(h -> h.startsWith("Bearer "))
                                            .map(h -> h.substring(7).strip()))
                                    || matches(cookie.map(HttpCookiePair::value))) {
                                return inner;
                            }
                            if (matches(query)) {
                                // Opened once with the token: a cookie carries it from then on, and the address bar
                                // loses it.
                                return setCookie(
                                        HttpCookie.create(COOKIE, token)
                                                .withPath("/")
                                                .withHttpOnly(true)
                                                .withSameSite(SameSite.Strict),
                                        () -> redirect(
                                                org.apache.pekko.http.javadsl.model.Uri.create("/"),
                                                StatusCodes.SEE_OTHER));
                            }
                            return complete(HttpResponse.create()
                                    .withStatus(StatusCodes.UNAUTHORIZED)
                                    .withEntity(
                                            ContentTypes.TEXT_PLAIN_UTF8,
                                            "401: this dashboard needs its token: open /?token=TOKEN"
                                                    + " once in the browser, or send Authorization: Bearer TOKEN"));
                        })));
    }

    private boolean matches(Optional<String> given) {
        return given.isPresent()
                && MessageDigest.isEqual(
                        given.get().getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        try {
            binding.terminate(Duration.ofSeconds(5)).toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.debug("Dashboard unbinding", e);
        }
        reads.shutdownNow();
    }
}
