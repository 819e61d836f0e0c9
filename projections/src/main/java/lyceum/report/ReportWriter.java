package lyceum.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import lyceum.metrics.IterationMetrics;
import lyceum.metrics.MetricsVersion;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.internal.chartpart.Chart;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An offline HTML report of an experiment's metrics: one folder with index.html and PNG charts
 * (per-iteration curves of coverage, pass@k and diversity; per iteration with accepted data,
 * histograms of difficulty, length and perplexity of the accepted against the original data). Needs no
 * network and no display.
 */
public final class ReportWriter {

  private static final Logger log = LoggerFactory.getLogger(ReportWriter.class);

  static {
    // Charts are drawn off screen; without this a JVM on a machine with no display may try to open one.
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private ReportWriter() {}

  private record Figure(String file, String caption) {}

  /** Writes the report into {@code outDir} (created if needed) and returns its index.html. */
  public static Path write(String experimentId, List<IterationMetrics> iterations, Path outDir)
      throws IOException {
    Files.createDirectories(outDir);
    List<Figure> curves = new ArrayList<>();
    save(outDir, "coverage.png", ReportCharts.coverage(iterations),
        "Coverage before and after guided resampling, and in the hardest difficulty bucket.", curves);
    save(outDir, "pass-at-k.png", ReportCharts.passAtK(iterations),
        "pass@k of the model sampling each iteration (M_{t-1}), and greedy accuracy of M_t.", curves);
    save(outDir, "diversity.png", ReportCharts.diversity(iterations),
        "Distinct-n, distinct equations and semantic diversity of the samples, mean over problems.",
        curves);

    StringBuilder tails = new StringBuilder();
    for (IterationMetrics m : iterations) {
      if (m.accepted() == 0) {
        continue;
      }
      List<Figure> figures = new ArrayList<>();
      String prefix = "iteration-" + m.iteration() + "-";
      save(outDir, prefix + "difficulty.png", ReportCharts.difficulty(m),
          "Share of accepted samples and of original examples per difficulty bucket.", figures);
      save(outDir, prefix + "length.png", ReportCharts.histogram(m, "length (words)", m.length()),
          "Response length in words, accepted samples against reference rationales.", figures);
      save(outDir, prefix + "perplexity.png",
          ReportCharts.histogram(m, "perplexity", m.perplexity()),
          "Perplexity of the accepted samples under the sampling model; the original side appears"
              + " only when reference rationales were scored.", figures);
      tails.append("<h2>Iteration ").append(m.iteration())
          .append(": accepted against original data</h2>\n");
      figures.forEach(f -> tails.append(figure(f)));
    }

    Path index = outDir.resolve("index.html");
    Files.writeString(index, html(experimentId, iterations, curves, tails.toString()));
    log.info("Report of {} written to {}", experimentId, index);
    return index;
  }

  private static void save(Path dir, String file, Chart<?, ?> chart, String caption,
      List<Figure> figures) throws IOException {
    if (chart == null) {
      return;
    }
    try (OutputStream out = Files.newOutputStream(dir.resolve(file))) {
      BitmapEncoder.saveBitmap(chart, out, BitmapFormat.PNG);
    }
    figures.add(new Figure(file, caption));
  }

  private static String html(String experimentId, List<IterationMetrics> iterations,
      List<Figure> curves, String tails) {
    StringBuilder out = new StringBuilder();
    out.append("""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>Lyceum report: %1$s</title>
        <style>
          body { font-family: sans-serif; margin: 2em auto; max-width: 1100px; color: #222; }
          table { border-collapse: collapse; margin: 1em 0; font-size: 14px; }
          th, td { border: 1px solid #ccc; padding: 4px 8px; text-align: right; }
          th { background: #f0f0f0; }
          figure { margin: 1.5em 0; }
          figcaption { color: #555; font-size: 14px; }
          dl { font-size: 13px; color: #444; }
          dt { font-weight: bold; float: left; width: 8em; }
        </style>
        </head>
        <body>
        <h1>Experiment %1$s</h1>
        """.formatted(escape(experimentId)));
    String version = iterations.isEmpty()
        ? MetricsVersion.CURRENT
        : iterations.get(iterations.size() - 1).metricsVersion();
    out.append("<p>").append(iterations.size()).append(" iterations; metrics computed by ")
        .append(escape(version)).append(".</p>\n");
    List<MetricColumn> columns = MetricColumn.columnsFor(iterations);
    out.append("<h2>Iterations</h2>\n<table>\n<tr>");
    columns.forEach(c -> out.append("<th title=\"").append(escape(c.meaning()))
        .append("\">").append(escape(c.header())).append("</th>"));
    out.append("</tr>\n");
    for (IterationMetrics m : iterations) {
      out.append("<tr>");
      columns.forEach(c -> out.append("<td>").append(escape(c.cell().apply(m)))
          .append("</td>"));
      out.append("</tr>\n");
    }
    out.append("</table>\n<dl>\n");
    columns.forEach(c -> out.append("<dt>").append(escape(c.header())).append("</dt><dd>")
        .append(escape(c.meaning())).append("</dd>\n"));
    out.append("</dl>\n");
    if (!curves.isEmpty()) {
      out.append("<h2>Across iterations</h2>\n");
      curves.forEach(f -> out.append(figure(f)));
    }
    out.append(tails);
    out.append("</body>\n</html>\n");
    return out.toString();
  }

  private static String figure(Figure f) {
    return "<figure><img src=\"" + escape(f.file()) + "\" alt=\"" + escape(f.caption())
        + "\" width=\"" + ReportCharts.WIDTH + "\" height=\"" + ReportCharts.HEIGHT + "\">"
        + "<figcaption>" + escape(f.caption()) + "</figcaption></figure>\n";
  }

  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
