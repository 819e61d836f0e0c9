package lyceum.benchmarks;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lyceum.problem.ProblemActor;
import lyceum.problem.ProblemSharding;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.sharding.ShardRegion.CurrentShardRegionState;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingQuery;
import org.apache.pekko.cluster.sharding.typed.GetShardRegionState;

/**
 * Problems brought into the journal per second, heap per problem and journal events per second as the
 * number of problems grows. Each size runs on a fresh node (so earlier sizes hold no memory) on the same
 * Cassandra: a warm-up first touches every shard (shard start-up is a one-off cost), then N problems
 * get their first command through Cluster Sharding, with at most 1,000 awaiting their reply, under the
 * sharding config's passivation strategy (an active-entity limit).
 *
 * <p>Measured: as the coordinator does it, the first command of each problem is its first sampling
 * (one sample, {@link InstantGenerator}) and carries the problem's registration, which the problem
 * journals before sampling: problems per second, first command to last reply. Each problem journals
 * its registration, its reference score, its sample and the sample's decision. Heap is measured after
 * full collections, before and after, once the journal's tag-scanning buffer (pids written in the last
 * flush interval) has been flushed.
 *
 * <p>Baseline, in the same run at every size: the former way, a {@code Register} round trip to each
 * problem, then the same first sampling, for N/2 other problems, against the carried registration for
 * N/2 more, in alternating rounds on the node measured; above {@link Settings#baselineUpTo()}, for that
 * many problems in all, on the node that already holds the N (passivating, past its active-entity limit).
 */
public final class ScaleBenchmark {

    public record Settings(List<Integer> sizes, int warmupProblems, Duration settle, int baselineUpTo) {
        public static Settings defaults() {
            return new Settings(List.of(10_000, 100_000), 5_000, Duration.ofSeconds(65), 100_000);
        }

        public Settings withSizes(List<Integer> sizes) {
            return new Settings(sizes, warmupProblems, settle, baselineUpTo);
        }
    }

    private static final int IN_FLIGHT = 1_000;
    private static final int SAMPLES = 1;
    /** Rounds of the same-run comparison; each runs both ways, first one then the other. */
    private static final int COMPARE_ROUNDS = 4;
    /** Registration, reference score, sample and decision. */
    private static final int EVENTS_PER_PROBLEM = 2 + 2 * SAMPLES;

    private ScaleBenchmark() {}

    public static BenchResult run() {
        return run(Settings.defaults(), ConfigFactory.empty());
    }

    /** {@code overrides} tops the configuration, e.g. {@code lyceum.home} when not run by the launcher. */
    public static BenchResult run(Settings settings, Config overrides) {
        return BenchCassandra.run("scale", overrides, (cassandra, progress) -> run(settings, cassandra, progress));
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
        details.put(
                "problem_shards", ProblemSharding.fromConfig(cassandra.config()).numberOfShards());
        details.put("warmup_problems_per_node", settings.warmupProblems());
        details.put("events_per_problem", EVENTS_PER_PROBLEM);
        details.put(
                "measured_rule",
                "problems per second to their first sample, the registration carried by the sampling command,"
                        + " at the largest size, in rounds alternating with the baseline");
        details.put(
                "baseline_rule",
                "the same, with a Register round trip to each problem first, as many problems, same node, same run");
        Map<String, Object> compared =
                rows.stream().reduce((a, b) -> b).orElseThrow(() -> new IllegalArgumentException("no size to measure"));
        return BenchResult.of(
                "scale.first-sample",
                (double) compared.get("compared_problems_per_second"),
                (double) compared.get("baseline_problems_per_second"),
                "problems/s",
                details);
    }

    private static Map<String, Object> measure(
            int size, Settings settings, BenchCassandra cassandra, Progress progress) {
        String experimentId = "scale-" + size;
        try (BenchNode bench = BenchNode.start(cassandra, List.of(new InstantGenerator()))) {
            ProblemDriver driver = new ProblemDriver(bench.node().sharding(), progress);
            progress.say("fresh node: %d warm-up problems, which start the shards", settings.warmupProblems());
            driver.registerWithFirstSample(experimentId + "-warmup", settings.warmupProblems(), SAMPLES, IN_FLIGHT);
            settle(settings.settle(), progress);
            long heapBefore = HeapGauge.usedAfterGc();
            int activeBefore = activeEntities(bench);

            progress.say("%d problems: registration carried by the first sampling", size);
            PhaseCost cost = PhaseCost.start(cassandra);
            ProblemDriver.Phase phase = driver.registerWithFirstSample(experimentId, size, SAMPLES, IN_FLIGHT);
            Map<String, Object> costs = cost.stop(size, "problem");
            double rate = size / phase.seconds();
            double events = (double) size * EVENTS_PER_PROBLEM / phase.seconds();
            progress.say(
                    "%d problems in %.1f s = %.0f/s; %.0f journal events/s; %d commands sent again",
                    size, phase.seconds(), rate, events, phase.repeats());

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
            row.put("problems_per_second", rate);
            row.put("journal_events_per_second", events);
            // commands unanswered within the coordinator's timeout (a problem whose journal write failed)
            row.put("repeated_commands", phase.repeats());
            row.put("heap_bytes_before", heapBefore);
            row.put("heap_bytes_after", heapAfter);
            row.put("heap_bytes_per_problem", perProblem);
            row.put("active_entities_before", activeBefore);
            row.put("active_entities", active);
            row.put("shards", shards(bench));
            // differs from the above once passivation has stopped entities (warm-up ones included)
            row.put("heap_bytes_per_added_active_entity", perActiveEntity);
            row.put("costs", costs);
            row.putAll(compare(Math.min(size, settings.baselineUpTo()), experimentId, driver, cassandra, progress));
            return row;
        }
    }

    /**
     * Both ways on equal shares of {@code size} fresh problems, in rounds whose order alternates: a node
     * warms as it runs (JIT, shards, caches), so a fixed order would favour whichever way went second.
     */
    private static Map<String, Object> compare(
            int size, String experimentId, ProblemDriver driver, BenchCassandra cassandra, Progress progress) {
        int perRound = Math.max(1, size / (2 * COMPARE_ROUNDS));
        double carriedSeconds = 0;
        double registrationSeconds = 0;
        double baselineSeconds = 0;
        Map<String, Object> carriedCosts = Map.of();
        Map<String, Object> baselineCosts = Map.of();
        for (int round = 0; round < COMPARE_ROUNDS; round++) {
            for (boolean carried : round % 2 == 0 ? new boolean[] {true, false} : new boolean[] {false, true}) {
                String id = experimentId + (carried ? "-carried-" : "-registered-") + round;
                PhaseCost cost = PhaseCost.start(cassandra);
                if (carried) {
                    carriedSeconds += driver.registerWithFirstSample(id, perRound, SAMPLES, IN_FLIGHT)
                            .seconds();
                    carriedCosts = cost.stop(perRound, "problem");
                } else {
                    double registration =
                            driver.register(id, perRound, IN_FLIGHT).seconds();
                    registrationSeconds += registration;
                    baselineSeconds += registration
                            + driver.sample(id, perRound, SAMPLES, IN_FLIGHT).seconds();
                    // CPU per problem compares the two ways where other processes' load makes rates differ
                    baselineCosts = cost.stop(perRound, "problem");
                }
            }
        }
        int problems = perRound * COMPARE_ROUNDS;
        progress.say(
                "compared in %d alternating rounds of %d problems each way: %.0f/s carried, %.0f/s with a"
                        + " Register round trip first (registered at %.0f/s)",
                COMPARE_ROUNDS,
                perRound,
                problems / carriedSeconds,
                problems / baselineSeconds,
                problems / registrationSeconds);
        Map<String, Object> compared = new LinkedHashMap<>();
        compared.put("compared_rounds", COMPARE_ROUNDS);
        compared.put("compared_problems_per_round", perRound);
        compared.put("compared_problems_per_second", problems / carriedSeconds);
        compared.put("compared_costs", carriedCosts);
        compared.put("baseline_registrations_per_second", problems / registrationSeconds);
        compared.put("baseline_problems_per_second", problems / baselineSeconds);
        compared.put("baseline_costs", baselineCosts);
        return compared;
    }

    /** Waits out the journal's tag-scanning flush, which holds every recently written pid until then. */
    private static void settle(Duration settle, Progress progress) {
        if (settle.isZero()) {
            return;
        }
        progress.say("waiting %d s for the journal's buffers to flush", settle.toSeconds());
        Pause.sleep(settle, "waiting for the journal's buffers");
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
