package lyceum.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import lyceum.dashboard.SavedReport;
import lyceum.experiment.ExperimentActor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The dashboard's page of an experiment, saved to a folder that opens offline. */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description =
                "Save an experiment's dashboard page (every metric per iteration as charts, the tail of the accepted"
                        + " data) to a folder that opens in a browser with no server and no network. Given a seed group, the charts"
                        + " show each figure's mean across its runs, with its 95% t interval as the band.")
final class ReportCommand implements Callable<Integer> {

    @Parameters(paramLabel = "EXPERIMENT", description = "Experiment id.")
    String experimentId;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Folder to write (default: DATA_DIR/reports/EXPERIMENT).")
    Path out;

    @Mixin
    ConfigOptions config;

    @Override
    public Integer call() throws Exception {
        Path dir = out != null
                ? out
                : lyceum.config.NodeSettings.fromConfig(config.load())
                        .dataDir()
                        .resolve("reports")
                        .resolve(experimentId);
        Journaled journaled = config.readJournal(reader -> {
            List<String> runs = SeedGroups.runs(reader, experimentId);
            return new Journaled(
                    runs,
                    runs.isEmpty()
                            ? ExperimentActor.Status.fromJournal(experimentId, reader.experimentEvents(experimentId))
                            : null);
        });
        Path index = journaled.runs().isEmpty()
                ? SavedReport.write(experimentId, journaled.summary(), MetricsCommand.load(config, experimentId), dir)
                : SavedReport.writeGroup(MetricsCommand.loadGroup(config, experimentId, journaled.runs()), dir);
        System.out.println(index.toAbsolutePath());
        return 0;
    }

    /** A seed group's runs, or else the experiment's summary. */
    private record Journaled(List<String> runs, ExperimentActor.Status summary) {}
}
