package lyceum.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import lyceum.cassandra.CassandraServerSettings;
import lyceum.cassandra.CqlSessions;
import lyceum.cassandra.EmbeddedCassandra;
import lyceum.cassandra.LyceumKeyspaces;
import lyceum.cassandra.LyceumSchema;
import lyceum.cassandra.Replication;
import lyceum.config.LyceumConfig;
import lyceum.experiment.DatasetCatalog;
import lyceum.experiment.ExperimentActor;
import lyceum.experiment.config.ExperimentConfig;
import lyceum.experiment.config.ExperimentConfigLoader;
import lyceum.model.CharTokenizer;
import lyceum.model.CheckpointStore;
import lyceum.model.DjlGenerator;
import lyceum.model.DjlRuntime;
import lyceum.model.DjlTrainer;
import lyceum.model.ModelConfig;
import lyceum.model.TrainingSettings;
import lyceum.net.FreePorts;
import lyceum.node.LyceumNode;
import lyceum.node.WorkerEngines;
import lyceum.openai.OpenAiClients;
import lyceum.replay.JournalReader;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the integration test classes share, as a JUnit extension ({@code @ExtendWith(ItFixture.class)}).
 *
 * <p>One embedded Cassandra 5 for every class of the test JVM (failsafe runs them all in one): started
 * for the first class that asks for it, stopped when the test run ends, or by its shutdown hook if the
 * JVM is interrupted.
 * A class that stops it (to test an outage) need not start it again for the next: each class's start
 * finds it running or launches it. Every class has keyspaces of its own (journal, snapshots, projection
 * offsets, read side), so journals, remembered entities, offsets and read models never meet across
 * classes; experiment ids and data folders stay the class's own as before.
 *
 * <p>After a class, whatever child process it left running (a node JVM, a served model) is ended, also
 * when the class failed, so the next class starts on a quiet machine.
 */
final class ItFixture implements BeforeAllCallback, AfterAllCallback {

    private static final Logger log = LoggerFactory.getLogger(ItFixture.class);

    private static final Path CASSANDRA_DIR = Path.of("target", "it-cassandra").toAbsolutePath();
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ItFixture.class);
    private static final long CHILD_GRACE_SECONDS = 20;

    /** The shared Cassandra's settings, once a class asked for it. */
    private static Map<String, Object> cassandra;
    /** Where the run's Cassandra is registered to be stopped when the run ends. */
    private static ExtensionContext.Store runStore;
    /** The test classes whose keyspaces exist. */
    private static final Set<Class<?>> withSchema = new HashSet<>();

    private static Class<?> running;

    @Override
    public void beforeAll(ExtensionContext context) {
        synchronized (ItFixture.class) {
            runStore = context.getRoot().getStore(NAMESPACE);
            running = context.getRequiredTestClass();
            if (cassandra != null) {
                // Running still, or again after a class stopped it.
                EmbeddedCassandra.start(server(), EmbeddedCassandra.Lifetime.WITH_THIS_JVM);
            }
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        List<ProcessHandle> left = ProcessHandle.current()
                .descendants()
                .filter(p -> p.isAlive() && !isSharedCassandra(p))
                .toList();
        for (ProcessHandle p : left) {
            log.warn(
                    "{} left pid {} running ({}): stopping it",
                    context.getDisplayName(),
                    p.pid(),
                    p.info()
                            .commandLine()
                            .map(c -> c.length() > 200 ? c.substring(0, 200) + "..." : c)
                            .orElse("?"));
            p.destroy();
        }
        for (ProcessHandle p : left) {
            try {
                p.onExit().get(CHILD_GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (Exception notYet) {
                p.destroyForcibly();
            }
        }
    }

    private static boolean isSharedCassandra(ProcessHandle p) {
        return p.info()
                .commandLine()
                .map(c -> c.contains("-Dlyceum.cassandra.data-dir=" + CASSANDRA_DIR))
                .orElse(false);
    }

    /**
     * The settings a client of the shared Cassandra needs, with {@code test}'s keyspaces: for
     * {@link LyceumConfig#load}, or written out as HOCON ({@link #hocon}) for a node JVM or the command
     * line. The first call of the run starts Cassandra; the first of a class creates its keyspaces.
     */
    static synchronized Map<String, Object> cassandraSettings(Class<?> test) {
        if (runStore == null || running != test) {
            throw new IllegalStateException(test.getSimpleName() + " does not run with @ExtendWith(ItFixture.class)");
        }
        if (cassandra == null) {
            runStore.getOrComputeIfAbsent(SharedCassandra.class, k -> SharedCassandra.launch(), SharedCassandra.class);
        }
        String prefix = test.getSimpleName().toLowerCase();
        Map<String, Object> settings = new LinkedHashMap<>(cassandra);
        settings.put("pekko.persistence.cassandra.journal.keyspace", prefix + "_journal");
        settings.put("pekko.persistence.cassandra.snapshot.keyspace", prefix + "_snapshot");
        settings.put("pekko.projection.cassandra.offset-store.keyspace", prefix + "_offsets");
        settings.put("lyceum.cassandra.read-side-keyspace", prefix + "_read_side");
        if (withSchema.add(test)) {
            Config config = config(settings);
            try (CqlSession session = CqlSessions.open(server())) {
                LyceumSchema.create(session, LyceumKeyspaces.fromConfig(config), Replication.fromConfig(config));
            }
        }
        return settings;
    }

    /** A node of {@code test}: a free port, {@code dataDir}, the shared Cassandra and the class's keyspaces, then {@code extra}. */
    static Map<String, Object> nodeSettings(Class<?> test, Path dataDir, Map<String, Object> extra) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("lyceum.node.port", FreePorts.next());
        settings.put("lyceum.node.data-dir", dataDir.toString());
        settings.putAll(cassandraSettings(test));
        settings.putAll(loadedMachine());
        settings.putAll(extra);
        return settings;
    }

    /**
     * Start-up bounds for nodes on a small machine shared with other builds, where JVMs start at once:
     * their loggers, and the remoting's bind of its port (Pekko's 3 s default was exceeded by a
     * coordinator restarted under load, which then exited before joining).
     */
    static Map<String, Object> loadedMachine() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("pekko.logger-startup-timeout", "30s");
        settings.put("pekko.remote.artery.bind.bind-timeout", "30s");
        return settings;
    }

    /**
     * A read side that follows the journal within a second or two, for the tests that wait on it: the
     * tag queries start an hour back (not at the deployment default's first day, scanning a day bucket
     * each), look for new events every 500 ms, and the metrics handler catches up from 500 ms on.
     */
    static Map<String, Object> quickReadSide() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put(
                "pekko.persistence.cassandra.events-by-tag.first-time-bucket",
                LocalDateTime.now(ZoneOffset.UTC)
                        .minusHours(1)
                        .format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HH:00")));
        settings.put("pekko.persistence.cassandra.events-by-tag.eventual-consistency-delay", "1s");
        settings.put("pekko.persistence.cassandra.query.refresh-interval", "500ms");
        settings.put("lyceum.projections.iteration-metrics.catch-up.first-delay", "500ms");
        settings.put("lyceum.projections.iteration-metrics.catch-up.max-delay", "2s");
        settings.put("lyceum.projections.iteration-metrics.catch-up.give-up-after", "3m");
        return settings;
    }

    static Config config(Map<String, Object> settings) {
        return LyceumConfig.load(Optional.empty(), ConfigFactory.parseMap(settings));
    }

    static Config nodeConfig(Class<?> test, Path dataDir, Map<String, Object> extra) {
        return config(nodeSettings(test, dataDir, extra));
    }

    /** Samples per problem of {@link #faultExperiment}. */
    static final int FAULT_SAMPLES = 4;

    /**
     * The small state-reset experiment the cluster fault tests run: enough problems and iterations to fault
     * each phase, quick enough to run several times.
     */
    static String faultExperiment(String name, int seed, int iterations, int train, int test, int heldIn) {
        return String.join(
                "\n",
                "experiment {",
                "  name = \"" + name + "\"",
                "  seed = " + seed,
                "  iterations = " + iterations,
                "  dataset {",
                "    held-in-count = " + heldIn,
                "    synthetic { train-count = " + train + ", test-count = " + test
                        + ", min-steps = 1, max-steps = 5 }",
                "  }",
                "  strategy { name = \"state-reset\", sample-num = " + FAULT_SAMPLES
                        + ", min-correct = 2, max-resample = 2 }",
                "  acceptance { quota-per-problem = 2, deduplicate = true }",
                "  training { initial-epochs = 1, epochs = 1 }",
                "  runtime { window = 6, progress-every = 3, generation-timeout = 15s, training-timeout = 60s }",
                "}");
    }

    /** The settings as HOCON lines, each value quoted. */
    static String hocon(Map<String, Object> settings) {
        return settings.entrySet().stream()
                .map(e -> e.getKey() + " = \"" + e.getValue() + "\"")
                .collect(Collectors.joining("\n", "", "\n"));
    }

    /** The real model, tiny: trained and sampled in seconds on a CPU. */
    static final ModelConfig TINY_MODEL = new ModelConfig(
            CharTokenizer.standard().size(),
            160,
            48,
            2,
            2,
            96,
            ModelConfig.defaults().positionEncoding());

    /** A trainer of {@link #TINY_MODEL} into {@code checkpoints} that stops after {@code maxSteps}. */
    static DjlTrainer tinyTrainer(CheckpointStore checkpoints, int maxSteps) {
        return new DjlTrainer(
                checkpoints,
                DjlRuntime.defaultDevice(),
                TINY_MODEL,
                TrainingSettings.defaults()
                        .withBatchSize(16)
                        .withMaxSteps(maxSteps)
                        .withLogEverySteps(1000));
    }

    /** A node in this JVM whose engines are the real tiny model, its checkpoints in {@code checkpoints}. */
    static LyceumNode startTinyModelNode(Config config, CheckpointStore checkpoints, int maxSteps) {
        return startNode(
                config,
                new WorkerEngines(
                        List.of(new DjlGenerator(checkpoints)),
                        List.of(tinyTrainer(checkpoints, maxSteps)),
                        new OpenAiClients()));
    }

    /** An experiment file of {@code blocks}, one a line inside {@code experiment { }}. */
    static ExperimentConfig experiment(String... blocks) {
        return ExperimentConfigLoader.parse("experiment {\n" + String.join("\n", blocks) + "\n}");
    }

    /** Starts experiment {@code id} on the node, which must take it as new. */
    static void start(LyceumNode node, String id, ExperimentConfig experiment, String source) throws Exception {
        assertThat(node.startExperiment(id, experiment, source)
                        .toCompletableFuture()
                        .get(60, TimeUnit.SECONDS))
                .isEqualTo(new ExperimentActor.Started(id));
    }

    /** Starts experiment {@code id} and reads its journal once it has finished. */
    static ExperimentJournal run(
            LyceumNode node,
            JournalReader reader,
            String id,
            ExperimentConfig experiment,
            String source,
            Duration timeout)
            throws Exception {
        start(node, id, experiment, source);
        return ExperimentJournal.awaitEnd(reader, id, timeout);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Closes what a class opened, in the order given, passing over what it never got to open. */
    static void closeAll(AutoCloseable... resources) throws Exception {
        for (AutoCloseable resource : resources) {
            if (resource != null) {
                resource.close();
            }
        }
    }

    /** A node in this JVM on the config's data folder, as LocalNode starts one. */
    static LyceumNode startNode(Config config, WorkerEngines engines) {
        return LyceumNode.start(
                config.getString("lyceum.system-name"),
                config,
                new DatasetCatalog(),
                Path.of(config.getString("lyceum.node.data-dir")),
                engines);
    }

    /** The shared Cassandra, to stop and start it again. */
    static synchronized CassandraServerSettings server() {
        return CassandraServerSettings.fromConfig(
                LyceumConfig.load(Optional.empty(), ConfigFactory.parseMap(cassandra)));
    }

    /** The test run's Cassandra; JUnit closes it when the run ends. */
    private static final class SharedCassandra implements ExtensionContext.Store.CloseableResource {

        static SharedCassandra launch() {
            Map<String, Object> settings = new LinkedHashMap<>();
            // Credentials from the environment would be for another Cassandra.
            settings.put("lyceum.cassandra.username", "");
            settings.put("lyceum.cassandra.embedded.data-dir", CASSANDRA_DIR.toString());
            settings.put("lyceum.cassandra.embedded.native-port", FreePorts.next());
            settings.put("lyceum.cassandra.embedded.storage-port", FreePorts.next());
            settings.put("lyceum.cassandra.embedded.max-heap", "768M");
            settings.put("lyceum.cassandra.embedded.stop-grace", "20s");
            cassandra = Map.copyOf(settings);
            // A node left running by an interrupted run holds the directory; then start afresh.
            EmbeddedCassandra.stop(server());
            FileUtils.deleteQuietly(CASSANDRA_DIR.toFile());
            EmbeddedCassandra.start(server(), EmbeddedCassandra.Lifetime.WITH_THIS_JVM);
            return new SharedCassandra();
        }

        @Override
        public void close() {
            log.info("Stopping the test run's Cassandra");
            EmbeddedCassandra.stop(server());
        }
    }
}
