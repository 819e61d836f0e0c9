package lyceum.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import lyceum.events.ExperimentEvent;
import lyceum.events.ExperimentEvent.ExperimentStarted;
import lyceum.experiment.ExperimentActor;
import lyceum.metrics.IterationMetrics;
import lyceum.projections.metrics.StoredIterationMetrics;
import lyceum.tracking.MlflowStore;
import lyceum.tracking.TensorBoardFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** An experiment's metrics in the files experiment trackers read. */
@Command(
        name = "export-metrics",
        mixinStandardHelpOptions = true,
        description = {
            "Write an experiment's per-iteration metrics (every scalar of `lyceum metrics`, step = iteration) for an"
                    + " experiment tracker.",
            "  mlflow       an MLflow file store (mlflow ui --backend-store-uri DIR): the experiment's meta.yaml, a run"
                    + " with its meta.yaml, params from the experiment config, metrics files of `timestamp value step`"
                    + " lines, tags with the config hash and code version",
            "  tensorboard  a TensorBoard event file (tensorboard --logdir DIR; W&B reads it with `wandb sync"
                    + " --sync-tensorboard`)"
        })
final class ExportMetricsCommand implements Callable<Integer> {

    @Parameters(paramLabel = "EXPERIMENT", description = "Experiment id.")
    String experimentId;

    @Option(names = "--format", required = true, paramLabel = "FORMAT", description = "mlflow or tensorboard.")
    String format;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "DIR",
            description = "Folder to write into (created if needed;"
                    + " for mlflow, the store's root, which may hold other runs).")
    Path out;

    @Mixin
    ConfigOptions config;

    @Override
    public Integer call() throws Exception {
        if (!format.equals("mlflow") && !format.equals("tensorboard")) {
            throw new IllegalArgumentException("--format " + format + ": use mlflow or tensorboard");
        }
        var c = config.load();
        List<ExperimentEvent> events = ConfigOptions.readJournal(c, reader -> reader.experimentEvents(experimentId));
        ExperimentStarted started = events.stream()
                .filter(ExperimentStarted.class::isInstance)
                .map(ExperimentStarted.class::cast)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "no experiment " + experimentId + " in the journal (lyceum status --all lists them)"));
        ExperimentActor.Status summary = ExperimentActor.Status.fromJournal(experimentId, events);
        Map<Integer, Long> wallTimes =
                StoredIterationMetrics.wallTimes(ConfigOptions.queryMetrics(c, q -> q.stored(experimentId)));
        List<IterationMetrics> metrics = ConfigOptions.queryMetrics(c, q -> q.storedOrComputed(experimentId));
        Path written;
        if (format.equals("tensorboard")) {
            written = TensorBoardFiles.write(out, started.startedAtEpochMillis(), metrics, wallTimes);
        } else {
            Long ended = summary.state().equals("running")
                    ? null
                    : wallTimes.values().stream().max(Long::compare).orElse(started.startedAtEpochMillis());
            written = MlflowStore.write(
                    out,
                    new MlflowStore.Run(
                            experimentId,
                            started.name(),
                            started.configJson(),
                            started.configHash(),
                            started.codeVersion(),
                            started.startedAtEpochMillis(),
                            ended,
                            summary.state()),
                    metrics,
                    wallTimes);
        }
        System.err.printf("exported %d iteration(s) of %s as %s%n", metrics.size(), experimentId, format);
        System.out.println(written.toAbsolutePath());
        return 0;
    }
}
