package lyceum.cli;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import lyceum.metrics.IterationMetrics;
import lyceum.replay.ExperimentDiff;
import lyceum.replay.Replay;
import lyceum.replay.ReplayOptions;
import lyceum.report.SeedGroupMetrics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Two experiments compared iteration by iteration, on metrics recomputed from their journals. */
@Command(
        name = "diff",
        mixinStandardHelpOptions = true,
        description = {
            "Compare two experiments iteration by iteration: problems, samples, accepted (and hint-derived),"
                    + " coverage before and after resampling, pass@k, maj@k, greedy accuracy by split, improvement set,"
                    + " Distinct-1..4, distinct equations, semantic diversity, the hardest bucket's coverage and share,"
                    + " tail distances, self-correction and disparity. delta = B - A.",
            "Both are recomputed from their journals with the current code (as replay does), so they compare on"
                    + " one metrics version. Progress goes to standard error.",
            "Two seed groups (ids of lyceum run --seeds) compare each figure's mean across their runs; each delta"
                    + " comes with its 95% Welch t interval over the runs."
        })
final class DiffCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "EXP_A", description = "First experiment id (A), or a seed group's id.")
    String experimentA;

    @Parameters(index = "1", paramLabel = "EXP_B", description = "Second experiment id (B), or a seed group's id.")
    String experimentB;

    @Option(
            names = "--json",
            description = "Print one JSON object: experiment_a, experiment_b and iterations"
                    + " (each with present_in and metrics [{metric, a, b, delta}]).")
    boolean json;

    @Mixin
    ConfigOptions config;

    @Override
    public Integer call() throws Exception {
        ExperimentDiff diff = config.readJournal(reader -> {
            ReplayOptions options = ReplayOptions.defaults(System.err);
            List<String> runsA = SeedGroups.runs(reader, experimentA);
            List<String> runsB = SeedGroups.runs(reader, experimentB);
            if (runsA.isEmpty() != runsB.isEmpty()) {
                throw new IllegalArgumentException((runsA.isEmpty() ? experimentB : experimentA)
                        + " is a seed group and " + (runsA.isEmpty() ? experimentA : experimentB)
                        + " is not: diff compares two experiments or two groups");
            }
            Function<String, List<IterationMetrics>> replayed =
                    id -> Replay.run(reader, id, options).metrics();
            return runsA.isEmpty()
                    ? ExperimentDiff.of(
                            experimentA, replayed.apply(experimentA), experimentB, replayed.apply(experimentB))
                    : ExperimentDiff.ofGroups(
                            SeedGroupMetrics.of(experimentA, SeedGroups.byRun(runsA, replayed)),
                            SeedGroupMetrics.of(experimentB, SeedGroups.byRun(runsB, replayed)));
        });
        Json.print(json, diff, diff::render);
        return 0;
    }
}
