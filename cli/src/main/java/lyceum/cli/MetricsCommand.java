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
import lyceum.projections.MetricsQuery;
import lyceum.report.MetricsTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** An experiment's metrics per iteration, as the projections stored them. */
@Command(name = "metrics", mixinStandardHelpOptions = true,
    description = "Print an experiment's metrics per iteration (coverage, pass@k, diversity, tail statistics).")
final class MetricsCommand implements Callable<Integer> {

  @Parameters(paramLabel = "EXPERIMENT", description = "Experiment id.")
  String experimentId;

  @Option(names = "--iteration", paramLabel = "N", description = "Only iteration N.")
  Integer iteration;

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  @Mixin ConfigOptions config;

  @Override
  public Integer call() {
    List<IterationMetrics> metrics = load(config, experimentId);
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

  /**
   * The stored metrics of every iteration; an experiment whose projections have not stored anything
   * yet is computed from the read models instead.
   */
  static List<IterationMetrics> load(ConfigOptions options, String experimentId) {
    var c = options.load();
    LocalNode.startStorage(c, System.err);
    try (CqlSession session = CqlSessions.open(CassandraClientSettings.fromConfig(c))) {
      MetricsQuery query = MetricsQuery.create(session, LyceumKeyspaces.fromConfig(c).readSide());
      List<IterationMetrics> metrics = query.storedOrComputed(experimentId);
      if (metrics.isEmpty()) {
        throw new IllegalArgumentException("no metrics for experiment " + experimentId
            + " (unknown id, or its projections have not run yet)");
      }
      return metrics;
    }
  }
}
