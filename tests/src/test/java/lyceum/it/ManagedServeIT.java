package lyceum.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import lyceum.engine.Generation;
import lyceum.engine.GenerationRequest;
import lyceum.engine.Generator;
import lyceum.events.ProblemEvent.Evaluated;
import lyceum.events.ProblemEvent.Sampled;
import lyceum.events.SampleId;
import lyceum.experiment.config.ExperimentConfig;
import lyceum.model.CheckpointStore;
import lyceum.model.DjlTrainer;
import lyceum.node.LyceumNode;
import lyceum.node.WorkerEngines;
import lyceum.openai.OpenAiClients;
import lyceum.replay.JournalReader;
import lyceum.serving.CheckpointLocator;
import lyceum.serving.DeviceHandoverTrainer;
import lyceum.serving.ManagedServerGenerator;
import lyceum.serving.ServerSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * An experiment sampled through a managed server whose command is {@code lyceum serve} (the command
 * line's own main, in a child JVM), restarted on each iteration's checkpoint, as
 * examples/managed-node.conf sets it up but small. The server holding the first sampling batch of
 * iteration 1 is killed with {@code kill -9}: it is started again, the batch sent again, and the run
 * completes with one Sampled event and one decision per sample, each journaled under the version the
 * server that answered it was verified to serve.
 */
@ExtendWith(ItFixture.class)
class ManagedServeIT {
    private static final String ID = "managed-serve";
    private static final int TRAIN = 8;
    private static final int HELD_OUT = 4;
    private static final int HELD_IN = 4;
    private static final int SAMPLES = 3;
    private static final int ITERATIONS = 2;
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(6);

    @TempDir
    static Path tmp;

    static JournalReader reader;
    static ManagedServerGenerator managed;
    static KillingOnce served;
    static LyceumNode node;

    @BeforeAll
    static void start() throws Exception {
        Config config = ItFixture.nodeConfig(ManagedServeIT.class, tmp.resolve("node"), Map.of());
        reader = JournalReader.open(config);
        Path dataDir = tmp.resolve("node");
        CheckpointStore checkpoints = new CheckpointStore(dataDir.resolve("checkpoints"));
        // As LocalNode wires a gpu node with lyceum.gpu.server set, with a tiny model for the trainer.
        ServerSettings settings = new ServerSettings(
                serveCommand(),
                Map.of(),
                List.of("cpu"),
                ServerSettings.Reload.RESTART,
                "",
                "",
                "",
                Duration.ofMinutes(2),
                3,
                4,
                Duration.ofMinutes(1),
                Map.of());
        managed = new ManagedServerGenerator(
                settings, "cpu", new CheckpointLocator(settings.models(), checkpoints, dataDir));
        served = new KillingOnce(managed);
        DjlTrainer trainer = ItFixture.tinyTrainer(checkpoints, 60);
        node = ItFixture.startNode(
                config,
                new WorkerEngines(
                        List.of(served),
                        List.of(new DeviceHandoverTrainer(trainer, List.of(managed))),
                        new OpenAiClients()));
    }

    /** {@code lyceum serve {model_path} --port {port}}: the command line's main in a JVM of its own. */
    private static List<String> serveCommand() {
        return List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Dai.djl.offline=true",
                "-Dai.djl.pytorch.num_threads=1",
                "-Dlogback.configurationFile=logback-node.xml",
                "-cp",
                NodeProcess.testClasspath(),
                "lyceum.cli.Lyceum",
                "serve",
                "{model_path}",
                "--port",
                "{port}");
    }

    @AfterAll
    static void stopAll() throws Exception {
        ItFixture.closeAll(node, managed, reader);
    }

    @Test
    void everyIterationIsSampledFromARestartedServerThatSurvivesAKill9() throws Exception {
        ExperimentConfig experiment = ItFixture.experiment(
                "  name = \"managed-serve-it\"",
                "  seed = 7",
                "  iterations = " + ITERATIONS,
                "  dataset { held-in-count = " + HELD_IN + ", synthetic { train-count = " + TRAIN + ", test-count = "
                        + HELD_OUT + ", min-steps = 1, max-steps = 2, max-operand = 10 } }",
                "  strategy { name = \"vanilla\", sample-num = " + SAMPLES + ", min-correct = 1, max-tokens = 48 }",
                // the original data makes every iteration train, so each has a new checkpoint to serve
                "  training { from = \"previous\", include-original = true, initial-epochs = 4, epochs = 1 }",
                "  evaluation.max-tokens = 48",
                "  runtime { window = 8, generation-timeout = 150s, training-timeout = 120s }");
        ExperimentJournal journal = ItFixture.run(node, reader, ID, experiment, "managed-serve-it", RUN_TIMEOUT);

        Map<Integer, String> trained = journal.trainedModels();
        assertThat(trained).containsOnlyKeys(0, 1, 2);
        assertThat(Set.copyOf(trained.values())).hasSize(3);

        // One Sampled event per sample, each of M_{t-1} in iteration t, and one decision each.
        List<Sampled> samples = journal.problemEvents(Sampled.class).toList();
        assertThat(samples).hasSize(ITERATIONS * TRAIN * SAMPLES);
        assertThat(samples.stream().map(Sampled::sampleId).distinct()).hasSize(samples.size());
        assertThat(samples)
                .allSatisfy(
                        s -> assertThat(s.modelVersion()).as(s.sampleId()).isEqualTo(trained.get(s.iteration() - 1)));
        journal.assertEachSampleOnceAndDecidedOnce();
        List<Evaluated> evaluations = journal.problemEvents(Evaluated.class).toList();
        assertThat(evaluations)
                .hasSize((ITERATIONS + 1) * (HELD_OUT + HELD_IN))
                .allSatisfy(e -> assertThat(e.modelVersion()).isEqualTo(trained.get(e.iteration())));

        // Every batch came back from the version the server was verified to serve, and each sample was
        // journaled under the version of the batch that answered it.
        List<KillingOnce.Answered> answered = served.answered();
        assertThat(answered).allSatisfy(b -> assertThat(b.verified()).isEqualTo(b.asked()));
        Map<String, Set<String>> versionsOfRequest = new HashMap<>();
        answered.forEach(b -> b.requestIds()
                .forEach(id -> versionsOfRequest
                        .computeIfAbsent(id, k -> new HashSet<>())
                        .add(b.verified())));
        assertThat(samples)
                .allSatisfy(s -> assertThat(versionsOfRequest.get(s.sampleId())).containsExactly(s.modelVersion()));

        // Each version was served by processes of its own: a restart for every new checkpoint.
        Map<Long, Set<String>> versionsOfPid = new HashMap<>();
        answered.forEach(b ->
                versionsOfPid.computeIfAbsent(b.pid(), k -> new HashSet<>()).add(b.asked()));
        assertThat(versionsOfPid.values())
                .allSatisfy(versions -> assertThat(versions).hasSize(1));
        assertThat(answered.stream().map(KillingOnce.Answered::asked).distinct())
                .hasSize(3);

        // The killed server held a sampling batch of M_0; a new process answered the rest of iteration 1.
        long killed = served.killedPid();
        assertThat(killed).as("a server was killed").isPositive();
        assertThat(ProcessHandle.of(killed).map(ProcessHandle::isAlive).orElse(false))
                .isFalse();
        assertThat(versionsOfPid.get(killed)).containsExactly(trained.get(0));
        assertThat(served.failures())
                .singleElement()
                .asString()
                .contains("died while sampling " + trained.get(0), "pid " + killed, "exit code 137");
        assertThat(answered.stream().filter(b -> b.asked().equals(trained.get(0)) && b.pid() != killed))
                .isNotEmpty();
        // M_0, its restart after the kill, M_1 and M_2 (evaluated, then sampled or not), at least
        assertThat(managed.starts()).isGreaterThanOrEqualTo(4);
    }

    /**
     * The node's generator: the managed server, recording which process answered each batch, for which
     * version and with which version verified, and sending {@code kill -9} to the server once, while it
     * holds the first sampling batch of iteration 1 (with reference scores beside them, a batch may hold all
     * of that iteration's samples).
     */
    static final class KillingOnce implements Generator {
        record Answered(String asked, String verified, long pid, List<String> requestIds) {}

        private final ManagedServerGenerator server;
        private final List<Answered> answered = new CopyOnWriteArrayList<>();
        private final List<String> failures = new CopyOnWriteArrayList<>();
        private volatile long killedPid = -1;

        KillingOnce(ManagedServerGenerator server) {
            this.server = server;
        }

        @Override
        public List<Generation> generate(String version, List<GenerationRequest> batch) throws Exception {
            // The worker calls one batch at a time, so the pid read here is that of the process about to answer.
            if (killedPid < 0
                    && batch.stream().anyMatch(r -> sampleOfIteration(r.requestId(), 1))
                    && version.equals(server.servingVersion())) {
                long pid = server.serverPid();
                killedPid = pid;
                Thread killer = new Thread(() -> kill9(pid), "kill-9-" + pid);
                killer.start();
            }
            List<Generation> generated;
            try {
                generated = server.generate(version, batch);
            } catch (Exception e) {
                failures.add(e.getMessage());
                throw e;
            }
            answered.add(new Answered(
                    version,
                    server.servingVersion(),
                    server.serverPid(),
                    generated.stream().map(Generation::requestId).toList()));
            return generated;
        }

        private static boolean sampleOfIteration(String requestId, int iteration) {
            try {
                return SampleId.parse(requestId).iteration() == iteration;
            } catch (IllegalArgumentException notASample) {
                return false;
            }
        }

        /** {@code kill -9 PID} just after the batch went out, while the server holds it. */
        private static void kill9(long pid) {
            try {
                Thread.sleep(50);
                Process kill = new ProcessBuilder("kill", "-9", Long.toString(pid))
                        .inheritIO()
                        .start();
                if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                    throw new IllegalStateException("kill -9 " + pid + " failed");
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        List<Answered> answered() {
            return new ArrayList<>(answered);
        }

        List<String> failures() {
            return List.copyOf(failures);
        }

        long killedPid() {
            return killedPid;
        }

        @Override
        public int preferredBatchSize() {
            return server.preferredBatchSize();
        }

        @Override
        public String device() {
            return server.device();
        }
    }
}
