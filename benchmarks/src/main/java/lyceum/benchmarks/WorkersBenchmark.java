package lyceum.benchmarks;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lyceum.config.ActorSystems;
import lyceum.workers.GenerationPool;
import lyceum.workers.GenerationSettings;
import lyceum.workers.GenerationWorker;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The share of generation workers' time spent generating, through the real {@link GenerationPool} and
 * {@link GenerationWorker}s (found through the Receptionist), with devices of fixed latency
 * ({@link FixedLatencyGenerator}) and request sources that keep four times what the workers can hold
 * outstanding. Per worker count: the workers' summed busy time over a steady window (after a warm-up),
 * divided by workers × window; and completed requests per second against what the devices could do.
 *
 * <p>Measured: the lowest busy share across the worker counts. Baseline: 1.0, every worker always busy.
 */
public final class WorkersBenchmark {

    public record Settings(
            List<Integer> workerCounts, Duration perBatch, Duration perRequest, Duration warmup, Duration window) {
        public static Settings defaults() {
            return new Settings(
                    List.of(1, 4, 16),
                    Duration.ofMillis(20),
                    Duration.ofNanos(200_000),
                    Duration.ofSeconds(2),
                    Duration.ofSeconds(6));
        }
    }

    private static final int REQUESTS_PER_SOURCE = 64;
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(10);

    private WorkersBenchmark() {}

    public static BenchResult run() {
        return run(Settings.defaults(), ConfigFactory.empty());
    }

    /** {@code overrides} tops the configuration (the actor system runs local, without Cassandra). */
    public static BenchResult run(Settings settings, Config overrides) {
        Progress progress = new Progress("workers");
        Config config = BenchNode.localConfig(overrides);
        GenerationPool.Settings pool = GenerationSettings.fromConfig(config).pool();
        List<Map<String, Object>> rows = new ArrayList<>();
        double lowest = Double.MAX_VALUE;
        for (int workers : settings.workerCounts()) {
            Map<String, Object> row = measure(workers, settings, pool, config, progress);
            rows.add(row);
            lowest = Math.min(lowest, (double) row.get("busy_share"));
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("sizes", rows);
        details.put("batch_size", pool.batchSize());
        details.put("batches_per_worker", pool.batchesPerWorker());
        details.put("device_ms_per_batch", settings.perBatch().toNanos() / 1e6);
        details.put("device_ms_per_request", settings.perRequest().toNanos() / 1e6);
        details.put("window_seconds", settings.window().toMillis() / 1000.0);
        details.put("measured_rule", "lowest busy share across the worker counts");
        details.put("baseline_rule", "1.0: every worker generating all the time");
        return BenchResult.of("workers.busy-share", lowest, 1.0, "share", details);
    }

    private static Map<String, Object> measure(
            int workers, Settings settings, GenerationPool.Settings poolSettings, Config config, Progress progress) {
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "workers-bench", config);
        try {
            for (int i = 0; i < workers; i++) {
                system.systemActorOf(
                        GenerationWorker.create(
                                new FixedLatencyGenerator(settings.perBatch(), settings.perRequest()), "bench"),
                        "worker-" + i,
                        Props.empty());
            }
            ActorRef<GenerationPool.Command> pool =
                    system.systemActorOf(GenerationPool.create(poolSettings), "generation-pool", Props.empty());
            int outstanding = Math.max(256, 4 * workers * poolSettings.batchesPerWorker() * poolSettings.batchSize());
            for (int s = 0; s < outstanding / REQUESTS_PER_SOURCE; s++) {
                system.systemActorOf(
                        RequestSource.create("source-" + s, REQUESTS_PER_SOURCE, pool), "source-" + s, Props.empty());
            }

            Pause.sleep(settings.warmup(), "warming up the workers");
            GenerationPool.Stats first = stats(system, pool);
            long start = System.nanoTime();
            Pause.sleep(settings.window(), "measuring the workers");
            GenerationPool.Stats last = stats(system, pool);
            double seconds = (System.nanoTime() - start) / 1e9;
            if (last.workers() != workers) {
                throw new IllegalStateException("the pool knew " + last.workers() + " of " + workers + " workers");
            }

            double busySeconds = (last.busyNanos() - first.busyNanos()) / 1e9;
            double busyShare = busySeconds / (workers * seconds);
            long completed = last.completedRequests() - first.completedRequests();
            double throughput = completed / seconds;
            // requests stay queued throughout, so every batch is full
            double batches = completed / (double) poolSettings.batchSize();
            double batchSeconds = (settings.perBatch().toNanos()
                            + poolSettings.batchSize() * settings.perRequest().toNanos())
                    / 1e9;
            double ideal = workers * poolSettings.batchSize() / batchSeconds;
            progress.say(
                    "%2d workers: busy %.3f of the time, %.0f requests/s (%.3f of the devices' %.0f/s), %d queued",
                    workers, busyShare, throughput, throughput / ideal, ideal, last.queued());

            Map<String, Object> row = new LinkedHashMap<>();
            row.put("workers", workers);
            row.put("busy_share", busyShare);
            row.put("requests_per_second", throughput);
            row.put("ideal_requests_per_second", ideal);
            row.put("throughput_share", throughput / ideal);
            // a device's time per batch (the fixture's nominal time plus its timer's overshoot) and the gap
            // between one batch's end and the next one's start
            row.put("busy_ms_per_batch", 1000 * busySeconds / batches);
            row.put("idle_ms_per_batch", 1000 * (workers * seconds - busySeconds) / batches);
            row.put("outstanding_requests", outstanding);
            row.put("queued_at_end", last.queued());
            return row;
        } finally {
            ActorSystems.terminate(system);
        }
    }

    private static GenerationPool.Stats stats(ActorSystem<Void> system, ActorRef<GenerationPool.Command> pool) {
        return AskPattern.<GenerationPool.Command, GenerationPool.Stats>ask(
                        pool, GenerationPool.GetStats::new, ASK_TIMEOUT, system.scheduler())
                .toCompletableFuture()
                .join();
    }
}
