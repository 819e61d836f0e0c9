package lyceum.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lyceum.metrics.IterationMetrics;
import lyceum.experiment.ExperimentActor;
import lyceum.tracking.MetricScalars;

/**
 * {@code lyceum report}: the dashboard's experiment page saved to a folder, opened from disk with no
 * server and no network. The page and its script are the dashboard's own; the answers the script would
 * ask the API for are saved beside it in {@code data.js}, keyed by their API paths, so the report and the
 * dashboard draw their charts from one code path.
 */
public final class SavedReport {

  private static final List<String> ASSETS = List.of("static/app.js", "static/charts.js", "static/style.css");

  private SavedReport() {}

  /**
   * Writes {@code index.html}, {@code data.js} and the page's assets into {@code outDir} (created if
   * needed) and returns the index. {@code summary} may be null (the page then shows no status line).
   */
  public static Path write(String experimentId, ExperimentActor.Status summary, List<IterationMetrics> iterations,
      Path outDir) throws IOException {
    Files.createDirectories(outDir.resolve("static"));
    for (String asset : ASSETS) {
      Files.write(outDir.resolve(asset), resource(asset));
    }
    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("experiment", summary);
    metrics.put("iterations", iterations);
    metrics.put("scalars", MetricScalars.of(iterations));
    Map<String, Object> saved = new LinkedHashMap<>();
    saved.put("start", "#/experiment/" + experimentId);
    if (summary != null) {
      saved.put("experiments", List.of(summary));
      saved.put("experiments/" + experimentId, summary);
    }
    saved.put("experiments/" + experimentId + "/metrics", metrics);
    // Inside a <script>, "</" would end it early: JSON allows "<\/" for it.
    String json = DashboardServer.MAPPER.writeValueAsString(saved).replace("</", "<\\/");
    Files.writeString(outDir.resolve("static/data.js"), "window.LYCEUM_DATA = " + json + ";\n");
    String page = new String(resource("index.html"), StandardCharsets.UTF_8)
        .replace("<title>Lyceum</title>", "<title>Lyceum report: " + escape(experimentId) + "</title>")
        .replace("<script src=\"static/charts.js\">", "<script src=\"static/data.js\"></script>\n<script src=\"static/charts.js\">");
    Path index = outDir.resolve("index.html");
    Files.writeString(index, page);
    return index;
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = SavedReport.class.getClassLoader().getResourceAsStream("lyceum/dashboard/" + name)) {
      if (in == null) {
        throw new IllegalStateException("lyceum/dashboard/" + name + " is missing from the classpath");
      }
      return in.readAllBytes();
    }
  }

  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
