package lyceum.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Locale;
import lyceum.metrics.IterationMetrics;
import lyceum.metrics.journal.MetricsFromEvents;
import lyceum.projections.ScriptedMetrics;
import org.junit.jupiter.api.Test;

class MetricsTableTest {

    final List<IterationMetrics> metrics = ScriptedMetrics.threeIterations();

    @Test
    void oneAlignedRowPerIterationUnderTheHeaders() {
        String table = MetricsTable.render(metrics);
        List<String> lines = table.lines().toList();

        assertThat(lines.get(0).trim().split("\\s+"))
                .containsExactly(
                        "iter",
                        "accepted",
                        "coverage",
                        "cov.resample",
                        "pass@1",
                        "pass@k",
                        "held-out",
                        "held-in",
                        "distinct-4",
                        "sem.div",
                        "hard.cov",
                        "hard.acc",
                        "hard.orig");
        assertThat(lines.subList(0, 4))
                .extracting(String::length)
                .containsOnly(lines.get(0).length());
        IterationMetrics second = metrics.get(2);
        assertThat(lines.get(3).trim().split("\\s+"))
                .startsWith(
                        "2", Long.toString(second.accepted()), String.format(Locale.ROOT, "%.3f", second.coverage()));
        assertThat(lines.get(3)).contains("k=4");
        // Iteration 0 samples nothing: its sampling figures are undefined, its greedy accuracy is not.
        // Proportions come with their 95% interval.
        IterationMetrics first = metrics.get(0);
        assertThat(lines.get(1).trim().split("\\s+"))
                .containsExactly(
                        "0",
                        "0",
                        "-",
                        "-",
                        "-",
                        "-",
                        String.format(
                                Locale.ROOT, "%.3f", first.greedyAccuracy().get("held-out")),
                        interval(first, "greedy_accuracy.held-out"),
                        String.format(
                                Locale.ROOT, "%.3f", first.greedyAccuracy().get("held-in")),
                        interval(first, "greedy_accuracy.held-in"),
                        "-",
                        "-",
                        "-",
                        "-",
                        "-");
        assertThat(table)
                .contains(
                        "hard.orig    hardest bucket's share of the original data", "metrics version: lyceum-metrics/");
    }

    @Test
    void testTimeColumnsFollowOnlyWhenTheEvaluationSampledAnswers() {
        List<IterationMetrics> withTestTime = ScriptedMetrics.threeIterationsWithTestTime();
        String table = MetricsTable.render(withTestTime);
        List<String> lines = table.lines().toList();

        assertThat(lines.get(0).trim().split("\\s+"))
                .startsWith("iter", "accepted")
                .endsWith(
                        "hard.orig",
                        "out.maj@N",
                        "out.best@N",
                        "out.pass@1",
                        "out.oracle",
                        "in.maj@N",
                        "in.best@N",
                        "in.pass@1",
                        "in.oracle");
        var heldOut = withTestTime.get(2).testTime().get("held-out");
        String[] last = lines.get(3).trim().split("\\s+");
        assertThat(List.of(last).subList(last.length - 8, last.length - 4))
                .containsExactly(
                        String.format(Locale.ROOT, "%.3f", heldOut.selected().get("majority")),
                        String.format(Locale.ROOT, "%.3f", heldOut.selected().get("best-of-n")),
                        String.format(Locale.ROOT, "%.3f", heldOut.passAtK().get(1)),
                        String.format(Locale.ROOT, "%.3f", heldOut.oracle()));
        assertThat(table).contains("out.best@N   held-out: best-of-N by mean token log-prob");
        assertThat(MetricsTable.render(withTestTime, 1))
                .contains("test-time held-out (N=8, 8 problems):", "majority: ", "best-of-n: ", "oracle: ", "8: ");
        assertThat(MetricsTable.render(metrics)).doesNotContain("maj@N");
        assertThat(MetricsTable.render(metrics, 1)).doesNotContain("test-time");
    }

    @Test
    void critiqueThenRefineColumnsAndDetailFollowOnlyWhenEnabled() {
        List<IterationMetrics> withRefine = ScriptedMetrics.threeIterationsWithRefine();
        String table = MetricsTable.render(withRefine);

        assertThat(table.lines().findFirst().orElseThrow().trim().split("\\s+"))
                .endsWith("hard.orig", "out.refine", "out.flagged", "in.refine", "in.flagged");
        var heldOut = withRefine.get(2).testTimeRefine().get("held-out");
        assertThat(heldOut.greedyAccuracy())
                .isEqualTo(withRefine.get(2).greedyAccuracy().get("held-out"));
        assertThat(heldOut.flaggedGivenWrong()).isEqualTo(1.0);
        String[] last = table.lines().toList().get(3).trim().split("\\s+");
        assertThat(List.of(last).subList(last.length - 4, last.length - 2))
                .containsExactly(
                        String.format(Locale.ROOT, "%.3f", heldOut.accuracyAfterRefine()),
                        String.format(Locale.ROOT, "%.3f", heldOut.flagged()));
        assertThat(MetricsTable.render(withRefine, 2))
                .contains(
                        "critique-then-refine held-out (",
                        "greedy ",
                        " -> after " + String.format(Locale.ROOT, "%.3f", heldOut.accuracyAfterRefine()),
                        "P(right|wrong before) ");
        assertThat(MetricsTable.render(metrics)).doesNotContain("refine");
        assertThat(MetricsTable.render(metrics, 1)).doesNotContain("critique-then-refine");
    }

    @Test
    void oneIterationInDetail() {
        String detail = MetricsTable.render(metrics, 1);

        assertThat(detail.lines().filter(l -> l.matches("\\s*1\\s+\\d+\\s+.*"))).hasSize(1);
        assertThat(detail)
                .contains(
                        "pass@k:",
                        "maj@k:",
                        "greedy accuracy:",
                        "diversity (accepted):",
                        "length (words), original (n=",
                        "perplexity, accepted (n=",
                        "self-correction:",
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

    private static String interval(IterationMetrics m, String key) {
        var interval = m.intervals().get(key);
        assertThat(interval.low()).isLessThanOrEqualTo(interval.high());
        return String.format(Locale.ROOT, "(%.3f-%.3f)", interval.low(), interval.high());
    }
}
