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
 * set {@code lyceum.test.generator-latency}. Standard input carries commands, one per line:
 * {@code start EXPERIMENT_ID CONFIG_FILE} starts an experiment (coordinator only). The node stops when
 * its standard input ends, so it never outlives the test JVM that started it.
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
          ? config.getDuration("lyceum.test.generator-latency") : Duration.ofMillis(25);
      engines = new WorkerEngines(List.of(new TestDoubleGenerator(latency)), List.of(new TestDoubleTrainer()));
    }
    LyceumNode node = LyceumNode.start(settings.systemName(), config, new DatasetCatalog(), settings.dataDir(), engines);
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
        } else if (!line.isBlank()) {
          System.out.println("unknown command: " + line);
        }
      }
    }
    System.out.println("standard input closed: stopping");
    node.close();
    System.exit(0);
  }

  private static void start(LyceumNode node, String experimentId, Path configFile) {
    try {
      ExperimentActor.StartReply reply = node.startExperiment(experimentId, ExperimentConfigLoader.load(configFile),
          "cluster-it").toCompletableFuture().get(60, TimeUnit.SECONDS);
      System.out.println("start " + experimentId + ": " + reply);
    } catch (Exception e) {
      System.out.println("start " + experimentId + " failed: " + e);
    }
  }
}
