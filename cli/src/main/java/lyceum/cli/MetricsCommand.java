package lyceum.cli;

import com.datastax.oss.driver.api.core.CqlSession;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import lyceum.cassandra.CassandraClientSettings;
import lyceum.cassandra.CqlSessions;
import lyceum.cassandra.LyceumKeyspaces;
import lyceum.metrics.IterationMetrics;
import lyceum.projections.metrics.MetricsQuery;
import lyceum.report.MetricsTable;
import lyceum.report.SeedGroupMetrics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * An experiment's metrics per iteration, as the projections stored them; for a seed group, each figure's
 * mean across its runs with a t interval.
 */
@Command(
        name = "metrics",
        mixinStandardHelpOptions = true,
        description = {
            "Print an experiment's metrics per iteration (coverage, pass@k, diversity, tail statistics).",
            "Given a seed group (the id of lyceum run --seeds), each figure's mean across the runs with its 95% Student t"
                    + " interval across seeds."
        })
final class MetricsCommand implements Callable<Integer> {

    @Parameters(paramLabel = "EXPERIMENT", description = "Experiment id, or a seed group's id.")
    String experimentId;

    @Option(names = "--iteration", paramLabel = "N", description = "Only iteration N.")
    Integer iteration;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Mixin
    ConfigOptions config;

    @Override
    public Integer call() {
        var c = config.load();
        LocalNode.startStorage(c, System.err);
        List<IterationMetrics> metrics = stored(config, experimentId);
        List<String> runs = metrics.isEmpty() ? SeedGroups.runs(c, experimentId) : List.of();
        if (!runs.isEmpty()) {
            return group(loadGroup(config, experimentId, runs));
        }
        if (metrics.isEmpty()) {
            throw noMetrics(experimentId);
        }
        if (iteration != null) {
            metrics = metrics.stream().filter(m -> m.iteration() == iteration).toList();
            if (metrics.isEmpty()) {
                throw new IllegalArgumentException(experimentId + " has no metrics for iteration " + iteration);
            }
        }
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("experiment", experimentId);
            out.put("iterations", metrics);
            Json.print(out);
        } else {
            System.out.print(MetricsTable.render(metrics));
        }
        return 0;
    }

    private int group(SeedGroupMetrics group) {
        if (iteration != null) {
            var only = group.iterations().stream()
                    .filter(it -> it.iteration() == iteration)
                    .toList();
            if (only.isEmpty()) {
                throw new IllegalArgumentException(experimentId + " has no metrics for iteration " + iteration);
            }
            group = new SeedGroupMetrics(group.group(), group.experiments(), only);
        }
        if (json) {
            Json.print(group);
        } else {
            System.out.print(group.render());
        }
        return 0;
    }

    /**
     * The stored metrics of every iteration; an experiment whose projections have not stored anything
     * yet is computed from the read models instead.
     */
    static List<IterationMetrics> load(ConfigOptions options, String experimentId) {
        var c = options.load();
        LocalNode.startStorage(c, System.err);
        List<IterationMetrics> metrics = stored(options, experimentId);
        if (metrics.isEmpty()) {
            throw noMetrics(experimentId);
        }
        return metrics;
    }

    /** A seed group's figures across its runs, each run's as {@link #load} gives them. */
    static SeedGroupMetrics loadGroup(ConfigOptions options, String group, List<String> runs) {
        return SeedGroupMetrics.of(group, SeedGroups.byRun(runs, id -> load(options, id)));
    }

    /** The stored or computed metrics, empty for an id the read side does not know; storage must be up. */
    private static List<IterationMetrics> stored(ConfigOptions options, String experimentId) {
        var c = options.load();
        try (CqlSession session = CqlSessions.open(CassandraClientSettings.fromConfig(c))) {
            MetricsQuery query =
                    MetricsQuery.create(session, LyceumKeyspaces.fromConfig(c).readSide());
            return query.storedOrComputed(experimentId);
        }
    }

    private static IllegalArgumentException noMetrics(String experimentId) {
        return new IllegalArgumentException("no metrics for experiment " + experimentId
                + " (unknown id, or its projections have not run yet; nor is it a seed group with runs " + experimentId
                + "-seedN)");
    }
}
