package lyceum.report;

import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import lyceum.metrics.IterationMetrics;
import lyceum.metrics.TailComparison;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler.LegendPosition;

/** The report's charts; each returns null when there is nothing to draw. */
final class ReportCharts {

  static final int WIDTH = 900;
  static final int HEIGHT = 480;

  private static final Color[] PALETTE = {
    new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e),
    new Color(0x9467bd), new Color(0x8c564b), new Color(0x17becf), new Color(0x7f7f7f)
  };

  private ReportCharts() {}

  static XYChart coverage(List<IterationMetrics> iterations) {
    Map<String, Function<IterationMetrics, Double>> series = new LinkedHashMap<>();
    series.put("coverage (round 0)", IterationMetrics::coverage);
    series.put("coverage after resampling", IterationMetrics::coverageAfterResample);
    series.put("hardest-bucket coverage", IterationMetrics::hardestBucketCoverage);
    return curves("Coverage of the training problems", "share of problems", iterations, series);
  }

  static XYChart passAtK(List<IterationMetrics> iterations) {
    TreeSet<Integer> ks = new TreeSet<>();
    iterations.forEach(m -> ks.addAll(m.passAtK() == null ? List.of() : m.passAtK().keySet()));
    Map<String, Function<IterationMetrics, Double>> series = new LinkedHashMap<>();
    for (int k : ks) {
      series.put("pass@" + k, m -> m.passAtK() == null ? null : m.passAtK().get(k));
    }
    TreeSet<String> splits = new TreeSet<>();
    iterations.forEach(m -> splits.addAll(m.greedyAccuracy() == null ? List.of()
        : m.greedyAccuracy().keySet()));
    for (String split : splits) {
      series.put("greedy " + split, m -> m.greedyAccuracy() == null ? null
          : m.greedyAccuracy().get(split));
    }
    return curves("pass@k of the sampling model and greedy accuracy", "share of problems",
        iterations, series);
  }

  static XYChart diversity(List<IterationMetrics> iterations) {
    Map<String, Function<IterationMetrics, Double>> series = new LinkedHashMap<>();
    series.put("distinct-1", IterationMetrics::distinct1);
    series.put("distinct-2", IterationMetrics::distinct2);
    series.put("distinct-4", IterationMetrics::distinct4);
    series.put("distinct equations", IterationMetrics::distinctEquations);
    series.put("semantic (all)", m -> subset(m, "all"));
    series.put("semantic (accepted)", m -> subset(m, "accepted"));
    return curves("Diversity of the samples", "diversity", iterations, series);
  }

  static CategoryChart difficulty(IterationMetrics m) {
    TreeSet<Integer> buckets = new TreeSet<>();
    buckets.addAll(m.bucketShareAccepted() == null ? List.of() : m.bucketShareAccepted().keySet());
    buckets.addAll(m.bucketShareOriginal() == null ? List.of() : m.bucketShareOriginal().keySet());
    if (buckets.isEmpty()) {
      return null;
    }
    CategoryChart chart = bars("Iteration " + m.iteration() + ": difficulty of accepted vs original",
        "difficulty bucket");
    List<String> labels = buckets.stream().map(String::valueOf).toList();
    addBars(chart, "accepted", labels, buckets, m.bucketShareAccepted());
    addBars(chart, "original", labels, buckets, m.bucketShareOriginal());
    return chart.getSeriesMap().isEmpty() ? null : chart;
  }

  static CategoryChart histogram(IterationMetrics m, String quantity, TailComparison t) {
    if (t == null || t.binEdges() == null || t.binEdges().size() < 2) {
      return null;
    }
    List<String> labels = new ArrayList<>();
    List<Double> edges = t.binEdges();
    double width = edges.get(1) - edges.get(0);
    String format = width >= 10 ? "%.0f-%.0f" : width >= 1 ? "%.1f-%.1f" : "%.2f-%.2f";
    for (int i = 0; i + 1 < edges.size(); i++) {
      labels.add(String.format(Locale.ROOT, format, edges.get(i), edges.get(i + 1)));
    }
    boolean originals = t.originalCount() > 0;
    CategoryChart chart = bars("Iteration " + m.iteration() + ": " + quantity + " of accepted "
        + (originals ? "vs original" : "(original data not scored)"), quantity);
    chart.getStyler().setXAxisLabelRotation(45);
    addHistogram(chart, "accepted", labels, t.acceptedHistogram());
    addHistogram(chart, "original", labels, t.originalHistogram());
    return chart.getSeriesMap().isEmpty() ? null : chart;
  }

  private static Double subset(IterationMetrics m, String subset) {
    return m.semanticDiversity() == null ? null : m.semanticDiversity().get(subset);
  }

  private static XYChart curves(
      String title,
      String yTitle,
      List<IterationMetrics> iterations,
      Map<String, Function<IterationMetrics, Double>> series) {
    XYChart chart =
        new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
            .xAxisTitle("iteration").yAxisTitle(yTitle).build();
    style(chart.getStyler());
    chart.getStyler().setLegendPosition(LegendPosition.OutsideE);
    chart.getStyler().setXAxisDecimalPattern("0");
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setYAxisMax(1.0);
    chart.getStyler().setMarkerSize(8);
    if (!iterations.isEmpty()) {
      // Every curve chart spans all iterations, so the charts line up when compared.
      chart.getStyler().setXAxisMin((double) iterations.get(0).iteration());
      chart.getStyler().setXAxisMax((double) iterations.get(iterations.size() - 1).iteration());
    }
    series.forEach((name, value) -> {
      List<Integer> x = new ArrayList<>();
      List<Double> y = new ArrayList<>();
      for (IterationMetrics m : iterations) {
        Double v = value.apply(m);
        if (v != null && !v.isNaN()) {
          x.add(m.iteration());
          y.add(v);
        }
      }
      if (!x.isEmpty()) {
        chart.addSeries(name, x, y);
      }
    });
    return chart.getSeriesMap().isEmpty() ? null : chart;
  }

  private static CategoryChart bars(String title, String xTitle) {
    CategoryChart chart =
        new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title)
            .xAxisTitle(xTitle).yAxisTitle("share").build();
    style(chart.getStyler());
    chart.getStyler().setLegendPosition(LegendPosition.InsideNE);
    // Side by side: overlapped bars hide the smaller share behind the larger.
    chart.getStyler().setOverlapped(false);
    chart.getStyler().setAvailableSpaceFill(0.85);
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setYAxisDecimalPattern("0.00");
    return chart;
  }

  private static void addBars(
      CategoryChart chart,
      String name,
      List<String> labels,
      TreeSet<Integer> buckets,
      Map<Integer, Double> shares) {
    if (shares == null || shares.isEmpty()) {
      return;
    }
    List<Double> values = buckets.stream().map(b -> shares.getOrDefault(b, 0.0)).toList();
    chart.addSeries(name, labels, values);
  }

  /** Counts as shares of their side, so a large and a small sample compare. */
  private static void addHistogram(
      CategoryChart chart, String name, List<String> labels, List<Long> counts) {
    long total = counts == null ? 0 : counts.stream().mapToLong(Long::longValue).sum();
    if (total == 0) {
      return;
    }
    chart.addSeries(name, labels, counts.stream().map(c -> (double) c / total).toList());
  }

  private static void style(AxesChartStyler styler) {
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setSeriesColors(PALETTE);
    styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    styler.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    styler.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
    styler.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    styler.setAntiAlias(true);
  }
}
