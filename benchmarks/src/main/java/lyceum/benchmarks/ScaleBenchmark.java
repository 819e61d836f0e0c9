package lyceum.benchmarks;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lyceum.problem.ProblemActor;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.sharding.ShardRegion.CurrentShardRegionState;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingQuery;
import org.apache.pekko.cluster.sharding.typed.GetShardRegionState;

/**
 * Heap per registered problem, and registrations per second, as the number of problems grows. Each
 * size runs on a fresh node (so earlier sizes hold no memory) on the same Cassandra: a warm-up first
 * touches every shard (shard start-up is a one-off cost), then N problems are registered through
 * Cluster Sharding with at most 1,000 awaiting their reply, under the sharding config's passivation
 * strategy (an active-entity limit). Heap is measured after full collections, before and after, once
 * the journal's tag-scanning buffer (pids written in the last flush interval) has been flushed.
 *
 * <p>Measured: heap bytes per problem at the largest size; baseline: at the smallest. A ratio near 1
 * means memory grows linearly with the problems; below 1, passivation caps it. The default sizes are
 * 10k and 100k: a million registrations take 40 minutes or more on two cores (each is an entity
 * recovery of three reads, then a first write), so larger sizes are left to {@link Settings}.
 */
public final class ScaleBenchmark {

    public record Settings(List<Integer> sizes, int warmupProblems, Duration settle) {
        public static Settings defaults() {
            return new Settings(List.of(10_000, 100_000), 5_000, Duration.ofSeconds(65));
        }
    }

    private static final int IN_FLIGHT = 1_000;

    private ScaleBenchmark() {}

    public static BenchResult run() {
        return run(Settings.defaults(), ConfigFactory.empty());
    }

    /** {@code overrides} tops the configuration, e.g. {@code lyceum.home} when not run by the launcher. */
    public static BenchResult run(Settings settings, Config overrides) {
        Progress progress = new Progress("scale");
        try (BenchCassandra cassandra = BenchCassandra.start(overrides, progress)) {
            return run(settings, cassandra, progress);
        }
    }

    static BenchResult run(Settings settings, BenchCassandra cassandra, Progress progress) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int size : settings.sizes()) {
            rows.add(measure(size, settings, cassandra, progress));
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("sizes", rows);
        details.put(
                "active_entity_limit",
                cassandra
                        .config()
                        .getString("pekko.cluster.sharding.passivation.default-strategy.active-entity-limit"));
        details.put("problem_shards", cassandra.config().getInt("lyceum.problems.number-of-shards"));
        details.put("warmup_problems_per_node", settings.warmupProblems());
        details.put("measured_rule", "heap bytes per registered problem at the largest size");
        details.put("baseline_rule", "heap bytes per registered problem at the smallest size");
        Map<String, Object> first = rows.get(0);
        Map<String, Object> last = rows.get(rows.size() - 1);
        return BenchResult.of(
                "scale.memory-per-problem",
                (double) last.get("heap_bytes_per_problem"),
                (double) first.get("heap_bytes_per_problem"),
                "bytes",
                details);
    }

    private static Map<String, Object> measure(
            int size, Settings settings, BenchCassandra cassandra, Progress progress) {
        String experimentId = "scale-" + size;
        try (BenchNode bench = BenchNode.start(cassandra, List.of())) {
            ProblemDriver driver = new ProblemDriver(bench.node().sharding());
            progress.say(
                    "fresh node: registering %d warm-up problems, which start the shards", settings.warmupProblems());
            driver.register(experimentId + "-warmup", settings.warmupProblems(), IN_FLIGHT);
            settle(settings.settle(), progress);
            long heapBefore = HeapGauge.usedAfterGc();
            int activeBefore = activeEntities(bench);

            progress.say("registering %d problems", size);
            PhaseCost cost = PhaseCost.start(cassandra);
            ProblemDriver.Phase phase = driver.register(experimentId, size, IN_FLIGHT);
            Map<String, Object> costs = cost.stop(size, "registration");
            double rate = size / phase.seconds();
            progress.say("%d problems registered in %.1f s = %.0f/s", size, phase.seconds(), rate);

            settle(settings.settle(), progress);
            long heapAfter = HeapGauge.usedAfterGc();
            int active = activeEntities(bench);
            double perProblem = (heapAfter - heapBefore) / (double) size;
            double perActiveEntity = (heapAfter - heapBefore) / (double) (active - activeBefore);
            progress.say(
                    "%d problems: heap %+.1f MB = %.0f bytes per problem; %d entities active",
                    size, (heapAfter - heapBefore) / 1e6, perProblem, active);

            Map<String, Object> row = new LinkedHashMap<>();
            row.put("problems", size);
            row.put("seconds", phase.seconds());
            row.put("registrations_per_second", rate);
            row.put("heap_bytes_before", heapBefore);
            row.put("heap_bytes_after", heapAfter);
            row.put("heap_bytes_per_problem", perProblem);
            row.put("active_entities_before", activeBefore);
            row.put("active_entities", active);
            row.put("shards", shards(bench));
            // differs from the above once passivation has stopped entities (warm-up ones included)
            row.put("heap_bytes_per_added_active_entity", perActiveEntity);
            row.put("costs", costs);
            return row;
        }
    }

    /** Waits out the journal's tag-scanning flush, which holds every recently written pid until then. */
    private static void settle(Duration settle, Progress progress) {
        if (settle.isZero()) {
            return;
        }
        progress.say("waiting %d s for the journal's buffers to flush", settle.toSeconds());
        try {
            Thread.sleep(settle.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static int activeEntities(BenchNode bench) {
        return regionState(bench).getShards().stream()
                .mapToInt(s -> s.getEntityIds().size())
                .sum();
    }

    private static int shards(BenchNode bench) {
        return regionState(bench).getShards().size();
    }

    private static CurrentShardRegionState regionState(BenchNode bench) {
        return AskPattern.<ClusterShardingQuery, CurrentShardRegionState>ask(
                        bench.node().sharding().shardState(),
                        replyTo -> new GetShardRegionState(ProblemActor.ENTITY_KEY, replyTo),
                        Duration.ofSeconds(30),
                        bench.node().system().scheduler())
                .toCompletableFuture()
                .join();
    }
}
