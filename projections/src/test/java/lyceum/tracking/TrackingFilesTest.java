package lyceum.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.stream.Stream;
import lyceum.metrics.IterationMetrics;
import lyceum.projections.ScriptedMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tracking files read back as their readers would: the TensorBoard file by a reader written here to
 * the record format (its own CRC-32C and protobuf decoding), the MLflow store by its documented layout.
 */
class TrackingFilesTest {

    @TempDir
    Path dir;

    private final List<IterationMetrics> metrics = ScriptedMetrics.threeIterations();
    private final Map<Integer, Long> wallTimes =
            Map.of(0, 1_700_000_000_000L, 1, 1_700_000_100_000L, 2, 1_700_000_200_000L);

    @Test
    void theTensorBoardFileHoldsEveryScalarPerIterationInValidRecords() throws IOException {
        Path file = TensorBoardFiles.write(dir.resolve("tb"), 1_699_999_999_000L, metrics, wallTimes);

        assertThat(file.getFileName().toString()).contains("tfevents");
        List<TfEventsReader.Event> events = TfEventsReader.read(Files.readAllBytes(file));
        assertThat(events).hasSize(1 + metrics.size());
        assertThat(events.get(0).fileVersion()).isEqualTo("brain.Event:2");
        for (int i = 0; i < metrics.size(); i++) {
            IterationMetrics m = metrics.get(i);
            TfEventsReader.Event e = events.get(i + 1);
            assertThat(e.step()).isEqualTo(m.iteration());
            assertThat(e.wallTime()).isEqualTo(wallTimes.get(m.iteration()) / 1000.0);
            SortedMap<String, Double> expected = MetricScalars.of(m);
            assertThat(e.values().keySet()).containsExactlyElementsOf(expected.keySet());
            expected.forEach(
                    (tag, value) -> assertThat(e.values().get(tag)).as(tag).isEqualTo(value.floatValue()));
        }
        assertThat(events.get(2).values()).containsKeys("coverage", "pass_at_k.1", "greedy_accuracy.held-out");
    }

    @Test
    void aCorruptRecordIsDetectedByTheReader() throws IOException {
        byte[] bytes = Files.readAllBytes(TensorBoardFiles.write(dir, 0L, metrics, wallTimes));
        bytes[bytes.length - 10] ^= 1;
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TfEventsReader.read(bytes))
                .hasMessageContaining("data CRC");
    }

    @Test
    void theMlflowStoreFollowsItsLayout() throws IOException {
        MlflowStore.Run run = new MlflowStore.Run(
                "exp-1",
                "gsm8k-star",
                "{\"name\":\"gsm8k-star\",\"strategy\":{\"name\":\"state-reset\",\"sample-num\":8},\"iterations\":2}",
                "cafe01",
                "lyceum 0.1.0 abc",
                1_699_999_999_000L,
                1_700_000_300_000L,
                "finished");
        Path runDir = MlflowStore.write(dir.resolve("mlruns"), run, metrics, wallTimes);
        Path again = MlflowStore.write(dir.resolve("mlruns"), run, metrics, wallTimes);

        assertThat(again).isEqualTo(runDir);
        Path experimentDir = runDir.getParent();
        assertThat(experimentDir.getFileName().toString()).isEqualTo("1");
        Map<String, String> experimentMeta = yaml(experimentDir.resolve("meta.yaml"));
        assertThat(experimentMeta)
                .containsEntry("experiment_id", "1")
                .containsEntry("name", "gsm8k-star")
                .containsEntry("lifecycle_stage", "active")
                .containsKey("artifact_location");
        Map<String, String> runMeta = yaml(runDir.resolve("meta.yaml"));
        assertThat(runMeta)
                .containsEntry("run_id", runDir.getFileName().toString())
                .containsEntry("run_uuid", runDir.getFileName().toString())
                .containsEntry("experiment_id", "1")
                .containsEntry("status", "3")
                .containsEntry("start_time", "1699999999000")
                .containsEntry("end_time", "1700000300000")
                .containsEntry("run_name", "exp-1");
        assertThat(runDir.getFileName().toString()).matches("[0-9a-f]{32}");
        assertThat(Files.readString(runDir.resolve("params/strategy.name"))).isEqualTo("state-reset");
        assertThat(Files.readString(runDir.resolve("params/strategy.sample-num")))
                .isEqualTo("8");
        assertThat(Files.readString(runDir.resolve("tags/lyceum.config_hash"))).isEqualTo("cafe01");
        assertThat(Files.readString(runDir.resolve("tags/lyceum.code_version"))).isEqualTo("lyceum 0.1.0 abc");
        assertThat(Files.readString(runDir.resolve("tags/mlflow.runName"))).isEqualTo("exp-1");

        List<String> coverage = Files.readAllLines(runDir.resolve("metrics/coverage"));
        List<String> expected = new ArrayList<>();
        for (IterationMetrics m : metrics) {
            Double v = MetricScalars.of(m).get("coverage");
            if (v != null) {
                expected.add(wallTimes.get(m.iteration()) + " " + m.iteration() + " " + v);
            }
        }
        List<String> parsed = coverage.stream()
                .map(line -> {
                    String[] parts = line.split(" ");
                    assertThat(parts).hasSize(3);
                    return Long.parseLong(parts[0]) + " " + Integer.parseInt(parts[2]) + " "
                            + Double.parseDouble(parts[1]);
                })
                .toList();
        assertThat(parsed).isNotEmpty().containsExactlyElementsOf(expected);
        try (Stream<Path> files = Files.list(runDir.resolve("metrics"))) {
            assertThat(files.map(p -> p.getFileName().toString()).toList())
                    .containsExactlyInAnyOrderElementsOf(metrics.stream()
                            .flatMap(m -> MetricScalars.of(m).keySet().stream())
                            .distinct()
                            .toList());
        }
    }

    private static Map<String, String> yaml(Path file) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            int colon = line.indexOf(": ");
            String value = line.substring(colon + 2);
            if (value.startsWith("'") && value.endsWith("'")) {
                value = value.substring(1, value.length() - 1).replace("''", "'");
            }
            out.put(line.substring(0, colon), value);
        }
        return out;
    }
}
