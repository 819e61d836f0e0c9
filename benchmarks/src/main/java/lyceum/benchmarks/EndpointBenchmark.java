package lyceum.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import lyceum.config.ActorSystems;
import lyceum.engine.GenerationRequest;
import lyceum.engine.ModelRef;
import lyceum.engine.OpenAiEndpoint;
import lyceum.engine.SamplingParams;
import lyceum.openai.OpenAiClients;
import lyceum.workers.GenerationPool;
import lyceum.workers.GenerationSettings;
import lyceum.workers.GenerationWorker;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Samples per second of a whole sampling phase through the openai backend, against a server that
 * answers at once ({@link InstantCompletionServer}): every request of the phase is given to the real
 * {@link GenerationPool} at once (as problem entities do), which batches them to a real
 * {@link GenerationWorker} whose node client ({@link OpenAiClients}) keeps {@code concurrency} requests
 * in flight. Baseline: a plain {@link HttpClient} sending the same request bodies to the same server
 * with the same number in flight, in the same run, the faster of two ways: asynchronous
 * ({@code sendAsync} chains) and blocking ({@code send} on as many threads; measured here, on a loaded
 * 2-core machine, 2 to 3 times the asynchronous rate). They alternate, three rounds each, and each
 * side's median counts.
 *
 * <p>Measured: the openai path's samples per second at the endpoint's default concurrency. Baseline:
 * the faster plain client's. Ratio 1.0 means Lyceum adds nothing in front of a fast server.
 */
public final class EndpointBenchmark {

    public record Settings(int requests, int warmupRequests, List<Integer> concurrencies, int rounds) {
        public static Settings defaults() {
            // 8 is experiment.model.concurrency's default; 32 a busier server's
            return new Settings(4000, 1000, List.of(8, 32), 3);
        }
    }

    private static final String MODEL = "bench-model";
    private static final String PROMPT = SyntheticProblems.QUESTION + "\n";
    private static final SamplingParams PARAMS = new SamplingParams(0.7, 0.95, 256, 1);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PHASE_TIMEOUT = Duration.ofMinutes(5);

    private EndpointBenchmark() {}

    public static BenchResult run() {
        return run(Settings.defaults(), ConfigFactory.empty());
    }

    /** {@code overrides} tops the configuration (the actor system runs local, without Cassandra). */
    public static BenchResult run(Settings settings, Config overrides) {
        Progress progress = new Progress("endpoint");
        Config config = BenchNode.localConfig(overrides);
        GenerationPool.Settings pool = GenerationSettings.fromConfig(config).pool();
        List<Map<String, Object>> rows = new ArrayList<>();
        long answered;
        try (InstantCompletionServer server = new InstantCompletionServer(8)) {
            for (int concurrency : settings.concurrencies()) {
                rows.add(measure(server, concurrency, settings, pool, config, progress));
            }
            answered = server.answered();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the benchmark's completions server", e);
        }
        Map<String, Object> first = rows.get(0);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("concurrency", first.get("concurrency"));
        details.put("sizes", rows);
        details.put("requests_per_phase", settings.requests());
        details.put("rounds", settings.rounds());
        details.put("pool_batch_size", pool.batchSize());
        details.put("pool_batches_per_worker", pool.batchesPerWorker());
        // each path sends every request once: 3 × (warm-up + rounds × requests) per concurrency
        details.put("server_answered", answered);
        details.put("cpus", Runtime.getRuntime().availableProcessors());
        details.put(
                "load_average",
                java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                        .getSystemLoadAverage());
        details.put(
                "measured_rule",
                "median samples/s of a sampling phase through GenerationPool, GenerationWorker and the openai client");
        details.put(
                "baseline_rule",
                "median per round of the faster of java.net.http sendAsync (as many chains as requests in flight) and send (as many threads), the same bodies");
        return BenchResult.of(
                "endpoint.samples-per-second",
                (double) first.get("openai_samples_per_second"),
                (double) first.get("plain_samples_per_second"),
                "samples/s",
                details);
    }

    private static Map<String, Object> measure(
            InstantCompletionServer server,
            int concurrency,
            Settings settings,
            GenerationPool.Settings poolSettings,
            Config config,
            Progress progress) {
        OpenAiEndpoint endpoint = new OpenAiEndpoint(server.url(), MODEL, concurrency, Duration.ofSeconds(30), 0, "");
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "endpoint-bench", config);
        OpenAiClients clients = new OpenAiClients();
        HttpClient plain =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        try {
            system.systemActorOf(
                    GenerationWorker.create(new InstantGenerator(), clients, "bench"), "worker", Props.empty());
            ActorRef<GenerationPool.Command> pool =
                    system.systemActorOf(GenerationPool.create(poolSettings), "generation-pool", Props.empty());
            ModelRef model = new ModelRef(MODEL, endpoint);
            // warm up both paths (JIT, connections, the worker's registration with the pool)
            phase(system, pool, model, "warmup-" + concurrency, settings.warmupRequests());
            plainPhase(plain, server.url(), concurrency, "warmup-" + concurrency, settings.warmupRequests());
            blockingPhase(plain, server.url(), concurrency, "warmup-" + concurrency, settings.warmupRequests());
            List<Double> openai = new ArrayList<>();
            List<Double> async = new ArrayList<>();
            List<Double> blocking = new ArrayList<>();
            List<Double> baseline = new ArrayList<>();
            for (int round = 0; round < settings.rounds(); round++) {
                String prefix = "c" + concurrency + "-r" + round;
                async.add(plainPhase(plain, server.url(), concurrency, prefix, settings.requests()));
                openai.add(phase(system, pool, model, prefix, settings.requests()));
                blocking.add(blockingPhase(plain, server.url(), concurrency, prefix, settings.requests()));
                baseline.add(Math.max(async.get(round), blocking.get(round)));
                progress.say(
                        "concurrency %d round %d: openai path %.0f samples/s; plain client async %.0f, blocking %.0f (%.3f)",
                        concurrency,
                        round,
                        openai.get(round),
                        async.get(round),
                        blocking.get(round),
                        openai.get(round) / baseline.get(round));
            }
            double measured = median(openai);
            double base = median(baseline);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("concurrency", concurrency);
            row.put("openai_samples_per_second", measured);
            row.put("plain_samples_per_second", base);
            row.put("ratio", measured / base);
            row.put("openai_rounds", openai);
            row.put("plain_rounds", baseline);
            row.put("plain_async_rounds", async);
            row.put("plain_blocking_rounds", blocking);
            return row;
        } finally {
            clients.close();
            ActorSystems.terminate(system);
        }
    }

    /** One sampling phase through the pool: every request given at once; samples per second until the last answer. */
    private static double phase(
            ActorSystem<Void> system,
            ActorRef<GenerationPool.Command> pool,
            ModelRef model,
            String prefix,
            int requests) {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        AtomicInteger failed = new AtomicInteger();
        long start = System.nanoTime();
        system.systemActorOf(
                Behaviors.<GenerationPool.Reply>setup(context -> {
                    for (int i = 0; i < requests; i++) {
                        pool.tell(new GenerationPool.Generate(model, request(prefix + "-" + i), context.getSelf()));
                    }
                    int[] answered = {0};
                    return Behaviors.receive(GenerationPool.Reply.class)
                            .onAnyMessage(reply -> {
                                if (reply instanceof GenerationPool.GenerationFailed) {
                                    failed.incrementAndGet();
                                }
                                if (++answered[0] == requests) {
                                    done.complete(answered[0]);
                                    return Behaviors.stopped();
                                }
                                return Behaviors.same();
                            })
                            .build();
                }),
                "phase-" + prefix,
                Props.empty());
        await(done, "the openai path's phase " + prefix);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " of " + requests + " requests failed in phase " + prefix);
        }
        return requests / seconds;
    }

    /**
     * The same requests with a plain asynchronous client: {@code concurrency} chains, each sending its
     * next request from the completion of its last, so no thread waits to hand out work.
     */
    private static double plainPhase(HttpClient http, String url, int concurrency, String prefix, int requests) {
        URI completions = URI.create(url + "/v1/completions");
        AtomicInteger next = new AtomicInteger();
        AtomicInteger answered = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        CompletableFuture<Void> done = new CompletableFuture<>();
        long start = System.nanoTime();
        Runnable[] chain = new Runnable[1];
        chain[0] = () -> {
            int i = next.getAndIncrement();
            if (i >= requests) {
                return;
            }
            HttpRequest request = plainRequest(completions, prefix + "-plain-" + i);
            http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
                if (error != null || !isAnswer(response)) {
                    failed.incrementAndGet();
                }
                if (answered.incrementAndGet() == requests) {
                    done.complete(null);
                } else {
                    chain[0].run();
                }
            });
        };
        for (int c = 0; c < concurrency; c++) {
            chain[0].run();
        }
        await(done, "the plain client's phase " + prefix);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (failed.get() > 0) {
            throw new IllegalStateException(
                    failed.get() + " of " + requests + " plain requests failed in phase " + prefix);
        }
        return requests / seconds;
    }

    /** One completion request as the plain client sends it. */
    private static HttpRequest plainRequest(URI completions, String requestId) {
        return HttpRequest.newBuilder(completions)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body(request(requestId))))
                .build();
    }

    /** Whether a response answers, read as the openai path reads it, so both pay for the JSON. */
    private static boolean isAnswer(HttpResponse<String> response) {
        try {
            return response.statusCode() == 200
                    && JSON.readTree(response.body())
                            .path("choices")
                            .path(0)
                            .path("text")
                            .isTextual();
        } catch (IOException e) {
            return false;
        }
    }

    /** The same requests sent with {@code send} from {@code concurrency} threads, each taking the next. */
    private static double blockingPhase(HttpClient http, String url, int concurrency, String prefix, int requests) {
        URI completions = URI.create(url + "/v1/completions");
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < concurrency; c++) {
            Thread thread = new Thread(
                    () -> {
                        for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                            try {
                                HttpResponse<String> response = http.send(
                                        plainRequest(completions, prefix + "-blocking-" + i),
                                        HttpResponse.BodyHandlers.ofString());
                                if (!isAnswer(response)) {
                                    failed.incrementAndGet();
                                }
                            } catch (IOException e) {
                                failed.incrementAndGet();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                                return;
                            }
                        }
                    },
                    "plain-blocking-" + c);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            try {
                thread.join(PHASE_TIMEOUT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (failed.get() > 0 || next.get() < requests) {
            throw new IllegalStateException(
                    failed.get() + " of " + requests + " blocking requests failed in phase " + prefix);
        }
        return requests / seconds;
    }

    private static GenerationRequest request(String id) {
        return new GenerationRequest(
                id, PROMPT, new SamplingParams(PARAMS.temperature(), PARAMS.topP(), PARAMS.maxTokens(), id.hashCode()));
    }

    /** The body the openai client sends once the server has shown it gives mean_logprob. */
    private static byte[] body(GenerationRequest request) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", MODEL);
        body.put("prompt", request.prompt());
        body.put("max_tokens", request.params().maxTokens());
        body.put("temperature", request.params().temperature());
        body.put("top_p", request.params().topP());
        body.put("seed", request.params().seed());
        body.put("n", 1);
        try {
            return JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void await(CompletableFuture<?> future, String what) {
        try {
            future.get(PHASE_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(what + " did not complete within " + PHASE_TIMEOUT + ": " + e, e);
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
