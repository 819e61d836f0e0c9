package lyceum.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import lyceum.metrics.IterationMetrics;
import lyceum.metrics.TestTimeAccuracy;
import lyceum.metrics.TestTimeRefinement;
import lyceum.metrics.Uncertainty;

/**
 * A column of the per-iteration metrics table, shared by the plain-text table and the HTML report.
 *
 * @param header short heading
 * @param meaning one line for the legend
 */
record MetricColumn(String header, String meaning, Function<IterationMetrics, String> cell) {

    static final String NONE = "-";

    static final List<MetricColumn> ALL = List.of(
            new MetricColumn(
                    "iter", "iteration t (0 trains on the original data)", m -> Integer.toString(m.iteration())),
            new MetricColumn(
                    "accepted", "accepted samples (training data of the iteration)", m -> Long.toString(m.accepted())),
            new MetricColumn(
                    "coverage",
                    "share of training problems with a correct round-0 sample",
                    m -> withInterval(m, m.coverage(), "coverage")),
            new MetricColumn(
                    "cov.resample",
                    "coverage after guided resampling",
                    m -> withInterval(m, m.coverageAfterResample(), "coverage_after_resample")),
            new MetricColumn(
                    "pass@1",
                    "unbiased pass@1 over round-0 samples",
                    m -> withInterval(
                            m, m.passAtK() == null ? null : m.passAtK().get(1), "pass_at_k.1")),
            new MetricColumn(
                    "pass@k", "unbiased pass@k at the largest k (k = round-0 samples)", MetricColumn::largestPassAtK),
            new MetricColumn(
                    "held-out",
                    "greedy accuracy on held-out (test) problems",
                    m -> withInterval(m, split(m, "held-out"), "greedy_accuracy.held-out")),
            new MetricColumn(
                    "held-in",
                    "greedy accuracy on held-in (training) problems",
                    m -> withInterval(m, split(m, "held-in"), "greedy_accuracy.held-in")),
            new MetricColumn("distinct-4", "Distinct-4 of all samples, mean over problems", m -> share(m.distinct4())),
            new MetricColumn(
                    "sem.div",
                    "semantic diversity of all samples (1 - mean cosine)",
                    m -> share(
                            m.semanticDiversity() == null
                                    ? null
                                    : m.semanticDiversity().get("all"))),
            new MetricColumn(
                    "hard.cov",
                    "coverage after resampling in the hardest bucket",
                    m -> withInterval(m, m.hardestBucketCoverage(), "hardest_bucket_coverage")),
            new MetricColumn(
                    "hard.acc",
                    "hardest bucket's share of the accepted samples",
                    m -> withInterval(m, m.hardestBucketShareAccepted(), "hardest_bucket_share_accepted")),
            new MetricColumn(
                    "hard.orig",
                    "hardest bucket's share of the original data",
                    m -> withInterval(m, m.hardestBucketShareOriginal(), "hardest_bucket_share_original")));

    /** Test-time columns per evaluation split, shown only when an iteration sampled evaluation answers. */
    static final List<MetricColumn> TEST_TIME = List.of(testTime("out", "held-out"), testTime("in", "held-in")).stream()
            .flatMap(List::stream)
            .toList();

    /** Critique-then-refine columns per evaluation split, shown only when an iteration refined answers. */
    static final List<MetricColumn> REFINE = List.of(refine("out", "held-out"), refine("in", "held-in")).stream()
            .flatMap(List::stream)
            .toList();

    /** Right-for-the-wrong-reason columns, shown only when some samples' reasoning was checked. */
    static final List<MetricColumn> REASONING = List.of(
            new MetricColumn(
                    "wrong.acc",
                    "share of accepted samples right for the wrong reason (a step does not check out)",
                    m -> withInterval(m, m.wrongReasonShareAccepted(), "wrong_reason_share_accepted")),
            new MetricColumn(
                    "wrong.hard",
                    "the same share in the hardest bucket",
                    m -> m.hardestBucket() == null || m.wrongReasonShareAcceptedByBucket() == null
                            ? NONE
                            : withInterval(
                                    m,
                                    m.wrongReasonShareAcceptedByBucket().get(m.hardestBucket()),
                                    "wrong_reason_share_accepted_by_bucket." + m.hardestBucket())),
            new MetricColumn(
                    "wrong.corr",
                    "share of correct samples right for the wrong reason (what outcome-only acceptance keeps)",
                    m -> withInterval(m, m.wrongReasonShareCorrect(), "wrong_reason_share_correct")));

    /** The columns of a table of these iterations. */
    static List<MetricColumn> columnsFor(List<IterationMetrics> iterations) {
        List<MetricColumn> columns = new ArrayList<>(ALL);
        if (iterations.stream().anyMatch(m -> m.wrongReasonShareCorrect() != null)) {
            columns.addAll(REASONING);
        }
        if (iterations.stream().anyMatch(m -> m.testTime() != null)) {
            columns.addAll(TEST_TIME);
        }
        if (iterations.stream().anyMatch(m -> m.testTimeRefine() != null)) {
            columns.addAll(REFINE);
        }
        return List.copyOf(columns);
    }

    private static List<MetricColumn> refine(String prefix, String split) {
        return List.of(
                new MetricColumn(
                        prefix + ".refine",
                        split + ": accuracy after critique-then-refine of the greedy answer",
                        m -> share(refine(m, split, TestTimeRefinement::accuracyAfterRefine))),
                new MetricColumn(
                        prefix + ".flagged",
                        split + ": share of greedy answers the critic flagged",
                        m -> share(refine(m, split, TestTimeRefinement::flagged))));
    }

    private static Double refine(IterationMetrics m, String split, Function<TestTimeRefinement, Double> figure) {
        TestTimeRefinement r =
                m.testTimeRefine() == null ? null : m.testTimeRefine().get(split);
        return r == null ? null : figure.apply(r);
    }

    private static List<MetricColumn> testTime(String prefix, String split) {
        return List.of(
                new MetricColumn(
                        prefix + ".maj@N",
                        split + ": majority vote over the N sampled answers",
                        m -> share(testTime(m, split, t -> t.selected().get("majority")))),
                new MetricColumn(
                        prefix + ".best@N",
                        split + ": best-of-N by mean token log-prob",
                        m -> share(testTime(m, split, t -> t.selected().get("best-of-n")))),
                new MetricColumn(
                        prefix + ".pass@1",
                        split + ": unbiased pass@1 of the sampled answers",
                        m -> share(testTime(m, split, t -> t.passAtK().get(1)))),
                new MetricColumn(
                        prefix + ".oracle",
                        split + ": share with a correct sampled answer (pass@N)",
                        m -> share(testTime(m, split, TestTimeAccuracy::oracle))));
    }

    private static Double testTime(IterationMetrics m, String split, Function<TestTimeAccuracy, Double> figure) {
        TestTimeAccuracy t = m.testTime() == null ? null : m.testTime().get(split);
        return t == null ? null : figure.apply(t);
    }

    static String share(Double value) {
        return value == null || value.isNaN() ? NONE : String.format(Locale.ROOT, "%.3f", value);
    }

    /** The figure with its 95% interval when the metrics carry one: {@code 0.228 (0.191-0.269)}. */
    static String withInterval(IterationMetrics m, Double value, String key) {
        Uncertainty.Interval interval =
                m.intervals() == null ? null : m.intervals().get(key);
        if (interval == null || value == null || value.isNaN()) {
            return share(value);
        }
        return String.format(Locale.ROOT, "%.3f (%.3f-%.3f)", value, interval.low(), interval.high());
    }

    private static Double split(IterationMetrics m, String split) {
        return m.greedyAccuracy() == null ? null : m.greedyAccuracy().get(split);
    }

    private static String largestPassAtK(IterationMetrics m) {
        if (m.passAtK() == null || m.passAtK().isEmpty()) {
            return NONE;
        }
        Map.Entry<Integer, Double> largest = new TreeMap<>(m.passAtK()).lastEntry();
        return share(largest.getValue()) + " k=" + largest.getKey();
    }
}
