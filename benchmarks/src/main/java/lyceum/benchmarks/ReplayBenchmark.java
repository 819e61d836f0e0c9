package lyceum.benchmarks;

import com.datastax.oss.driver.api.core.CqlSession;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.PrintStream;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import lyceum.cassandra.CassandraClientSettings;
import lyceum.cassandra.CassandraServerSettings;
import lyceum.cassandra.CqlSessions;
import lyceum.cassandra.EmbeddedCassandra;
import lyceum.cassandra.LyceumKeyspaces;
import lyceum.cassandra.LyceumSchema;
import lyceum.cassandra.Replication;
import lyceum.config.ActorSystems;
import lyceum.config.LyceumConfig;
import lyceum.metrics.MetricsVersion;
import lyceum.replay.JournalReader;
import lyceum.replay.Replay;
import lyceum.replay.ReplayOptions;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Events per second of a full replay (journal query, deserialisation, {@link lyceum.metrics.journal
 * .MetricsFromEvents}) against a plain driver scan of the same journal rows (event blobs read, not
 * deserialised), both reading {@link #PARALLELISM} persistence ids at once, in the same run.
 *
 * <p>The benchmark journals its own synthetic experiment ({@link BenchJournal}) through Pekko
 * Persistence into separate keyspaces ({@value #JOURNAL_KEYSPACE}, {@value #SNAPSHOT_KEYSPACE}) of the
 * configured Cassandra, so a user's journal is never touched. The experiment id names its size, and a
 * complete journal of that size is reused by later runs instead of written again. An untimed scan and
 * untimed replays ({@link #warmUp}) precede the timed runs, so the JIT has compiled both sides' code
 * before either is timed.
 */
public final class ReplayBenchmark {

    /**
     * The default size. One million events is the goal, but on a two-core machine journaling them takes
     * minutes before the first timed run, so the default is a fifth of that; {@link #run(int)} takes any.
     */
    public static final int DEFAULT_EVENTS = 200_000;

    public static final int PARALLELISM = Replay.DEFAULT_PARALLELISM;
    static final String JOURNAL_KEYSPACE = "lyceum_bench_journal";
    static final String SNAPSHOT_KEYSPACE = "lyceum_bench_snapshot";
    static final int MAX_WARM_UP = 15;

    private ReplayBenchmark() {}

    /** The default run on the configured Cassandra (the embedded one unless contact points are set). */
    public static BenchResult run() {
        return run(DEFAULT_EVENTS);
    }

    public static BenchResult run(int events) {
        return onConfiguredCassandra(config -> run(config, events, 3, System.err));
    }

    /**
     * Runs {@code bench} with the node configuration, on the embedded Cassandra (started or reused, and
     * closed after) unless contact points name an external one.
     */
    static BenchResult onConfiguredCassandra(java.util.function.Function<Config, BenchResult> bench) {
        Config config = LyceumConfig.load(Optional.empty());
        EmbeddedCassandra cassandra = null;
        if (CassandraClientSettings.fromConfig(config).embedded()) {
            progress(System.err, "starting (or reusing) the embedded Cassandra");
            cassandra = EmbeddedCassandra.start(
                    CassandraServerSettings.fromConfig(config), EmbeddedCassandra.Lifetime.WITH_THIS_JVM);
        }
        try {
            return bench.apply(config);
        } finally {
            if (cassandra != null) {
                cassandra.close();
            }
        }
    }

    /**
     * @param config a node configuration naming a running Cassandra
     * @param events events to journal and replay (rounded to whole problems)
     * @param runs timed runs of each side, alternating; the best of each side makes the headline ratio,
     *     and each run's own ratio is listed with their minimum, median and maximum
     */
    public static BenchResult run(Config config, int events, int runs, PrintStream progress) {
        int problems = Math.max(1, events / BenchJournal.eventsPerProblem());
        String experimentId = experimentId(problems);
        Config bench = benchConfig(config);
        CassandraClientSettings client = CassandraClientSettings.fromConfig(config);
        Map<String, Object> details = new LinkedHashMap<>();
        try (CqlSession session = CqlSessions.open(client)) {
            createKeyspaces(session, config);
            details.put("journal_write_seconds", ensureJournal(bench, experimentId, problems, progress));

            List<Double> scanSeconds = new ArrayList<>();
            List<Double> replaySeconds = new ArrayList<>();
            List<Double> scanCpuSeconds = new ArrayList<>();
            List<Double> replayCpuSeconds = new ArrayList<>();
            List<Double> scanCassandraCpuSeconds = new ArrayList<>();
            List<Double> replayCassandraCpuSeconds = new ArrayList<>();
            CpuClock clock = CpuClock.ofConfigured(config);
            List<Double> ratios = new ArrayList<>();
            DriverScan.Result bestScan = null;
            Replay.Result bestReplay = null;
            try (JournalReader reader = JournalReader.open(bench)) {
                DriverScan.Result warm = DriverScan.scan(session, JOURNAL_KEYSPACE, experimentId, PARALLELISM);
                details.put("warm_up_replays", warmUp(reader, experimentId, progress));
                for (int r = 1; r <= runs; r++) {
                    CpuClock.Reading cpu = clock.read();
                    DriverScan.Result scan = DriverScan.scan(session, JOURNAL_KEYSPACE, experimentId, PARALLELISM);
                    CpuClock.Reading used = clock.read().minus(cpu);
                    scanCpuSeconds.add(used.benchmarkSeconds());
                    scanCassandraCpuSeconds.add(used.cassandraSeconds());
                    scanSeconds.add(scan.seconds());
                    progress(
                            progress,
                            String.format(
                                    Locale.ROOT,
                                    "run %d: driver scan of %d rows in %.2f s (%.0f rows/s)",
                                    r,
                                    scan.rows(),
                                    scan.seconds(),
                                    scan.rowsPerSecond()));
                    cpu = clock.read();
                    Replay.Result replay =
                            Replay.run(reader, experimentId, new ReplayOptions(null, null, PARALLELISM, 0, progress));
                    used = clock.read().minus(cpu);
                    replayCpuSeconds.add(used.benchmarkSeconds());
                    replayCassandraCpuSeconds.add(used.cassandraSeconds());
                    replaySeconds.add(replay.seconds());
                    if (replay.events() != warm.rows()) {
                        throw new IllegalStateException("replay read " + replay.events()
                                + " events but the journal holds " + warm.rows() + " rows");
                    }
                    ratios.add(replay.eventsPerSecond() / scan.rowsPerSecond());
                    progress(
                            progress,
                            String.format(
                                    Locale.ROOT,
                                    "run %d: replay of %d events in %.2f s (%.0f events/s), ratio %.3f",
                                    r,
                                    replay.events(),
                                    replay.seconds(),
                                    replay.eventsPerSecond(),
                                    ratios.get(ratios.size() - 1)));
                    bestScan = bestScan == null || scan.seconds() < bestScan.seconds() ? scan : bestScan;
                    bestReplay = bestReplay == null || replay.seconds() < bestReplay.seconds() ? replay : bestReplay;
                }
            }
            List<Double> sortedRatios = ratios.stream().sorted().toList();
            details.put("experiment_id", experimentId);
            details.put("events", bestReplay.events());
            details.put("problems", bestReplay.problems());
            details.put("events_per_problem", BenchJournal.eventsPerProblem());
            details.put("parallelism", PARALLELISM);
            details.put("runs", runs);
            details.put("replay_seconds", replaySeconds);
            details.put("scan_seconds", scanSeconds);
            details.put("ratios", ratios);
            details.put("ratio_min", sortedRatios.get(0));
            details.put("ratio_median", sortedRatios.get(sortedRatios.size() / 2));
            details.put("ratio_max", sortedRatios.get(sortedRatios.size() - 1));
            // CPU time per side, this JVM's (what each costs the reader) and the embedded Cassandra's (NaN
            // for an external one): on a machine the two share, both sides are bound by their sum.
            details.put("replay_cpu_seconds", replayCpuSeconds);
            details.put("scan_cpu_seconds", scanCpuSeconds);
            details.put("replay_cassandra_cpu_seconds", replayCassandraCpuSeconds);
            details.put("scan_cassandra_cpu_seconds", scanCassandraCpuSeconds);
            details.put("cores", Runtime.getRuntime().availableProcessors());
            details.put(
                    "load_average", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            details.put("scan_rows", bestScan.rows());
            details.put("scan_bytes", bestScan.bytes());
            details.put("journal_keyspace", JOURNAL_KEYSPACE);
            details.put("metrics_version", MetricsVersion.CURRENT);
            details.put("measured_is", "full replay: journal query + deserialisation + MetricsFromEvents, events/s");
            details.put("baseline_is", "driver scan of the same rows' event blobs, no deserialisation, rows/s");
            return BenchResult.of(
                    "replay", bestReplay.eventsPerSecond(), bestScan.rowsPerSecond(), "events/s", details);
        }
    }

    /**
     * Untimed replays until the JIT is done with the fold: until one spends less than a tenth of its CPU
     * time compiling, at most {@value #MAX_WARM_UP} of them. The fold's code is large and compiled over
     * many replays (on two cores, 1 to 9 s of compiling in each of the first ten), and compiling
     * counts in the process's CPU, so an earlier stop times the compiler. Without a compilation clock,
     * until one costs within a tenth of the CPU of the one before. The scan's code is small and compiled
     * by its one untimed run.
     */
    static int warmUp(JournalReader reader, String experimentId, PrintStream progress) {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        boolean timed = jit != null && jit.isCompilationTimeMonitoringSupported();
        double previous = Double.NaN;
        for (int n = 1; n <= MAX_WARM_UP; n++) {
            double cpu = CpuClock.jvmSeconds();
            long compiling = timed ? jit.getTotalCompilationTime() : 0;
            Replay.run(reader, experimentId, new ReplayOptions(null, null, PARALLELISM, 0, null));
            double spent = CpuClock.jvmSeconds() - cpu;
            double compiled = timed ? (jit.getTotalCompilationTime() - compiling) / 1e3 : Double.NaN;
            progress(
                    progress,
                    String.format(
                            Locale.ROOT, "warm-up replay %d: %.2f s of CPU, %.2f s compiling", n, spent, compiled));
            if (timed ? compiled < 0.1 * spent : Math.abs(spent - previous) <= 0.1 * previous) {
                return n;
            }
            previous = spent;
        }
        return MAX_WARM_UP;
    }

    /** Writes the journal unless a complete one of this size is there; returns seconds spent (0 if reused). */
    static double ensureJournal(Config bench, String experimentId, int problems, PrintStream progress) {
        try (JournalReader reader = JournalReader.open(bench)) {
            if (!reader.experimentEvents(experimentId).isEmpty()) {
                progress(progress, "reusing the journal of " + experimentId);
                return 0;
            }
        }
        progress(
                progress,
                "journaling " + problems + " problems x " + BenchJournal.eventsPerProblem() + " events as "
                        + experimentId);
        long start = System.nanoTime();
        ActorSystem<Void> system =
                ActorSystem.create(Behaviors.empty(), "LyceumBenchWriter", JournalReader.local(bench));
        try {
            BenchJournal.write(system, experimentId, problems, progress);
        } finally {
            ActorSystems.terminate(system);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        progress(progress, String.format(Locale.ROOT, "journal written in %.1f s", seconds));
        return seconds;
    }

    /** The benchmark experiment's id, which names its size. */
    static String experimentId(int problems) {
        return "bench-replay-" + problems + "x" + BenchJournal.eventsPerProblem();
    }

    /** The node configuration with the benchmark's own journal and snapshot keyspaces. */
    static Config benchConfig(Config config) {
        return ConfigFactory.parseMap(Map.of(
                        "pekko.persistence.cassandra.journal.keyspace", JOURNAL_KEYSPACE,
                        "pekko.persistence.cassandra.snapshot.keyspace", SNAPSHOT_KEYSPACE))
                .withFallback(config);
    }

    static void createKeyspaces(CqlSession session, Config config) {
        LyceumKeyspaces keyspaces = new LyceumKeyspaces(JOURNAL_KEYSPACE, SNAPSHOT_KEYSPACE, "unused", "unused");
        session.setSchemaMetadataEnabled(false);
        try {
            LyceumSchema.statements(keyspaces, Replication.fromConfig(config)).stream()
                    .filter(s -> s.contains(JOURNAL_KEYSPACE) || s.contains(SNAPSHOT_KEYSPACE))
                    .forEach(session::execute);
        } finally {
            session.setSchemaMetadataEnabled(null);
        }
    }

    private static void progress(PrintStream out, String line) {
        out.println("[replay-bench] " + line);
    }
}
