package lyceum.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import lyceum.metrics.IterationMetrics;
import lyceum.projections.ScriptedMetrics;
import lyceum.tracking.MetricScalars;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The saved report as a person sees it: the dashboard's page opened from disk by a real headless Chromium. */
class SavedReportTest {

    @TempDir
    Path tmp;

    @Test
    void chromiumDrawsEveryMetricAndTheTailFromTheSavedFiles() throws Exception {
        List<IterationMetrics> metrics = ScriptedMetrics.threeIterations();
        Path index = SavedReport.write("exp-report", null, metrics, tmp.resolve("report"));

        try (Stream<Path> files = Files.walk(index.getParent())) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                // The SVG namespace is a name, never fetched; nothing else may point at the network.
                assertThat(Files.readString(f).replace("http://www.w3.org/2000/svg", ""))
                        .as(f.toString())
                        .doesNotContain("http://", "https://");
            }
        }
        String dom = chromium(
                "--dump-dom", "--virtual-time-budget=10000", index.toUri().toString());

        // One chart per metric group, each with a line per scalar that has a figure in some iteration.
        List<String> groups = metrics.stream()
                .flatMap(m -> MetricScalars.of(m).keySet().stream())
                .map(k -> k.contains(".") ? k.substring(0, k.indexOf('.')) : k)
                .distinct()
                .toList();
        Matcher chart = Pattern.compile("<figure class=\"chart\" data-metric=\"([^\"]+)\"")
                .matcher(dom);
        List<String> drawn = new ArrayList<>();
        while (chart.find()) {
            drawn.add(chart.group(1));
        }
        assertThat(drawn).containsExactlyInAnyOrderElementsOf(groups);
        // Every scalar is a line with a point per iteration that has a figure for it.
        java.util.Map<String, Long> pointsPerScalar = metrics.stream()
                .flatMap(m -> MetricScalars.of(m).keySet().stream())
                .collect(java.util.stream.Collectors.groupingBy(
                        k -> k, java.util.TreeMap::new, java.util.stream.Collectors.counting()));
        Matcher line = Pattern.compile("<polyline points=\"([^\"]*)\"[^>]*data-series=\"([^\"]+)\"")
                .matcher(dom);
        java.util.Map<String, Long> drawnPoints = new java.util.TreeMap<>();
        int lines = 0;
        while (line.find()) {
            drawnPoints.put(line.group(2), (long) line.group(1).split(" ").length);
            lines++;
        }
        assertThat(drawnPoints).isEqualTo(pointsPerScalar);
        assertThat(lines).isGreaterThan(groups.size());
        assertThat(dom)
                .contains("class=\"interval\"")
                .contains("data-tail=\"difficulty\"")
                .contains("data-tail=\"length\"")
                .contains("class=\"bar\"")
                .contains("Tail: accepted against original data, iteration 2")
                .doesNotContain("not in this saved report");
    }

    /** Runs headless Chromium on a page and returns its standard output. */
    private String chromium(String... args) throws Exception {
        Path profile = Files.createTempDirectory(tmp, "chromium-profile");
        List<String> command =
                new ArrayList<>(HeadlessChromium.command("the report", profile, "--allow-file-access-from-files"));
        command.addAll(List.of(args));
        Path out = tmp.resolve("chromium.out");
        Path err = tmp.resolve("chromium.err");
        Process process = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("Chromium did not finish within 120 s: " + Files.readString(err));
        }
        assertThat(process.exitValue())
                .as("Chromium exit code; stderr:\n" + Files.readString(err))
                .isZero();
        return Files.readString(out, StandardCharsets.UTF_8);
    }
}
