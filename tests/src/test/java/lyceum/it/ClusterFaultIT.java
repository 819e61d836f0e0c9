package lyceum.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.datastax.oss.driver.api.core.CqlSession;
import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;
import lyceum.cassandra.CassandraServerSettings;
import lyceum.cassandra.CqlSessions;
import lyceum.cassandra.EmbeddedCassandra;
import lyceum.cassandra.LyceumKeyspaces;
import lyceum.events.ExperimentEvent;
import lyceum.events.ExperimentEvent.Evaluated;
import lyceum.events.ExperimentEvent.ExperimentFailed;
import lyceum.events.ExperimentEvent.ExperimentFinished;
import lyceum.events.ExperimentEvent.ModelTrained;
import lyceum.events.ExperimentEvent.Phase;
import lyceum.events.ExperimentEvent.PhaseProgressed;
import lyceum.events.ExperimentEvent.SamplingFinished;
import lyceum.events.ExperimentEvent.TrainingSkipped;
import lyceum.events.ExperimentEvent.TrainingStarted;
import lyceum.events.IterationCounts;
import lyceum.events.ProblemEvent;
import lyceum.events.ProblemEvent.Sampled;
import lyceum.metrics.IterationMetrics;
import lyceum.metrics.journal.MetricsFromEvents;
import lyceum.net.FreePorts;
import lyceum.projections.metrics.MetricsQuery;
import lyceum.replay.JournalReader;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Faults in a real three-node cluster: a coordinator and two gpu nodes, each a JVM of its own
 * ({@link TestDoubleNodeMain}) on loopback, all three seed nodes, sharing the test run's embedded
 * Cassandra 5 ({@link ItFixture}, in keyspaces of this class) and one data folder. After an
 * uninterrupted baseline run, the same experiment config runs again with a fault in the middle of an
 * iteration: a gpu node killed with SIGKILL while it samples; the coordinator killed with SIGKILL and
 * started again while it samples, collects the training set, waits for a training and evaluates;
 * Cassandra stopped while it samples and, once the coordinator has met the outage, started again.
 * Each run must finish with every (problem, iteration, round, index) sampled once and decided once,
 * the coordinator's counters equal to the problem journals, and the metrics, recomputed from the
 * journal and as the read side stored them, equal to the baseline's.
 *
 * <p>Node logs are under {@code target/cluster-it/}; a failing scenario prints their tails.
 */
@TestMethodOrder(OrderAnnotation.class)
@ExtendWith(ItFixture.class)
class ClusterFaultIT {

    private static final Logger log = LoggerFactory.getLogger(ClusterFaultIT.class);

    private static final Path DIR = Path.of("target", "cluster-it").toAbsolutePath();
    private static final int TRAIN = 30;
    private static final int TEST = 10;
    private static final int ITERATIONS = 2;
    private static final int HELD_IN = 5;
    /** Problems each evaluation answers: the held-out and held-in ones. */
    private static final int EVALUATED = TEST + HELD_IN;
    /** The iteration whose sampling each fault interrupts. */
    private static final int FAULTED_ITERATION = 1;
    /**
     * A bound on a run that takes under a minute on a quiet machine: on a 2-core machine shared with other
     * builds, a restarted coordinator's JVM start and its shard's remembered-entity reads (retried after a
     * 10 s backoff) took a run past 3 minutes.
     */
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(6);

    private static final Duration METRICS_TIMEOUT = Duration.ofMinutes(2);

    private static final String EXPERIMENT =
            ItFixture.faultExperiment("cluster-faults", 17, ITERATIONS, TRAIN, TEST, HELD_IN);

    static CassandraServerSettings cassandraSettings;
    static JournalReader reader;
    static CqlSession session;
    static MetricsQuery metricsQuery;
    static Path experimentFile;
    static NodeProcess coordinator;
    static NodeProcess gpu1;
    static NodeProcess gpu2;
    static int gpu1Port;
    static int gpu2Port;
    static ExperimentJournal baseline;
    static List<IterationMetrics> baselineMetrics;

    @BeforeAll
    static void startClusterAndCassandra() throws IOException {
        long started = System.nanoTime();
        FileUtils.deleteDirectory(DIR.toFile());
        Files.createDirectories(DIR);
        Config config = ItFixture.config(ItFixture.cassandraSettings(ClusterFaultIT.class));
        cassandraSettings = ItFixture.server();
        session = CqlSessions.open(cassandraSettings);
        metricsQuery =
                MetricsQuery.create(session, LyceumKeyspaces.fromConfig(config).readSide());
        reader = JournalReader.open(config);
        experimentFile = DIR.resolve("experiment.conf");
        Files.writeString(experimentFile, EXPERIMENT, StandardCharsets.UTF_8);

        int coordinatorPort = FreePorts.next();
        gpu1Port = FreePorts.next();
        gpu2Port = FreePorts.next();
        List<Integer> ports = List.of(coordinatorPort, gpu1Port, gpu2Port);
        coordinator = node("coordinator", coordinatorPort, ports).start();
        gpu1 = node("gpu", gpu1Port, ports).start();
        gpu2 = node("gpu", gpu2Port, ports).start();
        log.info("Keyspaces made and three node JVMs started in {} s", seconds(started));
    }

    /** A node of the given role; its configuration file and log are named after its port. */
    private static NodeProcess node(String role, int port, List<Integer> seedPorts) throws IOException {
        Path file = NodeProcess.writeConfig(
                DIR.resolve("node-" + port + ".conf"),
                "127.0.0.1",
                port,
                role,
                seedPorts.stream().map(p -> "pekko://Lyceum@127.0.0.1:" + p).toList(),
                DIR.resolve("data"),
                ItFixture.hocon(ItFixture.cassandraSettings(ClusterFaultIT.class)),
                // A training a coordinator can be killed in the middle of.
                "lyceum.test.trainer-latency = 1s");
        return new NodeProcess(role + "-" + port, file, DIR.resolve("node-" + port + ".log"));
    }

    @AfterAll
    static void stopAll() throws Exception {
        for (NodeProcess node : new NodeProcess[] {coordinator, gpu1, gpu2}) {
            if (node != null) {
                node.stop(Duration.ofSeconds(20));
            }
        }
        if (reader != null) {
            reader.close();
        }
        if (session != null) {
            session.close();
        }
    }

    @Test
    @Order(1)
    void anUninterruptedRunIsTheBaseline() throws Exception {
        scenario("baseline", () -> {
            String id = "baseline";
            startExperiment(id);
            baseline = awaitEnd(id);
            assertRunIsConsistent(baseline);
            baselineMetrics = storedMetricsAgreeWithTheJournal(baseline);
            assertThat(baselineMetrics).hasSize(ITERATIONS + 1);
            assertThat(baselineMetrics.get(FAULTED_ITERATION).accepted()).isPositive();
            // both gpu nodes share the sampling; which batches each takes (reference scores among them) varies by run
            Set<String> samplers = new HashSet<>();
            for (int t = 1; t <= ITERATIONS; t++) {
                samplers.addAll(workerNodes(baseline, t));
            }
            assertThat(samplers).as("gpu nodes that sampled").hasSize(2);
        });
    }

    @Test
    @Order(2)
    void aGpuNodeKilledMidIterationHasItsWorkRedispatched() throws Exception {
        scenario("gpu node killed", () -> {
            String id = "gpu-killed";
            startExperiment(id);
            awaitMidSampling(id);
            int logMark = coordinator.logText().length();
            int exit = gpu2.kill();
            assertThat(exit).as("exit value of %s after SIGKILL", gpu2.name()).isEqualTo(NodeProcess.SIGKILL_EXIT);
            log.info("killed {} (exit {})", gpu2.name(), exit);
            ExperimentJournal run = awaitEnd(id);
            // Back to two gpu nodes for the next scenarios: the JVM starts while this run is checked.
            int joined = workersJoined();
            gpu2.start();
            assertThat(coordinator.logText().substring(logMark))
                    .as("the pool noticed the killed node and re-dispatched its batches")
                    .contains("generation worker left: pekko://Lyceum@127.0.0.1:" + gpu2Port + "/");
            assertThat(workerNodes(run, FAULTED_ITERATION))
                    .as("nodes that sampled iteration %d", FAULTED_ITERATION)
                    .anyMatch(node -> node.endsWith(":" + gpu2Port))
                    .anyMatch(node -> node.endsWith(":" + gpu1Port));
            assertThat(workerNodes(run, ITERATIONS))
                    .as("nodes that sampled iteration %d, after the kill", ITERATIONS)
                    .singleElement()
                    .matches(node -> node.endsWith(":" + gpu1Port));
            assertSameAsBaseline(run);
            awaitWorkersJoined(joined + 1);
        });
    }

    @Test
    @Order(3)
    void aCoordinatorKilledMidIterationResumesFromTheJournalAfterItsRestart() throws Exception {
        scenario("coordinator killed", () -> {
            String id = "coordinator-killed";
            startExperiment(id);
            awaitMidSampling(id);
            int exit = coordinator.kill();
            assertThat(exit).as("exit value of the coordinator after SIGKILL").isEqualTo(NodeProcess.SIGKILL_EXIT);
            ExperimentJournal before = ExperimentJournal.read(reader, id);
            assertThat(before.experimentEvents(SamplingFinished.class))
                    .noneMatch(e -> e.iteration() == FAULTED_ITERATION);
            assertThat(workerNodes(before, FAULTED_ITERATION))
                    .as(
                            "nodes that sampled iteration %d, the gpu node"
                                    + " restarted in the previous scenario among them",
                            FAULTED_ITERATION)
                    .anyMatch(node -> node.endsWith(":" + gpu2Port))
                    .anyMatch(node -> node.endsWith(":" + gpu1Port));
            log.info(
                    "killed the coordinator (exit {}) with {} samples of iteration {} journaled",
                    exit,
                    before.problemEvents(Sampled.class)
                            .filter(s -> s.iteration() == FAULTED_ITERATION)
                            .count(),
                    FAULTED_ITERATION);
            // The new coordinator is never told about the experiment: it resumes it from the journal.
            int logMark = coordinator.logText().length();
            coordinator.start();
            ExperimentJournal run = awaitEnd(id);
            assertThat(coordinator.logText().substring(logMark))
                    .as("the restarted coordinator resumed from the journal")
                    .contains(id + " resumes at iteration " + FAULTED_ITERATION + " phase SAMPLING");
            assertSameAsBaseline(run);
        });
    }

    @Test
    @Order(4)
    void aCoordinatorKilledWhileCollectingTheTrainingSetResumesAndCollectsItAgain() throws Exception {
        scenario("coordinator killed while collecting", () -> {
            ExperimentJournal before = killCoordinatorIn("coordinator-killed-collecting", Phase.COLLECTING, 1);
            assertThat(before.experimentEvents(SamplingFinished.class))
                    .anyMatch(e -> e.iteration() == FAULTED_ITERATION);
            assertThat(before.experimentEvents(TrainingStarted.class))
                    .noneMatch(e -> e.iteration() == FAULTED_ITERATION);
            assertThat(before.experimentEvents(TrainingSkipped.class))
                    .noneMatch(e -> e.iteration() == FAULTED_ITERATION);
        });
    }

    @Test
    @Order(5)
    void aCoordinatorKilledWhileATrainingRunsResumesAndJournalsOneModel() throws Exception {
        scenario("coordinator killed while training", () -> {
            ExperimentJournal before = killCoordinatorIn("coordinator-killed-training", Phase.TRAINING, 0);
            assertThat(before.experimentEvents(TrainingStarted.class))
                    .anyMatch(e -> e.iteration() == FAULTED_ITERATION);
            assertThat(before.experimentEvents(ModelTrained.class)).noneMatch(e -> e.iteration() == FAULTED_ITERATION);
        });
    }

    @Test
    @Order(6)
    void aCoordinatorKilledWhileEvaluatingResumesFromItsEvaluationCursor() throws Exception {
        scenario("coordinator killed while evaluating", () -> {
            ExperimentJournal before =
                    killCoordinatorIn("coordinator-killed-evaluating", Phase.EVALUATING, EVALUATED / 3);
            assertThat(before.experimentEvents(ModelTrained.class)).anyMatch(e -> e.iteration() == FAULTED_ITERATION);
            assertThat(before.experimentEvents(Evaluated.class)).noneMatch(e -> e.iteration() == FAULTED_ITERATION);
            assertThat(before.problemEvents(ProblemEvent.Evaluated.class)
                            .filter(e -> e.iteration() == FAULTED_ITERATION))
                    .as("evaluations of iteration %d journaled before the kill", FAULTED_ITERATION)
                    .isNotEmpty();
        });
    }

    /**
     * Starts an experiment, has the coordinator SIGKILL itself once the faulted iteration is in the phase
     * with at least {@code minDone} problems done (the node watches its own status: collecting and
     * training pass too quickly to be hit from here), starts it again, and requires the run to resume in
     * that phase and end as the baseline did. Returns the journal as the kill left it, for the caller to
     * check what the phase had done.
     */
    private static ExperimentJournal killCoordinatorIn(String id, Phase phase, int minDone) throws Exception {
        startExperiment(id);
        coordinator.send(
                "kill-at " + id + " " + FAULTED_ITERATION + " " + phase.name().toLowerCase() + " " + minDone);
        long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
        while (coordinator.isAlive() && System.nanoTime() < deadline) {
            assertThat(coordinator.logText())
                    .as("the coordinator saw %s in %s", id, phase)
                    .doesNotContain("kill-at " + id + " missed");
            ItFixture.sleep(200);
        }
        int exit = coordinator.awaitExit(Duration.ofSeconds(1));
        assertThat(coordinator.logText())
                .as("the coordinator killed itself in %s", phase)
                .contains("kill-at " + id + ": SIGKILL at");
        assertThat(exit).as("exit value of the coordinator after SIGKILL").isEqualTo(NodeProcess.SIGKILL_EXIT);
        ExperimentJournal before = retrying(() -> ExperimentJournal.read(reader, id));
        assertThat(before.experimentEvents(ExperimentFinished.class)).isEmpty();
        log.info("killed the coordinator in iteration {} {} of {}", FAULTED_ITERATION, phase, id);
        int logMark = coordinator.logText().length();
        coordinator.start();
        ExperimentJournal run = awaitEnd(id);
        assertThat(coordinator.logText().substring(logMark))
                .as("the restarted coordinator resumed from the journal")
                .contains(id + " resumes at iteration " + FAULTED_ITERATION + " phase " + phase);
        assertSameAsBaseline(run);
        return before;
    }

    @Test
    @Order(7)
    void cassandraStoppedMidIterationIsWaitedForAndTheRunCompletes() throws Exception {
        scenario("Cassandra restarted", () -> {
            String id = "cassandra-restarted";
            startExperiment(id);
            awaitMidSampling(id);
            int logMark = coordinator.logText().length();
            long stopping = System.nanoTime();
            assertThat(EmbeddedCassandra.stop(cassandraSettings))
                    .as("Cassandra was running and is stopped")
                    .isTrue();
            log.info("Cassandra stopped in {} s", seconds(stopping));
            awaitLog(coordinator, logMark, "Failed to persist event", "NoNodeAvailableException");
            EmbeddedCassandra.start(cassandraSettings, EmbeddedCassandra.Lifetime.WITH_THIS_JVM);
            log.info("Cassandra back {} s after it was stopped", seconds(stopping));
            ExperimentJournal run = awaitEnd(id);
            assertThat(coordinator.logText().substring(logMark))
                    .as("the coordinator met the outage and retried")
                    .contains("Failed to persist event")
                    .contains("NoNodeAvailableException");
            assertSameAsBaseline(run);
        });
    }

    // ---- what each run must show ----

    private static void assertSameAsBaseline(ExperimentJournal run) {
        assertThat(baseline).as("the baseline run finished").isNotNull();
        assertRunIsConsistent(run);
        String id = run.experimentId();
        assertThat(run.sampleOutcomes())
                .as("every sample and decision of %s against the baseline", id)
                .isEqualTo(baseline.sampleOutcomes());
        assertThat(run.trainedModels()).as("models of %s", id).isEqualTo(baseline.trainedModels());
        for (int t = 0; t <= ITERATIONS; t++) {
            assertThat(evaluated(run, t).counters())
                    .as("evaluation counters of iteration %d of %s", t, id)
                    .isEqualTo(evaluated(baseline, t).counters());
        }
        List<IterationMetrics> metrics = storedMetricsAgreeWithTheJournal(run);
        assertThat(metrics).as("metrics of %s against the baseline", id).isEqualTo(baselineMetrics);
    }

    /** One Sampled per position, one decision per sample, counters equal to the problem journals. */
    private static void assertRunIsConsistent(ExperimentJournal run) {
        String id = run.experimentId();
        assertThat(run.experimentEvents(ExperimentFailed.class)).isEmpty();
        assertThat(run.experimentEvents(ExperimentFinished.class)).hasSize(1);
        assertThat(run.problems()).as("problems of %s", id).hasSize(TRAIN + TEST);

        run.assertEachSampleOnceAndDecidedOnce();

        for (int t = 1; t <= ITERATIONS; t++) {
            int iteration = t;
            List<SamplingFinished> finished = run.experimentEvents(SamplingFinished.class).stream()
                    .filter(e -> e.iteration() == iteration)
                    .toList();
            assertThat(finished).as("SamplingFinished(%d) of %s", t, id).hasSize(1);
            IterationCounts fromProblems = run.samplingCounters(t);
            assertThat(fromProblems.problems()).isEqualTo(TRAIN);
            assertThat(finished.get(0).counters())
                    .as("SamplingFinished(%d) of %s against the problem journals", t, id)
                    .isEqualTo(fromProblems);
        }
        for (int t = 0; t <= ITERATIONS; t++) {
            int iteration = t;
            IterationCounts fromProblems = IterationCounts.NONE;
            for (ProblemEvent.Evaluated e : run.problemEvents(ProblemEvent.Evaluated.class)
                    .filter(e -> e.iteration() == iteration)
                    .toList()) {
                fromProblems = fromProblems.plus(IterationCounts.evaluated(
                        e.evaluationSplit(), new IterationCounts.SplitCounts(0, 1, e.correct() ? 1 : 0, 0, 0), 0));
            }
            assertThat(evaluated(run, t).counters())
                    .as("Evaluated(%d) of %s against the problem journals", t, id)
                    .isEqualTo(fromProblems);
        }
    }

    /**
     * The metrics the read side stored for every iteration (waiting until they are complete) equal the
     * metrics recomputed from the journal with {@link MetricsFromEvents}; returns them.
     */
    private static List<IterationMetrics> storedMetricsAgreeWithTheJournal(ExperimentJournal run) {
        String id = run.experimentId();
        List<IterationMetrics> fromJournal = run.metrics();
        assertThat(fromJournal)
                .extracting(IterationMetrics::iteration)
                .as("iterations of %s", id)
                .containsExactly(0, 1, 2);
        assertThat(ReadSideReader.awaitCompleted(
                        () -> retrying(() -> metricsQuery.stored(id)), id, ITERATIONS + 1, METRICS_TIMEOUT))
                .as("stored metrics of %s against the journal", id)
                .isEqualTo(fromJournal);
        return fromJournal;
    }

    // ---- driving the cluster ----

    /** Asks the coordinator to start an experiment and waits until its journal holds the start. */
    private static void startExperiment(String id) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            coordinator.send("start " + id + " " + experimentFile);
            long attempt = System.nanoTime() + Duration.ofSeconds(40).toNanos();
            while (System.nanoTime() < attempt) {
                if (!retrying(() -> reader.experimentEvents(id)).isEmpty()) {
                    return;
                }
                if (coordinator.logText().contains("start " + id + " failed")) {
                    break; // the cluster was not ready yet: ask again
                }
                ItFixture.sleep(500);
            }
        }
        fail("experiment %s did not start", id);
    }

    /** How often the coordinator's generation pool has logged a worker joining. */
    private static int workersJoined() {
        return coordinator.logText().split("generation worker joined", -1).length - 1;
    }

    private static void awaitWorkersJoined(int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (workersJoined() >= count) {
                return;
            }
            ItFixture.sleep(200);
        }
        fail("the generation pool saw fewer than %d workers join", count);
    }

    /**
     * Waits until the node's log, after {@code mark}, holds every one of {@code lines} (the outage the
     * test makes has been met), or a minute has passed; the caller's assertions then say what is missing.
     */
    private static void awaitLog(NodeProcess node, int mark, String... lines) {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (System.nanoTime() < deadline) {
            String text = node.logText().substring(mark);
            if (Stream.of(lines).allMatch(text::contains)) {
                return;
            }
            ItFixture.sleep(200);
        }
    }

    /** Waits until the faulted iteration's sampling has journaled a cursor past a fifth of its problems. */
    private static void awaitMidSampling(String id) {
        Predicate<List<ExperimentEvent>> midway = events -> events.stream()
                        .anyMatch(e -> e instanceof PhaseProgressed p
                                && p.iteration() == FAULTED_ITERATION
                                && p.phase() == ExperimentEvent.Phase.SAMPLING
                                && p.watermark() >= TRAIN / 5)
                && events.stream()
                        .noneMatch(e -> e instanceof SamplingFinished f && f.iteration() == FAULTED_ITERATION);
        long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            List<ExperimentEvent> events = retrying(() -> reader.experimentEvents(id));
            if (midway.test(events)) {
                return;
            }
            assertThat(events)
                    .as("%s passed iteration %d's sampling before a fault could interrupt it", id, FAULTED_ITERATION)
                    .noneMatch(e -> e instanceof SamplingFinished f && f.iteration() == FAULTED_ITERATION);
            ItFixture.sleep(100);
        }
        fail("%s never reached the middle of iteration %d's sampling", id, FAULTED_ITERATION);
    }

    /** Reads the journal until the experiment has finished; fails on ExperimentFailed or the timeout. */
    private static ExperimentJournal awaitEnd(String id) {
        long started = System.nanoTime();
        long deadline = started + RUN_TIMEOUT.toNanos();
        List<ExperimentEvent> events = List.of();
        while (System.nanoTime() < deadline) {
            events = retrying(() -> reader.experimentEvents(id));
            events.stream()
                    .filter(ExperimentFailed.class::isInstance)
                    .findFirst()
                    .ifPresent(e -> fail("experiment %s failed: %s", id, ((ExperimentFailed) e).reason()));
            if (!events.isEmpty() && events.get(events.size() - 1) instanceof ExperimentFinished) {
                log.info("{} finished", id);
                return retrying(() -> ExperimentJournal.read(reader, id));
            }
            ItFixture.sleep(500);
        }
        return fail(
                "experiment %s did not finish within %s; last event %s",
                id, RUN_TIMEOUT, events.isEmpty() ? "none" : events.get(events.size() - 1));
    }

    /** Runs a scenario, logging its wall time, and on failure the tails of the node logs. */
    private static void scenario(String name, ThrowingRunnable body) throws Exception {
        long started = System.nanoTime();
        try {
            body.run();
            log.info("scenario '{}' passed in {} s", name, seconds(started));
        } catch (Throwable t) {
            log.error("scenario '{}' failed after {} s; node logs under {}", name, seconds(started), DIR);
            for (NodeProcess node : List.of(coordinator, gpu1, gpu2)) {
                List<String> lines = node.logText().lines().toList();
                log.error(
                        "last lines of {} ({}):\n{}",
                        node.name(),
                        node.log(),
                        String.join("\n", lines.subList(Math.max(0, lines.size() - 120), lines.size())));
            }
            throw t;
        }
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** A read that Cassandra may refuse while it restarts: tried again for up to two minutes. */
    private static <T> T retrying(Supplier<T> read) {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (true) {
            try {
                return read.get();
            } catch (RuntimeException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                log.info("read failed ({}); trying again", e.toString());
                ItFixture.sleep(1_000);
            }
        }
    }

    // ---- helpers ----

    private static Evaluated evaluated(ExperimentJournal run, int t) {
        List<Evaluated> evaluated = run.experimentEvents(Evaluated.class).stream()
                .filter(e -> e.iteration() == t)
                .toList();
        assertThat(evaluated).as("Evaluated(%d) of %s", t, run.experimentId()).hasSize(1);
        return evaluated.get(0);
    }

    private static List<String> workerNodes(ExperimentJournal run, int t) {
        return run.problemEvents(Sampled.class)
                .filter(s -> s.iteration() == t)
                .map(Sampled::workerNode)
                .distinct()
                .sorted()
                .toList();
    }

    private static long seconds(long startedNanos) {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedNanos);
    }
}
