package lyceum.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import lyceum.metrics.IterationMetrics;
import lyceum.projections.ScriptedMetrics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report as a person sees it: rendered by a real headless Chromium. */
class ReportWriterTest {

  private static final List<Path> CHROMIUM =
      List.of(Path.of("/usr/bin/chromium"), Path.of("/usr/bin/chromium-browser"));

  @TempDir static Path tmp;

  static List<IterationMetrics> metrics;
  static Path index;

  @BeforeAll
  static void writeReport() throws IOException {
    metrics = ScriptedMetrics.threeIterations();
    index = ReportWriter.write("exp-report <&>", metrics, tmp.resolve("report"));
  }

  @Test
  void theFolderHoldsTheIndexAndAChartPerFigure() throws IOException {
    assertThat(index).isEqualTo(tmp.resolve("report").resolve("index.html")).isRegularFile();
    String html = Files.readString(index);
    assertThat(html).contains("<h1>Experiment exp-report &lt;&amp;&gt;</h1>")
        .doesNotContain("http://", "https://", "<script");
    assertThat(pngs()).contains("coverage.png", "pass-at-k.png", "diversity.png",
        "iteration-1-difficulty.png", "iteration-1-length.png", "iteration-1-perplexity.png",
        "iteration-2-difficulty.png", "iteration-2-length.png", "iteration-2-perplexity.png")
        .doesNotContain("iteration-0-difficulty.png");
    for (String png : pngs()) {
      BufferedImage image = ImageIO.read(index.resolveSibling(png).toFile());
      assertThat(image).as(png).isNotNull();
      assertThat(image.getWidth()).isEqualTo(ReportCharts.WIDTH);
      assertThat(distinctColours(image, 1)).as(png).isGreaterThan(20);
    }
  }

  @Test
  void theTableHasTestTimeColumnsOnlyWhenTheEvaluationSampledAnswers() throws IOException {
    assertThat(Files.readString(index)).doesNotContain("maj@N", "best@N");
    Path withTestTime =
        ReportWriter.write("exp-tt", ScriptedMetrics.threeIterationsWithTestTime(), tmp.resolve("test-time"));

    assertThat(Files.readString(withTestTime))
        .contains("<th title=\"held-out: majority vote over the N sampled answers\">out.maj@N</th>",
            ">out.best@N</th>", ">in.oracle</th>", "<dt>out.best@N</dt>");
  }

  @Test
  void chromiumLoadsEveryImage() throws Exception {
    // A copy of the page with a script that records what the browser loaded; the report has none.
    String html = Files.readString(index);
    Path probe = index.resolveSibling("probe.html");
    Files.writeString(probe, html.replace("</body>", """
        <script>
          window.addEventListener('load', () => {
            for (const img of document.images) {
              img.setAttribute('data-loaded', img.complete ? String(img.naturalWidth) : 'no');
            }
          });
        </script>
        </body>"""));

    String dom = chromium("--dump-dom", "--virtual-time-budget=10000", probe.toUri().toString());

    List<String> sources = new ArrayList<>();
    Matcher img = Pattern.compile("<img src=\"([^\"]+)\"[^>]*data-loaded=\"([^\"]+)\"").matcher(dom);
    while (img.find()) {
      sources.add(img.group(1));
      assertThat(img.group(2)).as(img.group(1) + " natural width").isEqualTo(
          Integer.toString(ReportCharts.WIDTH));
    }
    assertThat(sources).containsExactlyInAnyOrderElementsOf(pngs());
    assertThat(dom).contains("<th title=").contains("Across iterations");
  }

  @Test
  void chromiumRendersAReadablePage() throws Exception {
    Path screenshot = tmp.resolve("screenshot.png");
    chromium("--screenshot=" + screenshot, "--window-size=1200,2000", index.toUri().toString());

    BufferedImage image = ImageIO.read(screenshot.toFile());
    assertThat(image).isNotNull();
    assertThat(image.getWidth()).isEqualTo(1200);
    assertThat(image.getHeight()).isEqualTo(2000);
    // Text, table borders and coloured chart lines: far from one colour.
    assertThat(distinctColours(image, 2)).isGreaterThan(200);
    Path kept = Path.of("target", "report-screenshot.png");
    Files.copy(screenshot, kept, StandardCopyOption.REPLACE_EXISTING);
  }

  private static List<String> pngs() throws IOException {
    try (Stream<Path> files = Files.list(index.getParent())) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".png")).sorted()
          .toList();
    }
  }

  private static int distinctColours(BufferedImage image, int step) {
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < image.getHeight(); y += step) {
      for (int x = 0; x < image.getWidth(); x += step) {
        colours.add(image.getRGB(x, y));
      }
    }
    return colours.size();
  }

  /** Runs headless Chromium on a page and returns its standard output. */
  private static String chromium(String... args) throws Exception {
    Path binary = CHROMIUM.stream().filter(Files::isExecutable).findFirst()
        .orElseGet(() -> fail("Chromium is needed to test the HTML report and was not found at "
            + CHROMIUM + "; install it with `apt-get install -y chromium`"));
    Path profile = Files.createTempDirectory(tmp, "chromium-profile");
    List<String> command = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox",
        "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
        "--user-data-dir=" + profile));
    command.addAll(List.of(args));
    Path out = tmp.resolve("chromium-" + System.nanoTime() + ".out");
    Path err = tmp.resolve("chromium-" + System.nanoTime() + ".err");
    Process process = new ProcessBuilder(command).redirectOutput(out.toFile())
        .redirectError(err.toFile()).start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("Chromium did not finish within 120 s: " + Files.readString(err));
    }
    assertThat(process.exitValue()).as("Chromium exit code; stderr:\n" + Files.readString(err))
        .isZero();
    return Files.readString(out, StandardCharsets.UTF_8);
  }
}
