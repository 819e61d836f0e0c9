package lyceum.replay;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import lyceum.metrics.IterationMetrics;
import lyceum.metrics.Uncertainty;
import lyceum.report.SeedGroupMetrics;

/**
 * Two experiments side by side, iteration by iteration, on the figures the self-improvement literature
 * compares: coverage, pass@k and maj@k, greedy accuracy by split, accepted data, the hardest bucket's
 * share and coverage, diversity, the tail and self-correction. {@code delta} is B minus A. Two seed
 * groups ({@link #ofGroups}) compare their means across seeds, each delta with Welch's t interval.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ExperimentDiff(String experimentA, String experimentB, List<IterationDiff> iterations) {

    /**
     * @param presentIn "both", "a" or "b"
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record IterationDiff(int iteration, String presentIn, List<Figure> metrics) {}

    /**
     * One figure of both experiments; null where undefined. {@code deltaInterval}: the 95% interval of
     * the delta between two seed groups (Welch's t over their runs), null for single experiments.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Figure(String metric, Double a, Double b, Double delta, Uncertainty.Interval deltaInterval) {

        public Figure(String metric, Double a, Double b, Double delta) {
            this(metric, a, b, delta, null);
        }
    }

    public static ExperimentDiff of(String idA, List<IterationMetrics> a, String idB, List<IterationMetrics> b) {
        Map<Integer, IterationMetrics> byA = BothSides.byIteration(a);
        Map<Integer, IterationMetrics> byB = BothSides.byIteration(b);
        List<IterationDiff> rows = new ArrayList<>();
        for (int t : BothSides.keys(byA, byB)) {
            Map<String, Double> x = byA.containsKey(t) ? figures(byA.get(t)) : Map.of();
            Map<String, Double> y = byB.containsKey(t) ? figures(byB.get(t)) : Map.of();
            Set<String> names = new LinkedHashSet<>(x.keySet());
            names.addAll(y.keySet());
            List<Figure> figures = new ArrayList<>();
            for (String name : names) {
                Double va = x.get(name);
                Double vb = y.get(name);
                figures.add(new Figure(name, va, vb, va == null || vb == null ? null : vb - va));
            }
            String presentIn = byA.containsKey(t) && byB.containsKey(t) ? "both" : byA.containsKey(t) ? "a" : "b";
            rows.add(new IterationDiff(t, presentIn, figures));
        }
        return new ExperimentDiff(idA, idB, rows);
    }

    /**
     * Two seed groups iteration by iteration: each figure's mean across A's runs and B's, the delta of the
     * means and its Welch t interval over the runs. Figures are those of {@link SeedGroupMetrics}.
     */
    public static ExperimentDiff ofGroups(SeedGroupMetrics a, SeedGroupMetrics b) {
        Map<Integer, SeedGroupMetrics.Iteration> byA = new TreeMap<>();
        a.iterations().forEach(it -> byA.put(it.iteration(), it));
        Map<Integer, SeedGroupMetrics.Iteration> byB = new TreeMap<>();
        b.iterations().forEach(it -> byB.put(it.iteration(), it));
        List<IterationDiff> rows = new ArrayList<>();
        for (int t : BothSides.keys(byA, byB)) {
            Map<String, SeedGroupMetrics.Figure> x =
                    byA.containsKey(t) ? byA.get(t).figures() : Map.of();
            Map<String, SeedGroupMetrics.Figure> y =
                    byB.containsKey(t) ? byB.get(t).figures() : Map.of();
            List<Figure> figures = new ArrayList<>();
            for (String name : BothSides.keys(x, y)) {
                SeedGroupMetrics.Figure fa = x.get(name);
                SeedGroupMetrics.Figure fb = y.get(name);
                boolean both = fa != null && fb != null;
                figures.add(new Figure(
                        name,
                        fa == null ? null : fa.mean(),
                        fb == null ? null : fb.mean(),
                        both ? fb.mean() - fa.mean() : null,
                        both ? Uncertainty.welchDifference(runs(fa), runs(fb)) : null));
            }
            String presentIn = byA.containsKey(t) && byB.containsKey(t) ? "both" : byA.containsKey(t) ? "a" : "b";
            rows.add(new IterationDiff(t, presentIn, figures));
        }
        return new ExperimentDiff(a.group(), b.group(), rows);
    }

    private static double[] runs(SeedGroupMetrics.Figure f) {
        return f.runs().stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The compared figures of one iteration, in a fixed order; undefined figures left out. */
    static Map<String, Double> figures(IterationMetrics m) {
        Map<String, Double> f = new LinkedHashMap<>();
        put(f, "problems", (double) m.problems());
        put(f, "samples", (double) m.samples());
        put(f, "accepted", (double) m.accepted());
        put(f, "accepted_hint_derived", (double) m.acceptedHintDerived());
        put(f, "coverage", m.coverage());
        put(f, "coverage_after_resample", m.coverageAfterResample());
        keyed(f, "pass_at_k", m.passAtK());
        keyed(f, "maj_at_k", m.majAtK());
        keyed(f, "greedy_accuracy", m.greedyAccuracy());
        put(
                f,
                "improvement_set_size",
                m.improvementSetSize() == null ? null : m.improvementSetSize().doubleValue());
        put(f, "first_model_pass_at_n_on_improvement_set", m.firstModelPassAtNOnImprovementSet());
        put(f, "distinct_1", m.distinct1());
        put(f, "distinct_2", m.distinct2());
        put(f, "distinct_3", m.distinct3());
        put(f, "distinct_4", m.distinct4());
        put(f, "distinct_equations", m.distinctEquations());
        keyed(f, "semantic_diversity", m.semanticDiversity());
        put(
                f,
                "hardest_bucket",
                m.hardestBucket() == null ? null : m.hardestBucket().doubleValue());
        put(f, "hardest_bucket_coverage", m.hardestBucketCoverage());
        put(f, "hardest_bucket_share_accepted", m.hardestBucketShareAccepted());
        put(f, "hardest_bucket_share_original", m.hardestBucketShareOriginal());
        if (m.length() != null) {
            put(f, "length.js_divergence", m.length().jsDivergence());
            put(f, "length.wasserstein_1", m.length().wasserstein1());
        }
        if (m.perplexity() != null) {
            put(f, "perplexity.js_divergence", m.perplexity().jsDivergence());
            put(f, "perplexity.wasserstein_1", m.perplexity().wasserstein1());
        }
        if (m.selfCorrection() != null) {
            put(
                    f,
                    "self_correction.right_after_given_wrong_before",
                    m.selfCorrection().rightAfterGivenWrongBefore());
            put(
                    f,
                    "self_correction.right_after_given_right_before",
                    m.selfCorrection().rightAfterGivenRightBefore());
        }
        if (m.disparity() != null) {
            put(f, "disparity.spread", m.disparity().spread());
        }
        return f;
    }

    private static <K extends Comparable<K>> void keyed(Map<String, Double> f, String name, Map<K, Double> values) {
        if (values != null) {
            new TreeMap<>(values).forEach((k, v) -> put(f, name + "." + k, v));
        }
    }

    private static void put(Map<String, Double> f, String name, Double value) {
        if (value != null && !value.isNaN()) {
            f.put(name, value);
        }
    }

    /** The plain-text comparison: one block per iteration. */
    public String render() {
        StringBuilder out = new StringBuilder();
        out.append("A = ")
                .append(experimentA)
                .append(", B = ")
                .append(experimentB)
                .append(" (delta = B - A)\n");
        for (IterationDiff row : iterations) {
            out.append("\niteration ")
                    .append(row.iteration())
                    .append(
                            row.presentIn().equals("both")
                                    ? ""
                                    : " (only in " + row.presentIn().toUpperCase(Locale.ROOT) + ")")
                    .append('\n');
            boolean intervals = row.metrics().stream().anyMatch(f -> f.deltaInterval() != null);
            out.append(String.format(
                    Locale.ROOT,
                    "  %-48s %12s %12s %12s%s%n",
                    "metric",
                    "A",
                    "B",
                    "delta",
                    intervals ? "  95% t interval of delta" : ""));
            for (Figure f : row.metrics()) {
                out.append(String.format(
                        Locale.ROOT,
                        "  %-48s %12s %12s %12s%s%n",
                        f.metric(),
                        number(f.a()),
                        number(f.b()),
                        f.delta() == null ? "-" : String.format(Locale.ROOT, "%+.4f", f.delta()),
                        f.deltaInterval() == null
                                ? ""
                                : String.format(
                                        Locale.ROOT,
                                        "  [%+.4f, %+.4f]",
                                        f.deltaInterval().low(),
                                        f.deltaInterval().high())));
            }
        }
        return out.toString();
    }

    private static String number(Double value) {
        if (value == null) {
            return "-";
        }
        return value == Math.rint(value) && Math.abs(value) < 1e12
                ? Long.toString(value.longValue())
                : String.format(Locale.ROOT, "%.4f", value);
    }
}
