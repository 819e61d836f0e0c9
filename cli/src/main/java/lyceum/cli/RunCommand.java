package lyceum.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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

/**
 * Runs one experiment on a node in this JVM (joining the configured cluster) to its end; under several
 * seeds, one run per seed, one after the other (a seed group, see {@link SeedGroups}).
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = "Run an experiment described by a HOCON file; prints its id, then follows it to the end. Under"
                + " several seeds (--seeds or the file's seeds key) it runs once per seed, one after the other, each run"
                + " an experiment of its own with id ID-seedN, and prints each id.")
final class RunCommand implements Callable<Integer> {

    @Parameters(paramLabel = "CONFIG", description = "Experiment file (HOCON).")
    Path experimentFile;

    @Mixin
    ConfigOptions config;

    @Option(
            names = "--id",
            description = "Experiment id (default: a new one): letters, digits, '.', '_' and '-',"
                    + " not starting with '.', at most 64 characters. Re-running an id resumes it.")
    String experimentId;

    @Option(
            names = "--seeds",
            paramLabel = "N,N,...",
            description =
                    "Run once per seed (integers separated by"
                            + " commas), overriding the file's seeds key; the runs form the seed group ID (see lyceum metrics).")
    String seedsOption;

    @Option(names = "--json", description = "Print one JSON object at the end instead of text.")
    boolean json;

    @Option(
            names = "--worker-wait",
            defaultValue = "30s",
            description = "How long to wait for a gpu worker (default ${DEFAULT-VALUE}).")
    String workerWait;

    @Override
    public Integer call() throws Exception {
        if (experimentId != null && Ids.experimentIdError(experimentId) != null) {
            throw new IllegalArgumentException("--id: " + Ids.experimentIdError(experimentId));
        }
        List<Long> given = seedsOption != null ? SeedGroups.parse(seedsOption) : null;
        var nodeConfig = config.load();
        ExperimentConfig experiment = ExperimentConfigLoader.load(
                experimentFile, NodeSettings.fromConfig(nodeConfig).dataDir());
        List<Long> seeds = given != null ? given : ExperimentConfigLoader.seeds(experimentFile);
        String id = experimentId != null ? experimentId : ExperimentRunner.newExperimentId();
        // One run per seed; without seeds, the one run under the file's seed keeps the id as given.
        Map<String, ExperimentConfig> runs = new LinkedHashMap<>();
        if (seeds.isEmpty()) {
            runs.put(id, experiment);
        } else {
            for (long seed : seeds) {
                String member = SeedGroups.memberId(id, seed);
                if (Ids.experimentIdError(member) != null) {
                    throw new IllegalArgumentException(
                            "--id " + id + " with seed " + seed + ": " + Ids.experimentIdError(member));
                }
                runs.put(member, experiment.withSeed(seed));
            }
        }
        if (!json) {
            runs.keySet().forEach(System.out::println);
        }
        List<Map<String, Object>> results = new ArrayList<>();
        boolean allFinished = true;
        try (LocalNode local = LocalNode.start(nodeConfig, System.err)) {
            local.awaitGenerationWorker(Duration.parse("PT" + workerWait.toUpperCase()));
            for (var run : runs.entrySet()) {
                ExperimentActor.Status status = ExperimentRunner.run(local, run.getKey(), run.getValue(), System.err);
                if (status.state().equals("finished")) {
                    ExperimentRunner.awaitMetrics(local, nodeConfig, run.getKey(), System.err);
                }
                allFinished &= status.state().equals("finished");
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("experiment", run.getKey());
                out.put("seed", run.getValue().seed());
                out.put("state", status.state());
                out.put("iteration", status.iteration());
                out.put("failure", status.failure());
                results.add(out);
            }
        }
        if (json) {
            if (seeds.isEmpty()) {
                results.get(0).remove("seed");
                Json.print(results.get(0));
            } else {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("group", id);
                out.put("runs", results);
                Json.print(out);
            }
        }
        return allFinished ? 0 : 1;
    }
}
