package lyceum.it;

import com.typesafe.config.Config;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import lyceum.config.LyceumConfig;
import lyceum.config.NodeSettings;
import lyceum.experiment.DatasetCatalog;
import lyceum.experiment.ExperimentActor;
import lyceum.experiment.config.ExperimentConfigLoader;
import lyceum.node.LyceumNode;
import lyceum.node.WorkerEngines;
import lyceum.projections.ReadSideProjections;

/**
 * One cluster node in a JVM of its own for the multi-node tests: a real {@link LyceumNode} (cluster,
 * sharding, persistence to the test's Cassandra, the read-side projections on a coordinator) whose gpu
 * role runs the deterministic {@link TestDoubleGenerator} and {@link TestDoubleTrainer}.
 *
 * <p>Argument: a Lyceum configuration file (node address, roles, seeds, Cassandra port) that may also
 * set {@code lyceum.test.generator-latency} and {@code lyceum.test.trainer-latency}. Standard input
 * carries commands, one per line: {@code start EXPERIMENT_ID CONFIG_FILE} starts an experiment
 * (coordinator only); {@code kill-at EXPERIMENT_ID ITERATION PHASE MIN_DONE} watches the experiment's
 * status and, as soon as it is in that iteration's phase with at least MIN_DONE problems done, sends
 * this JVM SIGKILL (a phase too short for a test polling the journal to hit is hit from here). The node
 * stops when its standard input ends, so it never outlives the test JVM that started it.
 */
public final class TestDoubleNodeMain {

    private TestDoubleNodeMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: TestDoubleNodeMain NODE_CONFIG_FILE");
            System.exit(2);
        }
        Config config = LyceumConfig.load(Optional.of(Path.of(args[0])));
        NodeSettings settings = NodeSettings.fromConfig(config);
        WorkerEngines engines = WorkerEngines.none();
        if (settings.hasRole(NodeSettings.GPU)) {
            Duration latency = config.hasPath("lyceum.test.generator-latency")
                    ? config.getDuration("lyceum.test.generator-latency")
                    : Duration.ofMillis(25);
            Duration trainerLatency = config.hasPath("lyceum.test.trainer-latency")
                    ? config.getDuration("lyceum.test.trainer-latency")
                    : Duration.ZERO;
            engines = new WorkerEngines(
                    List.of(new TestDoubleGenerator(latency)), List.of(new TestDoubleTrainer(trainerLatency)));
        }
        LyceumNode node =
                LyceumNode.start(settings.systemName(), config, new DatasetCatalog(), settings.dataDir(), engines);
        if (settings.hasRole(NodeSettings.COORDINATOR)) {
            ReadSideProjections.init(node.system());
        }
        System.out.println("node up " + settings.host() + ":" + settings.port() + " " + settings.roles());

        try (BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = commands.readLine()) != null) {
                String[] words = line.trim().split("\\s+");
                if (words.length == 3 && words[0].equals("start")) {
                    start(node, words[1], Path.of(words[2]));
                } else if (words.length == 5 && words[0].equals("kill-at")) {
                    killAt(node, words[1], Integer.parseInt(words[2]), words[3], Integer.parseInt(words[4]));
                } else if (!line.isBlank()) {
                    System.out.println("unknown command: " + line);
                }
            }
        }
        System.out.println("standard input closed: stopping");
        node.close();
        System.exit(0);
    }

    /**
     * Polls the experiment's status from a thread of its own and kills this JVM when it reaches the phase.
     * The killer is a shell started beforehand that waits for a line: starting a process when the phase is
     * reached would take long enough, on a busy machine, for a short phase to end first.
     */
    private static void killAt(LyceumNode node, String experimentId, int iteration, String phase, int minDone)
            throws java.io.IOException {
        Process killer = new ProcessBuilder(
                        "sh",
                        "-c",
                        "read go && kill -9 " + ProcessHandle.current().pid())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        java.io.Writer trigger = killer.outputWriter(StandardCharsets.UTF_8);
        Thread watcher = new Thread(
                () -> {
                    while (true) {
                        try {
                            ExperimentActor.Status s = node.status(experimentId)
                                    .toCompletableFuture()
                                    .get(10, TimeUnit.SECONDS);
                            if (!"running".equals(s.state()) || s.iteration() > iteration) {
                                System.out.println("kill-at " + experimentId + " missed: " + s);
                                killer.destroy();
                                return;
                            }
                            if (s.iteration() == iteration && phase.equals(s.phase()) && s.done() >= minDone) {
                                System.out.println("kill-at " + experimentId + ": SIGKILL at " + s);
                                System.out.flush();
                                trigger.write("go\n");
                                trigger.flush();
                                killer.waitFor();
                            }
                        } catch (Exception e) {
                            System.out.println("kill-at " + experimentId + ": status failed (" + e + "); polling on");
                        }
                        try {
                            Thread.sleep(2);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                },
                "kill-at");
        watcher.setDaemon(true);
        watcher.start();
    }

    private static void start(LyceumNode node, String experimentId, Path configFile) {
        try {
            ExperimentActor.StartReply reply = node.startExperiment(
                            experimentId, ExperimentConfigLoader.load(configFile), "cluster-it")
                    .toCompletableFuture()
                    .get(60, TimeUnit.SECONDS);
            System.out.println("start " + experimentId + ": " + reply);
        } catch (Exception e) {
            System.out.println("start " + experimentId + " failed: " + e);
        }
    }
}
