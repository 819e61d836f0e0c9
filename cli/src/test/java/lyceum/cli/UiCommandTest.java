package lyceum.cli;

import static lyceum.cli.CommandLineRun.lyceum;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import lyceum.cli.CommandLineRun.Outcome;
import lyceum.config.LyceumConfig;
import lyceum.dashboard.DashboardData;
import lyceum.dashboard.DashboardServer;
import lyceum.experiment.ExperimentActor;
import lyceum.experiment.config.ExperimentConfigLoader;
import lyceum.tracking.TfEventsReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard against a real experiment running on a real node (real model, Cassandra 5), seen by a real
 * headless Chromium: the experiment appears and changes without a reload, charts are drawn, and a click
 * leads from an iteration's figures to its problems, a problem's history and a sample's audit. The API
 * is also asked directly, with and without its token.
 */
@TestMethodOrder(OrderAnnotation.class)
class UiCommandTest {

    private static final String TOKEN = "ui-test-" + UUID.randomUUID();
    private static final Duration RUN = Duration.ofMinutes(8);

    @TempDir
    static Path dir;

    static Config config;
    static LocalNode node;
    static DashboardData data;
    static DashboardServer server;
    static DevTools browser;
    static String id;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startNodeExperimentAndDashboard() throws Exception {
        Path file = SharedCassandraNode.writeConfig(dir, "node.conf", "coordinator", "gpu");
        config = LyceumConfig.load(Optional.of(file), ConfigFactory.empty());
        node = LocalNode.start(config, System.err);
        data = DashboardData.open(config);
        server = DashboardServer.start(new InetSocketAddress("127.0.0.1", 0), data, TOKEN);
        browser = DevTools.start(dir.resolve("chromium-profile"));
        id = "ui-" + UUID.randomUUID().toString().substring(0, 8);
        var reply = node.node()
                .startExperiment(id, ExperimentConfigLoader.parse(TinyExperiment.config("ui-test", 64)), "test")
                .toCompletableFuture()
                .get(60, TimeUnit.SECONDS);
        assertThat(reply).isEqualTo(new ExperimentActor.Started(id));
    }

    @AfterAll
    static void stopAll() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
        if (data != null) {
            data.close();
        }
        if (node != null) {
            node.close();
        }
    }

    private static String base() {
        return "http://127.0.0.1:" + server.port();
    }

    private static HttpResponse<String> get(String path, String bearer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Order(1)
    void theBrowserSeesTheExperimentAppearAndChangeWithoutAReload() throws Exception {
        browser.navigate(base() + "/?token=" + TOKEN);
        String row = "document.querySelector('tr[data-experiment=\"" + id + "\"]')";
        String first = browser.waitFor(row + "?.innerText", Duration.ofSeconds(60), "the experiment in the list");
        browser.eval("window.loadedOnce = 'yes'");

        String changed = browser.waitFor(
                "(" + row + "?.innerText !== " + Json.MAPPER.writeValueAsString(first) + ") ? " + row
                        + ".innerText : ''",
                RUN,
                "the experiment's row to change");

        assertThat(changed).isNotEqualTo(first);
        assertThat(browser.eval("window.loadedOnce"))
                .as("the page was not reloaded")
                .isEqualTo("yes");
        assertThat(browser.eval("location.search"))
                .as("the token left the address bar")
                .isEmpty();
    }

    @Test
    @Order(2)
    void theExperimentPageDrawsChartsAndLeadsFromAFigureToASampleAudit() throws Exception {
        browser.navigate(base() + "/#/experiment/" + id);
        browser.waitFor(
                "document.querySelector('[data-experiment] .state-finished') ? 'done' : ''",
                RUN,
                "the experiment to finish on its page");
        String lines = browser.waitFor(
                "[...document.querySelectorAll('#metric-charts polyline.series')]"
                        + ".filter(p => p.getAttribute('points').split(' ').length >= 2).length || ''",
                Duration.ofSeconds(60),
                "a drawn line chart");
        assertThat(Integer.parseInt(lines)).isGreaterThan(3);
        // Until the projections store the last iteration's metrics, the page shows those computed from the
        // read side so far, which may not have every sample yet (a coverage figure): it updates as they come.
        assertThat(browser.waitFor(
                        "document.querySelector('figure[data-metric=coverage] svg') ? 'yes' : ''",
                        Duration.ofSeconds(60),
                        "the coverage chart"))
                .isEqualTo("yes");
        browser.screenshot(Path.of("target", "dashboard-screenshot.png"));

        // The hardest bucket always has problems; whether any of them stayed uncovered depends on the samples.
        browser.click(
                "tr[data-iteration=\"1\"] a[href$=\"/hardest\"]",
                Duration.ofSeconds(60),
                "iteration 1's hardest-bucket link");
        browser.waitFor(
                "document.querySelector('#problems a')?.innerText",
                Duration.ofSeconds(60),
                "the hardest bucket's problems");
        JsonNode hardest = Json.MAPPER
                .readTree(get("/api/experiments/" + id + "/problems?iteration=1&filter=hardest", TOKEN)
                        .body())
                .get("problems");
        JsonNode hardestUncovered = Json.MAPPER
                .readTree(get("/api/experiments/" + id + "/problems?iteration=1&filter=hardest-uncovered", TOKEN)
                        .body())
                .get("problems");
        List<String> expectedUncovered = new ArrayList<>();
        hardest.forEach(p -> {
            if (p.get("correctAllRounds").asInt() == 0) {
                expectedUncovered.add(p.get("problemId").asText());
            }
        });
        List<String> uncovered = new ArrayList<>();
        hardestUncovered.forEach(p -> uncovered.add(p.get("problemId").asText()));
        assertThat(hardest.size()).isPositive();
        assertThat(uncovered).isEqualTo(expectedUncovered);
        browser.click("#problems a", Duration.ofSeconds(10), "a problem's link");
        browser.waitFor(
                "document.querySelector('#history tr[data-type=Sampled] a')?.innerText",
                Duration.ofSeconds(60),
                "a problem history with a sample");
        browser.click("#history tr[data-type=Sampled] a", Duration.ofSeconds(10), "a sample's link");
        String decision =
                browser.waitFor("document.querySelector('#decision')?.innerText", Duration.ofSeconds(60), "the audit");
        String rule = browser.waitFor(
                "document.querySelector('#reasons td.rule')?.innerText", Duration.ofSeconds(10), "a rule");

        assertThat(decision).isIn("accepted", "rejected");
        JsonNode audit = Json.MAPPER.readTree(get(
                        "/api/audit?sample="
                                + java.net.URLEncoder.encode(
                                        browser.eval("decodeURIComponent(location.hash.slice('#/audit/'.length))"),
                                        java.nio.charset.StandardCharsets.UTF_8),
                        TOKEN)
                .body());
        assertThat(audit.get("decision").asText()).isEqualTo(decision);
        assertThat(audit.get("reasons").get(0).get("rule").asText()).isEqualTo(rule);
    }

    @Test
    @Order(3)
    void anUnknownIdGivesAPageSayingSo() throws Exception {
        browser.navigate(base() + "/#/audit/" + id + "~no-such-problem~1~0~0");
        String error = browser.waitFor(
                "document.querySelector('#error:not([hidden])')?.innerText", Duration.ofSeconds(30), "the error");
        assertThat(error).isEqualTo("no problem 'no-such-problem' in experiment '" + id + "'");
    }

    @Test
    @Order(4)
    void theApiAnswersAsTheCommandsDoAndOnlyWithTheToken() throws Exception {
        assertThat(get("/api/experiments", null).statusCode()).isEqualTo(401);
        assertThat(get("/api/experiments", "wrong").statusCode()).isEqualTo(401);
        assertThat(get("/", null).statusCode()).isEqualTo(401);
        assertThat(get("/static/app.js", null).statusCode()).isEqualTo(401);
        HttpResponse<String> login = get("/?token=" + TOKEN, null);
        assertThat(login.statusCode()).isEqualTo(303);
        assertThat(login.headers().firstValue("Set-Cookie")).get().asString().contains("HttpOnly");

        HttpResponse<String> list = get("/api/experiments", TOKEN);
        assertThat(list.statusCode()).isEqualTo(200);
        Outcome status =
                lyceum("status", "--json", "--config", dir.resolve("node.conf").toString());
        JsonNode fromCommand = null;
        for (JsonNode e : Json.MAPPER.readTree(status.out()).get("experiments")) {
            if (e.get("id").asText().equals(id)) {
                fromCommand = e;
            }
        }
        JsonNode fromApi = null;
        for (JsonNode e : Json.MAPPER.readTree(list.body())) {
            if (e.get("id").asText().equals(id)) {
                fromApi = e;
            }
        }
        assertThat(fromApi).isEqualTo(fromCommand).isNotNull();

        JsonNode metrics = Json.MAPPER.readTree(
                get("/api/experiments/" + id + "/metrics", TOKEN).body());
        Outcome command = lyceum(
                "metrics", id, "--json", "--config", dir.resolve("node.conf").toString());
        assertThat(metrics.get("iterations"))
                .isEqualTo(Json.MAPPER.readTree(command.out()).get("iterations"));
        assertThat(metrics.get("scalars").get("1").get("coverage").asDouble())
                .isEqualTo(metrics.get("iterations").get(1).get("coverage").asDouble());

        HttpResponse<String> unknown = get("/api/experiments/no-such-experiment/metrics", TOKEN);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(Json.MAPPER.readTree(unknown.body()).get("error").asText())
                .isEqualTo("no experiment 'no-such-experiment' in the journal");
        HttpResponse<String> malformed = get("/api/audit?sample=not-a-sample", TOKEN);
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(malformed.body()).get("error").asText())
                .isEqualTo("not a sample id (experiment~problem~iteration~round~index): not-a-sample");
        HttpResponse<String> badFilter = get("/api/experiments/" + id + "/problems?iteration=1&filter=easy", TOKEN);
        assertThat(badFilter.statusCode()).isEqualTo(400);

        JsonNode problems =
                Json.MAPPER.readTree(get("/api/experiments/" + id + "/problems?iteration=1&filter=all", TOKEN)
                        .body());
        JsonNode uncovered =
                Json.MAPPER.readTree(get("/api/experiments/" + id + "/problems?iteration=1&filter=uncovered", TOKEN)
                        .body());
        assertThat(problems.get("problems").size())
                .isEqualTo(metrics.get("iterations").get(1).get("problems").asInt());
        long expectedUncovered = 0;
        for (JsonNode p : problems.get("problems")) {
            expectedUncovered += p.get("correctAllRounds").asInt() == 0 ? 1 : 0;
        }
        assertThat(uncovered.get("problems").size()).isEqualTo(expectedUncovered);

        JsonNode diff = Json.MAPPER.readTree(
                get("/api/diff?a=" + id + "&b=" + id, TOKEN).body());
        assertThat(diff.get("iterations")).isNotEmpty();
        for (JsonNode iteration : diff.get("iterations")) {
            for (JsonNode figure : iteration.get("metrics")) {
                assertThat(figure.get("delta").isNull() || figure.get("delta").asDouble() == 0.0)
                        .as(figure.toString())
                        .isTrue();
            }
        }

        JsonNode export = Json.MAPPER.readTree(get("/api/export?experiment=" + id + "&iteration=1&format=alpaca", TOKEN)
                .body());
        Path exported = dir.resolve("export.jsonl");
        lyceum(
                "export",
                id,
                "--iteration",
                "1",
                "--format",
                "alpaca",
                "--out",
                exported.toString(),
                "--config",
                dir.resolve("node.conf").toString());
        assertThat(export.get("records").size())
                .isEqualTo(Files.readAllLines(exported).size());

        // replay recomputes from the journal what the read side stored, and finds nothing different
        JsonNode replayed = Json.MAPPER.readTree(lyceum(
                        "replay",
                        id,
                        "--json",
                        "--config",
                        dir.resolve("node.conf").toString())
                .out());
        assertThat(replayed.get("iterations")).isEqualTo(metrics.get("iterations"));
        assertThat(replayed.get("differences").get("compared_iterations"))
                .hasSize(metrics.get("iterations").size());
        assertThat(replayed.get("differences").get("metrics")).isEmpty();
    }

    /** {@code lyceum export-metrics} of this experiment in {@code format}, into {@code out} under the test folder. */
    private static Outcome exportMetrics(String format, String out) {
        return lyceum(
                "export-metrics",
                id,
                "--format",
                format,
                "--out",
                dir.resolve(out).toString(),
                "--config",
                dir.resolve("node.conf").toString());
    }

    @Test
    @Order(5)
    void theRunLeftATensorBoardFileAndExportsMetricsForTrackers() throws Exception {
        JsonNode scalars = Json.MAPPER
                .readTree(get("/api/experiments/" + id + "/metrics", TOKEN).body())
                .get("scalars");
        Path live = dir.resolve("data")
                .resolve("tracking")
                .resolve(id)
                .resolve("tensorboard")
                .resolve(lyceum.tracking.TensorBoardFiles.FILE);
        List<TfEventsReader.Event> events = TfEventsReader.read(Files.readAllBytes(live));
        assertThat(events.get(0).fileVersion()).isEqualTo("brain.Event:2");
        assertThat(events.subList(1, events.size()).stream()
                        .map(TfEventsReader.Event::step)
                        .toList())
                .containsExactly(0L, 1L);
        assertThat(events.get(2).values().get("coverage"))
                .isEqualTo((float) scalars.get("1").get("coverage").asDouble());

        Outcome tensorboard = exportMetrics("tensorboard", "tb");
        Outcome mlflow = exportMetrics("mlflow", "mlruns");
        Outcome wrong = exportMetrics("wandb", "x");

        assertThat(tensorboard.exitCode()).as(tensorboard.everything()).isZero();
        assertThat(TfEventsReader.read(
                                Files.readAllBytes(Path.of(tensorboard.out().strip())))
                        .get(2)
                        .values())
                .isEqualTo(events.get(2).values());
        assertThat(mlflow.exitCode()).as(mlflow.everything()).isZero();
        Path run = Path.of(mlflow.out().strip());
        assertThat(Files.readString(run.resolve("params").resolve("strategy.sampleNum")))
                .isEqualTo("2");
        assertThat(Files.readString(run.resolve("tags").resolve("lyceum.config_hash")))
                .isNotBlank();
        assertThat(Files.readAllLines(run.resolve("metrics").resolve("accepted")))
                .hasSize(2)
                .allMatch(line -> line.matches("\\d+ \\S+ [01]"));
        assertThat(wrong.exitCode()).isEqualTo(1);
        assertThat(wrong.lastError()).isEqualTo("lyceum export-metrics: --format wandb: use mlflow or tensorboard");
    }

    @Test
    @Order(6)
    void uiRefusesATokenVariableThatIsNotSet() {
        Outcome o = lyceum(
                "ui",
                "--token-env",
                "LYCEUM_UI_TEST_UNSET_VARIABLE",
                "--config",
                dir.resolve("node.conf").toString());
        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.lastError())
                .isEqualTo(
                        "lyceum ui: --token-env LYCEUM_UI_TEST_UNSET_VARIABLE: that environment variable is not set");
    }
}
