package lyceum.cli;

import java.util.concurrent.Callable;
import lyceum.replay.ProblemHistory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** A problem's whole event stream, readably. */
@Command(
        name = "history",
        mixinStandardHelpOptions = true,
        description = {
            "List every event of one problem of an experiment, oldest first, one line each (sequence number,"
                    + " write time, type, summary).",
            "Name the problem as PROBLEM_ID --experiment EXPERIMENT, or as EXPERIMENT~PROBLEM_ID (the first two"
                    + " parts of a sample id)."
        })
final class HistoryCommand implements Callable<Integer> {

    @Parameters(paramLabel = "PROBLEM", description = "PROBLEM_ID with --experiment, or EXPERIMENT~PROBLEM_ID.")
    String problem;

    @Option(
            names = {"-e", "--experiment"},
            paramLabel = "EXPERIMENT",
            description = "Experiment id.")
    String experimentId;

    @Option(
            names = "--json",
            description = "Print one JSON object: experiment, problem_id and events (each with"
                    + " persistence_id, sequence_nr, written_at, type, summary and the full event).")
    boolean json;

    @Mixin
    ConfigOptions config;

    @Override
    public Integer call() throws Exception {
        String[] named = experimentId != null ? new String[] {experimentId, problem} : problem.split("~");
        if (named.length < 2) {
            throw new IllegalArgumentException(
                    "name the experiment: PROBLEM_ID --experiment EXPERIMENT, or" + " EXPERIMENT~PROBLEM_ID");
        }
        String experiment = named[0];
        String problemId = named[1];
        ProblemHistory history = config.readJournal(
                reader -> ProblemHistory.of(experiment, problemId, reader.problemHistory(experiment, problemId)));
        Json.print(json, history, history::render);
        return 0;
    }
}
