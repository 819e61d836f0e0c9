package lyceum.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import lyceum.events.ExperimentEvent;
import lyceum.metrics.Uncertainty;

/** The demo's per-iteration table, read from an experiment's journaled events. */
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

  static DemoTable of(String experimentId, String strategy, List<ExperimentEvent> events) {
    Map<Integer, Map<String, Long>> sampling = new TreeMap<>();
    Map<Integer, Map<String, Long>> evaluation = new TreeMap<>();
    for (ExperimentEvent e : events) {
      if (e instanceof ExperimentEvent.SamplingFinished s) {
        sampling.put(s.iteration(), s.counters());
      } else if (e instanceof ExperimentEvent.Evaluated v) {
        evaluation.put(v.iteration(), v.counters());
      }
    }
    int hardest = 0;
    for (Map<String, Long> counters : evaluation.values()) {
      hardest = Math.max(hardest, maxBucket(counters));
    }
    for (Map<String, Long> counters : sampling.values()) {
      hardest = Math.max(hardest, maxBucket(counters));
    }
    List<Row> rows = new ArrayList<>();
    for (int t : evaluation.keySet()) {
      Map<String, Long> ev = evaluation.get(t);
      Map<String, Long> s = sampling.get(t);
      String hb = "bucket." + hardest + ".";
      rows.add(new Row(
          t,
          s == null ? null : ratio(s.get("covered_first_round"), s.get("problems")),
          s == null ? null : ratio(s.get("covered"), s.get("problems")),
          ratio(ev.get("held-out.correct"), ev.get("held-out.total")),
          ratio(ev.get("held-out." + hb + "correct"), ev.get("held-out." + hb + "total")),
          ratio(ev.get("held-in.correct"), ev.get("held-in.total")),
          s == null ? null : s.getOrDefault("accepted", 0L),
          s == null ? null : ratio(s.get(hb + "accepted"), s.get("accepted")),
          s == null ? null : ratio(s.get(hb + "problems"), s.get("problems")),
          s == null ? null : ratio(s.get(hb + "covered"), s.get(hb + "problems")),
          wilson(ev.get("held-out.correct"), ev.get("held-out.total")),
          s == null ? null : wilson(s.get(hb + "covered"), s.get(hb + "problems"))));
    }
    return new DemoTable(experimentId, strategy, hardest, rows);
  }

  private static int maxBucket(Map<String, Long> counters) {
    int max = 0;
    for (String key : counters.keySet()) {
      int at = key.indexOf("bucket.");
      if (at >= 0) {
        String rest = key.substring(at + "bucket.".length());
        max = Math.max(max, Integer.parseInt(rest.substring(0, rest.indexOf('.'))));
      }
    }
    return max;
  }

  private static Uncertainty.Interval wilson(Long part, Long whole) {
    return whole == null ? null : Uncertainty.wilson(part == null ? 0 : part, whole);
  }

  private static Double ratio(Long part, Long whole) {
    if (whole == null || whole == 0) {
      return null;
    }
    return (part == null ? 0 : part) / (double) whole;
  }

  String render() {
    StringBuilder out = new StringBuilder();
    out.append(experimentId).append(" (").append(strategy).append("), hardest difficulty bucket = ")
        .append(hardestBucket).append(" steps\n");
    out.append(String.format("%4s %9s %9s %19s %9s %9s %8s %9s %9s %19s%n", "iter", "coverage", "cov+res",
        "test acc (95% CI)", "test hard", "train acc", "accepted", "hard acc%", "hard orig", "hard cov (95% CI)"));
    for (Row r : rows) {
      out.append(String.format("%4d %9s %9s %19s %9s %9s %8s %9s %9s %19s%n", r.iteration(), pct(r.coverage()),
          pct(r.coverageAfterResample()), pct(r.heldOutAccuracy(), r.heldOutAccuracyInterval()),
          pct(r.hardestBucketAccuracy()), pct(r.heldInAccuracy()), r.accepted() == null ? "-" : r.accepted().toString(),
          pct(r.hardestShareAccepted()), pct(r.hardestShareOriginal()),
          pct(r.hardestBucketCoverage(), r.hardestBucketCoverageInterval())));
    }
    out.append("coverage: training problems with a correct sample in the first round (cov+res: after resampling);\n")
        .append("test/train acc: greedy accuracy on held-out test problems and held-in training problems;\n")
        .append("hard acc% / hard orig: share of accepted data from the hardest bucket against its share of the original data.\n");
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
    return value == null || interval == null ? pct(value)
        : String.format("%.1f%% (%.1f-%.1f)", 100 * value, 100 * interval.low(), 100 * interval.high());
  }

  private static String pct(Double value) {
    return value == null ? "-" : String.format("%.1f%%", 100 * value);
  }
}
