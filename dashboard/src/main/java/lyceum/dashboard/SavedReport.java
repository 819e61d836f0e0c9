package lyceum.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import lyceum.experiment.ExperimentActor;
import lyceum.metrics.IterationMetrics;
import lyceum.metrics.MetricsVersion;
import lyceum.metrics.Uncertainty;
import lyceum.report.SeedGroupMetrics;
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
    public static Path write(
            String experimentId, ExperimentActor.Status summary, List<IterationMetrics> iterations, Path outDir)
            throws IOException {
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("experiment", summary);
        metrics.put("iterations", iterations);
        metrics.put("scalars", MetricScalars.of(iterations));
        return save(experimentId, summary, metrics, outDir);
    }

    /**
     * A seed group's page: each figure's mean across the runs as the charted value and its t interval as
     * the band, drawn by the same page (the per-iteration counts are means too); no tail histograms, which
     * do not average.
     */
    public static Path writeGroup(SeedGroupMetrics group, Path outDir) throws IOException {
        List<Map<String, Object>> iterations = new ArrayList<>();
        for (SeedGroupMetrics.Iteration it : group.iterations()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("iteration", it.iteration());
            for (String count : List.of("problems", "samples", "accepted")) {
                SeedGroupMetrics.Figure f = it.figures().get(count);
                row.put(count, f == null ? null : f.mean());
            }
            row.put(
                    "metrics_version",
                    MetricsVersion.CURRENT + ", mean of " + it.runs() + " runs with 95% t intervals across seeds");
            Map<String, Uncertainty.Interval> intervals = new TreeMap<>();
            it.figures().forEach((name, f) -> {
                if (f.interval() != null) {
                    intervals.put(name, f.interval());
                }
            });
            row.put("intervals", intervals);
            iterations.add(row);
        }
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("experiment", null);
        metrics.put("group", group);
        metrics.put("iterations", iterations);
        metrics.put("scalars", group.means());
        return save(group.group(), null, metrics, outDir);
    }

    private static Path save(
            String experimentId, ExperimentActor.Status summary, Map<String, Object> metrics, Path outDir)
            throws IOException {
        Files.createDirectories(outDir.resolve("static"));
        for (String asset : ASSETS) {
            Files.write(outDir.resolve(asset), resource(asset));
        }
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
                .replace(
                        "<script src=\"static/charts.js\">",
                        "<script src=\"static/data.js\"></script>\n<script src=\"static/charts.js\">");
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
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
