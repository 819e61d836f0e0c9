package lyceum.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import lyceum.metrics.DiversityMetrics;
import lyceum.metrics.IterationMetrics;
import lyceum.metrics.Quantiles;
import lyceum.metrics.TailComparison;

/** The plain-text output of {@code lyceum metrics EXPERIMENT [--iteration N]}. */
public final class MetricsTable {

    private MetricsTable() {}

    /** One row per iteration, then a legend; "-" marks a metric undefined for that iteration. */
    public static String render(List<IterationMetrics> iterations) {
        if (iterations.isEmpty()) {
            return "No metrics yet.\n";
        }
        List<MetricColumn> columns = MetricColumn.columnsFor(iterations);
        List<String[]> rows = new ArrayList<>();
        rows.add(columns.stream().map(MetricColumn::header).toArray(String[]::new));
        for (IterationMetrics m : iterations) {
            rows.add(columns.stream().map(c -> c.cell().apply(m)).toArray(String[]::new));
        }
        int[] widths = new int[columns.size()];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                out.append(i == 0 ? "" : "  ")
                        .append(" ".repeat(widths[i] - row[i].length()))
                        .append(row[i]);
            }
            out.append('\n');
        }
        out.append('\n');
        for (MetricColumn c : columns) {
            out.append(String.format(Locale.ROOT, "%-12s %s%n", c.header(), c.meaning()));
        }
        IterationMetrics last = iterations.get(iterations.size() - 1);
        if (last.hardestBucket() != null) {
            out.append("hardest bucket: ").append(last.hardestBucket()).append('\n');
        }
        out.append("metrics version: ").append(last.metricsVersion()).append('\n');
        return out.toString();
    }

    /** The table row of one iteration followed by every metric of it in detail. */
    public static String render(List<IterationMetrics> iterations, int iteration) {
        IterationMetrics m = iterations.stream()
                .filter(i -> i.iteration() == iteration)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "no metrics for iteration " + iteration + "; iterations with metrics: "
                                + iterations.stream()
                                        .map(i -> Integer.toString(i.iteration()))
                                        .collect(Collectors.joining(", ", "[", "]"))));
        StringBuilder out = new StringBuilder(render(List.of(m))).append('\n');
        line(
                out,
                "problems / samples / accepted (hint-derived)",
                m.problems() + " / " + m.samples() + " / " + m.accepted() + " (" + m.acceptedHintDerived() + ")");
        line(out, "correct per problem, round 0 (count: problems)", counts(m.correctHistogram()));
        line(out, "correct per problem, all rounds", counts(m.correctHistogramAfterResample()));
        line(out, "pass@k", shares(m.passAtK()));
        line(out, "maj@k", shares(m.majAtK()));
        line(out, "greedy accuracy", shares(m.greedyAccuracy()));
        if (m.testTime() != null) {
            m.testTime()
                    .forEach((split, t) -> line(
                            out,
                            "test-time " + split + " (N=" + t.samplesPerProblem() + ", " + t.problems() + " problems)",
                            shares(t.selected()) + ", oracle: " + MetricColumn.share(t.oracle()) + "; pass@k "
                                    + shares(t.passAtK())));
        }
        if (m.testTimeRefine() != null) {
            m.testTimeRefine()
                    .forEach((split, r) -> line(
                            out,
                            "critique-then-refine " + split + " (" + r.problems() + " problems)",
                            "greedy " + MetricColumn.share(r.greedyAccuracy()) + " -> after "
                                    + MetricColumn.share(r.accuracyAfterRefine()) + "; flagged "
                                    + MetricColumn.share(r.flagged())
                                    + " (of wrong " + MetricColumn.share(r.flaggedGivenWrong()) + ", of right "
                                    + MetricColumn.share(r.flaggedGivenRight()) + "); P(right|wrong before) "
                                    + MetricColumn.share(r.rightAfterGivenWrongBefore()) + ", P(right|right before) "
                                    + MetricColumn.share(r.rightAfterGivenRightBefore())));
        }
        line(
                out,
                "improvement set |IS| / M_1 pass@N on it",
                (m.improvementSetSize() == null ? MetricColumn.NONE : m.improvementSetSize()) + " / "
                        + MetricColumn.share(m.firstModelPassAtNOnImprovementSet()));
        if (m.diversityBySubset() != null) {
            m.diversityBySubset().forEach((subset, d) -> line(out, "diversity (" + subset + ")", diversity(d)));
        }
        line(out, "difficulty share, accepted", shares(m.bucketShareAccepted()));
        line(out, "difficulty share, original", shares(m.bucketShareOriginal()));
        tail(out, "length (words)", m.length());
        tail(out, "perplexity", m.perplexity());
        if (m.selfCorrection() != null) {
            var sc = m.selfCorrection();
            line(
                    out,
                    "self-correction",
                    sc.corrections() + " corrections; P(right|wrong before) "
                            + MetricColumn.share(sc.rightAfterGivenWrongBefore()) + ", P(right|right before) "
                            + MetricColumn.share(sc.rightAfterGivenRightBefore()));
        }
        if (m.disparity() != null) {
            line(
                    out,
                    "round-0 pass@1 by bucket",
                    shares(m.disparity().accuracyByBucket()) + "; spread "
                            + MetricColumn.share(m.disparity().spread()));
        }
        return out.toString();
    }

    private static void line(StringBuilder out, String label, String value) {
        out.append(String.format(Locale.ROOT, "%-46s %s%n", label + ":", value));
    }

    private static void tail(StringBuilder out, String label, TailComparison t) {
        if (t == null) {
            return;
        }
        line(out, label + ", accepted (n=" + t.acceptedCount() + ")", quantiles(t.accepted()));
        line(out, label + ", original (n=" + t.originalCount() + ")", quantiles(t.original()));
        line(
                out,
                label + ", JS divergence / W1",
                MetricColumn.share(t.jsDivergence()) + " / " + MetricColumn.share(t.wasserstein1()));
    }

    private static String quantiles(Quantiles q) {
        if (q == null) {
            return MetricColumn.NONE;
        }
        return String.format(
                Locale.ROOT,
                "p10 %.1f  p25 %.1f  p50 %.1f  p75 %.1f  p90 %.1f  p99 %.1f",
                q.p10(),
                q.p25(),
                q.p50(),
                q.p75(),
                q.p90(),
                q.p99());
    }

    private static String diversity(DiversityMetrics d) {
        return d.problems() + " problems; distinct-1..4 " + MetricColumn.share(d.distinct1()) + " "
                + MetricColumn.share(d.distinct2()) + " " + MetricColumn.share(d.distinct3()) + " "
                + MetricColumn.share(d.distinct4()) + "; equations " + MetricColumn.share(d.distinctEquations())
                + "; semantic " + MetricColumn.share(d.semanticDiversity());
    }

    private static String counts(Map<Integer, Integer> histogram) {
        if (histogram == null || histogram.isEmpty()) {
            return MetricColumn.NONE;
        }
        return histogram.entrySet().stream()
                .map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining(", "));
    }

    private static String shares(Map<?, Double> values) {
        if (values == null || values.isEmpty()) {
            return MetricColumn.NONE;
        }
        return values.entrySet().stream()
                .map(e -> e.getKey() + ": " + MetricColumn.share(e.getValue()))
                .collect(Collectors.joining(", "));
    }
}
