package lyceum.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Locale;
import lyceum.metrics.IterationMetrics;
import lyceum.projections.MetricsFromEvents;
import lyceum.projections.ScriptedMetrics;
import org.junit.jupiter.api.Test;

class MetricsTableTest {

  final List<IterationMetrics> metrics = ScriptedMetrics.threeIterations();

  @Test
  void oneAlignedRowPerIterationUnderTheHeaders() {
    String table = MetricsTable.render(metrics);
    List<String> lines = table.lines().toList();

    assertThat(lines.get(0).trim().split("\\s+"))
        .containsExactly("iter", "accepted", "coverage", "cov.resample", "pass@1", "pass@k",
            "held-out", "held-in", "distinct-4", "sem.div", "hard.cov", "hard.acc", "hard.orig");
    assertThat(lines.subList(0, 4)).extracting(String::length).containsOnly(lines.get(0).length());
    IterationMetrics second = metrics.get(2);
    assertThat(lines.get(3).trim().split("\\s+"))
        .startsWith("2", Long.toString(second.accepted()),
            String.format(Locale.ROOT, "%.3f", second.coverage()));
    assertThat(lines.get(3)).contains("k=4");
    // Iteration 0 samples nothing: its sampling figures are undefined, its greedy accuracy is not.
    assertThat(lines.get(1).trim().split("\\s+"))
        .containsExactly("0", "0", "-", "-", "-", "-",
            String.format(Locale.ROOT, "%.3f", metrics.get(0).greedyAccuracy().get("held-out")),
            String.format(Locale.ROOT, "%.3f", metrics.get(0).greedyAccuracy().get("held-in")),
            "-", "-", "-", "-", "-");
    assertThat(table).contains("hard.orig    hardest bucket's share of the original data",
        "metrics version: lyceum-metrics/");
  }

  @Test
  void oneIterationInDetail() {
    String detail = MetricsTable.render(metrics, 1);

    assertThat(detail.lines().filter(l -> l.matches("\\s*1\\s+\\d+\\s+.*"))).hasSize(1);
    assertThat(detail).contains("pass@k:", "maj@k:", "greedy accuracy:", "diversity (accepted):",
        "length (words), original (n=", "perplexity, accepted (n=", "self-correction:",
        "round-0 pass@1 by bucket:");
  }

  @Test
  void anIterationWithoutMetricsIsNamedWithThoseThatHaveThem() {
    assertThatThrownBy(() -> MetricsTable.render(metrics, 9))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no metrics for iteration 9; iterations with metrics: [0, 1, 2]");
  }

  @Test
  void noIterationsYet() {
    assertThat(MetricsTable.render(List.of())).isEqualTo("No metrics yet.\n");
    assertThat(MetricsFromEvents.compute("none", List.of())).isEmpty();
  }
}
