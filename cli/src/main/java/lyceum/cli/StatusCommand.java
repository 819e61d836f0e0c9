package lyceum.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import lyceum.experiment.ExperimentActor.Status;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Experiments as the journal tells them: state, iteration, progress and latest figures. */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = "Show experiments with their iteration, progress and latest accuracy.")
final class StatusCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Option(
            names = "--all",
            description = "Include finished, failed and cancelled experiments (text output; JSON lists all).")
    boolean all;

    @Override
    public Integer call() throws Exception {
        List<Status> experiments = config.readJournal(reader -> {
            List<Status> read = new ArrayList<>();
            for (String id : reader.experimentIds()) {
                read.add(Status.fromJournal(id, reader.experimentEvents(id)));
            }
            return read;
        });
        if (json) {
            Json.print(Map.of("experiments", experiments));
            return 0;
        }
        List<Status> shown = experiments.stream()
                .filter(e -> all || e.state().equals("running"))
                .toList();
        if (shown.isEmpty()) {
            System.out.println(all ? "no experiments" : "no running experiments (--all lists the others)");
        }
        for (Status e : shown) {
            System.out.printf(
                    "%-14s %-10s %-12s iteration %d/%d %s %s%s%n",
                    e.id(),
                    e.state(),
                    e.name(),
                    e.iteration(),
                    e.iterations(),
                    e.phase() == null ? "" : e.phase() + " " + e.done() + "/" + e.total(),
                    e.latestAccuracy().isEmpty() ? "" : "accuracy " + e.latestAccuracy(),
                    e.failure() == null ? "" : " failure: " + e.failure());
        }
        return 0;
    }
}
