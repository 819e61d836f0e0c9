package lyceum.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import lyceum.config.NodeSettings;
import lyceum.experiment.ExperimentActor;
import lyceum.experiment.Ids;
import lyceum.experiment.config.ExperimentConfig;
import lyceum.experiment.config.ExperimentConfigLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Runs one experiment on a node in this JVM (joining the configured cluster) to its end. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run an experiment described by a HOCON file; prints its id, then follows it to the end.")
final class RunCommand implements Callable<Integer> {

  @Parameters(paramLabel = "CONFIG", description = "Experiment file (HOCON).")
  Path experimentFile;

  @Mixin ConfigOptions config;

  @Option(names = "--id", description = "Experiment id (default: a new one): letters, digits, '.', '_' and '-',"
      + " not starting with '.', at most 64 characters. Re-running an id resumes it.")
  String experimentId;

  @Option(names = "--json", description = "Print one JSON object at the end instead of text.")
  boolean json;

  @Option(names = "--worker-wait", defaultValue = "30s", description = "How long to wait for a gpu worker (default ${DEFAULT-VALUE}).")
  String workerWait;

  @Override
  public Integer call() throws Exception {
    if (experimentId != null && Ids.experimentIdError(experimentId) != null) {
      throw new IllegalArgumentException("--id: " + Ids.experimentIdError(experimentId));
    }
    var nodeConfig = config.load();
    ExperimentConfig experiment = ExperimentConfigLoader.load(experimentFile, NodeSettings.fromConfig(nodeConfig).dataDir());
    String id = experimentId != null ? experimentId : ExperimentRunner.newExperimentId();
    if (!json) {
      System.out.println(id);
    }
    try (LocalNode local = LocalNode.start(nodeConfig, System.err)) {
      local.awaitGenerationWorker(Duration.parse("PT" + workerWait.toUpperCase()));
      ExperimentActor.Status status = ExperimentRunner.run(local, id, experiment, System.err);
      if (status.state().equals("finished")) {
        ExperimentRunner.awaitMetrics(local, nodeConfig, id, System.err);
      }
      if (json) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("experiment", id);
        out.put("state", status.state());
        out.put("iteration", status.iteration());
        out.put("failure", status.failure());
        Json.print(out);
      }
      return status.state().equals("finished") ? 0 : 1;
    }
  }
}
