package lyceum.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.datastax.oss.driver.api.core.CqlSession;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import lyceum.cassandra.CassandraServerSettings;
import lyceum.cassandra.CqlSessions;
import lyceum.cassandra.EmbeddedCassandra;
import lyceum.cassandra.LyceumKeyspaces;
import lyceum.cassandra.LyceumSchema;
import lyceum.cassandra.Replication;
import lyceum.config.LyceumConfig;
import lyceum.events.ExperimentEvent;
import lyceum.events.ExperimentEvent.Phase;
import lyceum.events.ExperimentEvent.PhaseProgressed;
import lyceum.events.ExperimentEvent.SamplingFinished;
import lyceum.events.ProblemEvent.ProblemRegistered;
import lyceum.events.ProblemEvent.Sampled;
import lyceum.net.FreePorts;
import lyceum.replay.JournalReader;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A network partition, made with Linux network namespaces: the coordinator and two gpu nodes each run
 * in a namespace of their own, joined by veth pairs to a bridge in the root namespace, where the
 * embedded Cassandra 5 listens on the bridge's address. In the middle of an iteration's sampling the
 * link of one gpu node is cut: the split brain resolver downs it (the minority side), its batches are
 * re-dispatched to the other gpu node, the problem entities it hosted restart elsewhere from their
 * journals, and the experiment completes with every (problem, iteration, round, index) sampled once,
 * every sample decided once, nothing missing and the coordinator's counters equal to the journals.
 *
 * <p>It needs root (to make namespaces), as CI has; where {@code ip netns add} does not work it fails
 * rather than skips. The namespaces, veths and bridge are removed after the test, and also before it in
 * case an earlier run was killed. Its Cassandra is its own, not the test run's ({@link ItFixture}): it
 * must listen on the bridge, which exists only while this test runs.
 */
@ExtendWith(ItFixture.class)
class PartitionIT {

    private static final Logger log = LoggerFactory.getLogger(PartitionIT.class);

    private static final Path DIR = Path.of("target", "partition-it").toAbsolutePath();
    private static final String BRIDGE = "lycpbr0";
    private static final String SUBNET = "10.213.77.";
    private static final String CASSANDRA_HOST = SUBNET + "1";
    private static final int TRAIN = 30;
    private static final int TEST = 10;
    private static final int SAMPLES = ItFixture.FAULT_SAMPLES;
    private static final int ITERATIONS = 2;
    private static final int CUT_ITERATION = 1;
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(4);

    private static final String EXPERIMENT = ItFixture.faultExperiment("partition", 23, ITERATIONS, TRAIN, TEST, 5);

    /** A node in its own namespace: its veth's root end, its address, its process. */
    private record Member(String namespace, String veth, String address, int port, NodeProcess process) {}

    static CassandraServerSettings cassandraSettings;
    static CqlSession session;
    static JournalReader reader;
    static final List<Member> members = new ArrayList<>();

    @BeforeAll
    static void startNetworkCassandraAndCluster() throws Exception {
        removeNetwork();
        // Fails loudly where namespaces cannot be made (not root, no CAP_NET_ADMIN): never a skip.
        sh("ip", "netns", "add", "lycp-probe");
        sh("ip", "netns", "del", "lycp-probe");
        sh("ip", "link", "add", BRIDGE, "type", "bridge");
        sh("ip", "addr", "add", CASSANDRA_HOST + "/24", "dev", BRIDGE);
        sh("ip", "link", "set", BRIDGE, "up");
        String[] roles = {"coordinator", "gpu", "gpu"};
        List<Integer> ports = List.of(FreePorts.next(), FreePorts.next(), FreePorts.next());
        for (int i = 0; i < roles.length; i++) {
            String ns = "lycp-" + i;
            String veth = "lycp" + i;
            String address = SUBNET + (10 + i);
            sh("ip", "netns", "add", ns);
            sh("ip", "link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", ns);
            sh("ip", "link", "set", veth, "master", BRIDGE);
            sh("ip", "link", "set", veth, "up");
            sh("ip", "netns", "exec", ns, "ip", "addr", "add", address + "/24", "dev", "eth0");
            sh("ip", "netns", "exec", ns, "ip", "link", "set", "eth0", "up");
            sh("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up");
            members.add(new Member(ns, veth, address, ports.get(i), null));
        }

        Files.createDirectories(DIR);
        FileUtils.deleteDirectory(DIR.resolve("cassandra").toFile());
        FileUtils.deleteDirectory(DIR.resolve("data").toFile());
        int nativePort = FreePorts.next();
        Config config = LyceumConfig.load(
                Optional.empty(),
                ConfigFactory.parseMap(Map.of(
                        "lyceum.cassandra.username",
                        "",
                        "lyceum.cassandra.embedded.host",
                        CASSANDRA_HOST,
                        "lyceum.cassandra.embedded.data-dir",
                        DIR.resolve("cassandra").toString(),
                        "lyceum.cassandra.embedded.native-port",
                        nativePort,
                        "lyceum.cassandra.embedded.storage-port",
                        FreePorts.next(),
                        "lyceum.cassandra.embedded.max-heap",
                        "768M",
                        "lyceum.cassandra.embedded.stop-grace",
                        "20s")));
        cassandraSettings = CassandraServerSettings.fromConfig(config);
        EmbeddedCassandra.start(cassandraSettings, EmbeddedCassandra.Lifetime.WITH_THIS_JVM);
        session = CqlSessions.open(cassandraSettings);
        LyceumSchema.create(session, LyceumKeyspaces.fromConfig(config), Replication.fromConfig(config));
        reader = JournalReader.open(config);
        Files.writeString(DIR.resolve("experiment.conf"), EXPERIMENT, StandardCharsets.UTF_8);

        List<String> seeds = members.stream()
                .map(m -> "pekko://Lyceum@" + m.address() + ":" + m.port())
                .toList();
        for (int i = 0; i < roles.length; i++) {
            Member m = members.get(i);
            NodeProcess process = node(roles[i], m, seeds, nativePort).start();
            members.set(i, new Member(m.namespace(), m.veth(), m.address(), m.port(), process));
        }
    }

    private static NodeProcess node(String role, Member m, List<String> seeds, int nativePort) throws IOException {
        Path file = NodeProcess.writeConfig(
                DIR.resolve("node-" + m.namespace() + ".conf"),
                m.address(),
                m.port(),
                role,
                seeds,
                DIR.resolve("data"),
                "lyceum.cassandra.embedded { data-dir = \"" + DIR.resolve("cassandra") + "\", host = \""
                        + CASSANDRA_HOST + "\", native-port = " + nativePort + " }",
                // A private bridge of this test: plain remoting on it is what is meant (TLS has tests of its own).
                "lyceum.remote.insecure = on");
        return new NodeProcess(
                role + "-" + m.namespace(),
                file,
                DIR.resolve("node-" + m.namespace() + ".log"),
                List.of("ip", "netns", "exec", m.namespace()));
    }

    @AfterAll
    static void stopAllAndRemoveTheNetwork() throws Exception {
        try {
            for (Member m : members) {
                if (m.process() != null) {
                    m.process().stop(Duration.ofSeconds(20));
                }
            }
            if (reader != null) {
                reader.close();
            }
            if (session != null) {
                session.close();
            }
            if (cassandraSettings != null) {
                EmbeddedCassandra.stop(cassandraSettings);
            }
        } finally {
            removeNetwork();
        }
    }

    @Test
    void aGpuNodeCutOffMidSamplingIsDownedAndItsWorkIsRedispatchedWithNothingLostOrDoubled() throws Exception {
        long started = System.nanoTime();
        NodeProcess coordinator = members.get(0).process();
        Member cut = members.get(2);
        String id = "partition";
        try {
            startExperiment(coordinator, id);
            awaitMidSampling(id);
            int logMark = coordinator.logText().length();
            sh("ip", "link", "set", cut.veth(), "down");
            log.info("cut the link of {} ({})", cut.process().name(), cut.address());
            ExperimentJournal run = awaitEnd(id);
            log.info(
                    "partition scenario finished in {} s", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));

            String after = coordinator.logText().substring(logMark);
            String cutAddress = "pekko://Lyceum@" + cut.address() + ":" + cut.port();
            assertThat(after)
                    .as("the split brain resolver of the coordinator's side decided")
                    .contains("SBR took decision");
            assertThat(after)
                    .as("the generation pool saw the cut node leave")
                    .contains("generation worker left: " + cutAddress);
            assertThat(cut.process().logText())
                    .as("the cut node's own split brain resolver downed its side")
                    .contains("SBR took decision");
            assertThat(workers(run, CUT_ITERATION))
                    .as("gpu nodes that sampled iteration %d", CUT_ITERATION)
                    .contains(members.get(1).address() + ":" + members.get(1).port(), cut.address() + ":" + cut.port());
            assertThat(workers(run, ITERATIONS))
                    .as("gpu nodes that sampled iteration %d, after the cut", ITERATIONS)
                    .containsExactly(
                            members.get(1).address() + ":" + members.get(1).port());
            assertNothingLostOrDoubled(run);
        } catch (Throwable t) {
            for (Member m : members) {
                List<String> lines = m.process().logText().lines().toList();
                log.error(
                        "last lines of {}:\n{}",
                        m.process().name(),
                        String.join("\n", lines.subList(Math.max(0, lines.size() - 100), lines.size())));
            }
            throw t;
        }
    }

    /** Every training problem sampled fully in every iteration, each position once, each sample decided once. */
    private static void assertNothingLostOrDoubled(ExperimentJournal run) {
        assertThat(run.problems()).hasSize(TRAIN + TEST);
        run.assertEachSampleOnceAndDecidedOnce();
        List<String> trainProblems = run.problems().entrySet().stream()
                .filter(e -> "train".equals(((ProblemRegistered) e.getValue().get(0)).split()))
                .map(Map.Entry::getKey)
                .toList();
        assertThat(trainProblems).hasSize(TRAIN);
        for (int t = 1; t <= ITERATIONS; t++) {
            int iteration = t;
            for (String problem : trainProblems) {
                assertThat(run.problemEvents(problem, Sampled.class).stream()
                                .filter(s -> s.iteration() == iteration && s.round() == 0)
                                .map(Sampled::index)
                                .sorted()
                                .toList())
                        .as("first-round samples of %s in iteration %d", problem, t)
                        .containsExactly(java.util.stream.IntStream.range(0, SAMPLES)
                                .boxed()
                                .toArray(Integer[]::new));
            }
            List<SamplingFinished> finished = run.experimentEvents(SamplingFinished.class).stream()
                    .filter(e -> e.iteration() == iteration)
                    .toList();
            assertThat(finished).as("SamplingFinished(%d)", t).hasSize(1);
            assertThat(finished.get(0).counters())
                    .as("SamplingFinished(%d) against the problem journals", t)
                    .isEqualTo(run.samplingCounters(t));
        }
    }

    private static List<String> workers(ExperimentJournal run, int t) {
        return run.problemEvents(Sampled.class)
                .filter(s -> s.iteration() == t)
                .map(s -> s.workerNode().replaceAll("^.*@", "").replaceAll("/.*$", ""))
                .distinct()
                .sorted()
                .toList();
    }

    // ---- driving the cluster ----

    private static void startExperiment(NodeProcess coordinator, String id) {
        long deadline = System.nanoTime() + Duration.ofSeconds(150).toNanos();
        while (System.nanoTime() < deadline) {
            coordinator.send("start " + id + " " + DIR.resolve("experiment.conf"));
            long attempt = System.nanoTime() + Duration.ofSeconds(40).toNanos();
            while (System.nanoTime() < attempt) {
                if (!reader.experimentEvents(id).isEmpty()) {
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

    private static void awaitMidSampling(String id) {
        long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            List<ExperimentEvent> events = reader.experimentEvents(id);
            assertThat(events)
                    .as("%s passed iteration %d's sampling before the cut", id, CUT_ITERATION)
                    .noneMatch(e -> e instanceof SamplingFinished f && f.iteration() == CUT_ITERATION);
            if (events.stream()
                    .anyMatch(e -> e instanceof PhaseProgressed p
                            && p.iteration() == CUT_ITERATION
                            && p.phase() == Phase.SAMPLING
                            && p.watermark() >= TRAIN / 5)) {
                return;
            }
            ItFixture.sleep(100);
        }
        fail("%s never reached the middle of iteration %d's sampling", id, CUT_ITERATION);
    }

    private static ExperimentJournal awaitEnd(String id) throws InterruptedException {
        return ExperimentJournal.awaitEnd(reader, id, RUN_TIMEOUT);
    }

    // ---- the network ----

    /** Removes what this test makes; each step may find nothing to remove. */
    private static void removeNetwork() {
        for (int i = 0; i < 3; i++) {
            quietly("ip", "netns", "del", "lycp-" + i); // its eth0 goes with it, and so the veth's root end
            quietly("ip", "link", "del", "lycp" + i);
        }
        quietly("ip", "netns", "del", "lycp-probe");
        quietly("ip", "link", "del", BRIDGE);
    }

    /** Runs a command and fails, with its output, unless it succeeds. */
    private static void sh(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            fail(
                    "'%s' failed (network namespaces need root or CAP_NET_ADMIN): %s",
                    String.join(" ", command), output.strip());
        }
    }

    private static void quietly(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor(30, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            log.warn("'{}' failed: {}", String.join(" ", command), e.toString());
        }
    }
}
