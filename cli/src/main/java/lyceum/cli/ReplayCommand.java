package lyceum.cli;

import java.util.List;
import java.util.concurrent.Callable;
import lyceum.metrics.IterationMetrics;
import lyceum.replay.AnswerGrader;
import lyceum.replay.Replay;
import lyceum.replay.ReplayOptions;
import lyceum.replay.ReplayReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Recomputes an experiment's metrics from its journal with this code, optionally re-grading first. */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        description = {
            "Recompute every metric of an experiment from its journal with the current code, and show how the"
                    + " result differs from the metrics the read side stored.",
            "With --regrade every sampled and evaluated answer (and every refined answer of a critique) is graded"
                    + " again by the current grader first; the changed verdicts are listed and their effect on each"
                    + " metric shown. Acceptance decisions stay as journaled: they are what the experiment trained on.",
            "Reads only: nothing is written to the journal or the read side. Progress goes to standard error."
        })
final class ReplayCommand implements Callable<Integer> {

    @Parameters(paramLabel = "EXPERIMENT", description = "Experiment id.")
    String experimentId;

    @Option(
            names = "--as-of-iteration",
            paramLabel = "N",
            description = "Replay only the events of iterations up to N (and compare only those).")
    Integer asOfIteration;

    @Option(names = "--regrade", description = "Re-grade every answer with the current grader first.")
    boolean regrade;

    @Option(
            names = "--parallelism",
            paramLabel = "N",
            defaultValue = "16",
            description = "Problems read from the journal at once (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(
            names = "--list",
            paramLabel = "N",
            defaultValue = "50",
            description = "Changed verdicts to list by id with --regrade; all are counted (default: ${DEFAULT-VALUE}).")
    int listed;

    @Option(
            names = "--json",
            description = "Print one JSON object: experiment, iterations (as metrics --json),"
                    + " differences, changed_verdicts (with --regrade) and replay statistics.")
    boolean json;

    @Mixin
    ConfigOptions config;

    @Override
    public Integer call() throws Exception {
        var c = config.load();
        ReplayOptions options = new ReplayOptions(
                asOfIteration, regrade ? AnswerGrader.current() : null, parallelism, listed, System.err);
        Replay.Result result = ConfigOptions.readJournal(c, reader -> Replay.run(reader, experimentId, options));
        List<IterationMetrics> stored = ConfigOptions.queryMetrics(c, q -> q.storedMetrics(experimentId));
        ReplayReport report = ReplayReport.of(result, stored, asOfIteration);
        Json.print(json, report, report::render);
        return 0;
    }
}
