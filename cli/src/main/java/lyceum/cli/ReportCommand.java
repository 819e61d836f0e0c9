package lyceum.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import lyceum.report.ReportWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Writes an offline HTML report with charts of an experiment's metrics. */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Write an HTML report (charts as images beside it) of an experiment's metrics.")
final class ReportCommand implements Callable<Integer> {

  @Parameters(paramLabel = "EXPERIMENT", description = "Experiment id.")
  String experimentId;

  @Option(names = "--out", paramLabel = "DIR", description = "Folder to write (default: DATA_DIR/reports/EXPERIMENT).")
  Path out;

  @Mixin ConfigOptions config;

  @Override
  public Integer call() throws Exception {
    Path dir = out != null ? out : lyceum.config.NodeSettings.fromConfig(config.load()).dataDir()
        .resolve("reports").resolve(experimentId);
    Path index = ReportWriter.write(experimentId, MetricsCommand.load(config, experimentId), dir);
    System.out.println(index.toAbsolutePath());
    return 0;
  }
}
