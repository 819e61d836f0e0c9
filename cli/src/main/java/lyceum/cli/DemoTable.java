package lyceum.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import lyceum.metrics.IterationMetrics;
import lyceum.metrics.Uncertainty;

/**
 * The demo's per-iteration table: figures of the experiment's {@link IterationMetrics}, as the report
 * shows them, for the hardest difficulty bucket of its training problems.
 */
record DemoTable(String experimentId, String strategy, int hardestBucket, List<Row> rows) {

    record Row(
            int iteration,
            Double coverage,
            Double coverageAfterResample,
            Double heldOutAccuracy,
            Double hardestBucketAccuracy,
            Double heldInAccuracy,
            Long accepted,
            Double hardestShareAccepted,
            Double hardestShareOriginal,
            Double hardestBucketCoverage,
            Uncertainty.Interval heldOutAccuracyInterval,
            Uncertainty.Interval hardestBucketCoverageInterval) {}

    private static final String HELD_OUT = "held-out";

    /** An iteration that sampled nothing (M_0's) shows only its accuracy. */
    static DemoTable of(String experimentId, String strategy, List<IterationMetrics> metrics) {
        int hardest = metrics.stream()
                .map(IterationMetrics::hardestBucket)
                .filter(Objects::nonNull)
                .max(Integer::compare)
                .orElse(0);
        List<Row> rows = new ArrayList<>();
        for (IterationMetrics m : metrics) {
            boolean sampled = m.problems() > 0;
            Map<String, Uncertainty.Interval> intervals = m.intervals() == null ? Map.of() : m.intervals();
            Map<Integer, Double> heldOutByBucket = m.greedyAccuracyByBucket() == null
                    ? null
                    : m.greedyAccuracyByBucket().get(HELD_OUT);
            rows.add(new Row(
                    m.iteration(),
                    sampled ? m.coverage() : null,
                    sampled ? m.coverageAfterResample() : null,
                    m.greedyAccuracy().get(HELD_OUT),
                    heldOutByBucket == null ? null : heldOutByBucket.get(hardest),
                    m.greedyAccuracy().get("held-in"),
                    sampled ? m.accepted() : null,
                    sampled ? m.hardestBucketShareAccepted() : null,
                    sampled ? m.hardestBucketShareOriginal() : null,
                    sampled ? m.hardestBucketCoverage() : null,
                    intervals.get("greedy_accuracy." + HELD_OUT),
                    sampled ? intervals.get("hardest_bucket_coverage") : null));
        }
        return new DemoTable(experimentId, strategy, hardest, rows);
    }

    String render() {
        StringBuilder out = new StringBuilder();
        out.append(experimentId)
                .append(" (")
                .append(strategy)
                .append("), hardest difficulty bucket = ")
                .append(hardestBucket)
                .append(" steps\n");
        out.append(String.format(
                "%4s %9s %9s %19s %9s %9s %8s %9s %9s %19s%n",
                "iter",
                "coverage",
                "cov+res",
                "test acc (95% CI)",
                "test hard",
                "train acc",
                "accepted",
                "hard acc%",
                "hard orig",
                "hard cov (95% CI)"));
        for (Row r : rows) {
            out.append(String.format(
                    "%4d %9s %9s %19s %9s %9s %8s %9s %9s %19s%n",
                    r.iteration(),
                    pct(r.coverage()),
                    pct(r.coverageAfterResample()),
                    pct(r.heldOutAccuracy(), r.heldOutAccuracyInterval()),
                    pct(r.hardestBucketAccuracy()),
                    pct(r.heldInAccuracy()),
                    r.accepted() == null ? "-" : r.accepted().toString(),
                    pct(r.hardestShareAccepted()),
                    pct(r.hardestShareOriginal()),
                    pct(r.hardestBucketCoverage(), r.hardestBucketCoverageInterval())));
        }
        out.append(
                        "coverage: training problems with a correct sample in the first round (cov+res: after resampling);\n")
                .append("test/train acc: greedy accuracy on held-out test problems and held-in training problems;\n")
                .append(
                        "hard acc% / hard orig: share of accepted data from the hardest bucket against its share of the original data.\n");
        return out.toString();
    }

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("experiment", experimentId);
        json.put("strategy", strategy);
        json.put("hardest_bucket", hardestBucket);
        json.put("iterations", rows);
        return json;
    }

    private static String pct(Double value, Uncertainty.Interval interval) {
        return value == null || interval == null
                ? pct(value)
                : String.format("%.1f%% (%.1f-%.1f)", 100 * value, 100 * interval.low(), 100 * interval.high());
    }

    private static String pct(Double value) {
        return value == null ? "-" : String.format("%.1f%%", 100 * value);
    }
}
