package lyceum.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import lyceum.metrics.IterationMetrics;
import org.apache.commons.io.FileUtils;

/**
 * An experiment as a run of an MLflow file store ({@code mlflow ui --backend-store-uri DIR}): the
 * store's experiment {@code meta.yaml}, the run's {@code meta.yaml}, {@code params/} from the experiment
 * config (one file per key path), {@code metrics/} with one {@code timestamp value step} line per
 * iteration (step = iteration) for each scalar of {@link MetricScalars}, and {@code tags/} with the
 * config hash and the code version.
 */
public final class MlflowStore {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** MLflow's RunStatus numbers. */
    private static final Map<String, Integer> STATUS = Map.of("running", 1, "finished", 3, "failed", 4, "cancelled", 5);

    /**
     * What the run says about the experiment besides its metrics.
     *
     * @param state the experiment's state as {@code lyceum status} names it
     * @param endedAtEpochMillis null while it runs
     */
    public record Run(
            String experimentId,
            String name,
            String configJson,
            String configHash,
            String codeVersion,
            long startedAtEpochMillis,
            Long endedAtEpochMillis,
            String state) {}

    private MlflowStore() {}

    /**
     * Writes the run into the store at {@code root} (created if needed), under the MLflow experiment named
     * after the Lyceum experiment's name, and returns the run's folder. The run id is derived from the
     * experiment id, so exporting again replaces the same run.
     */
    public static Path write(Path root, Run run, List<IterationMetrics> iterations, Map<Integer, Long> wallTimesMillis)
            throws IOException {
        Files.createDirectories(root);
        String experimentName = run.name() == null || run.name().isBlank() ? run.experimentId() : run.name();
        String mlflowExperiment = experimentFolder(root, experimentName, run.startedAtEpochMillis());
        Path experimentDir = root.resolve(mlflowExperiment);
        String runId = UUID.nameUUIDFromBytes(("lyceum:" + run.experimentId()).getBytes(StandardCharsets.UTF_8))
                .toString()
                .replace("-", "");
        Path runDir = experimentDir.resolve(runId);
        FileUtils.deleteDirectory(runDir.toFile());
        Files.createDirectories(runDir.resolve("artifacts"));

        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put(
                "artifact_uri",
                runDir.resolve("artifacts").toAbsolutePath().toUri().toString());
        meta.put("end_time", run.endedAtEpochMillis());
        meta.put("entry_point_name", "");
        meta.put("experiment_id", mlflowExperiment);
        meta.put("lifecycle_stage", "active");
        meta.put("run_id", runId);
        meta.put("run_name", run.experimentId());
        meta.put("run_uuid", runId);
        meta.put("source_name", "");
        meta.put("source_type", 4);
        meta.put("source_version", run.codeVersion() == null ? "" : run.codeVersion());
        meta.put("start_time", run.startedAtEpochMillis());
        meta.put("status", STATUS.getOrDefault(run.state(), 1));
        meta.put("tags", List.of());
        meta.put("user_id", "lyceum");
        Files.writeString(runDir.resolve("meta.yaml"), yaml(meta));

        Map<String, String> tags = new TreeMap<>();
        tags.put("mlflow.runName", run.experimentId());
        tags.put("mlflow.source.type", "LOCAL");
        tags.put("lyceum.experiment_id", run.experimentId());
        tags.put("lyceum.config_hash", String.valueOf(run.configHash()));
        tags.put("lyceum.code_version", String.valueOf(run.codeVersion()));
        tags.put("lyceum.state", String.valueOf(run.state()));
        writeEntries(runDir.resolve("tags"), tags);
        writeEntries(runDir.resolve("params"), params(run.configJson()));

        Map<String, StringBuilder> metrics = new TreeMap<>();
        for (IterationMetrics m : iterations) {
            long at = wallTimesMillis.getOrDefault(m.iteration(), run.startedAtEpochMillis());
            MetricScalars.of(m)
                    .forEach((key, value) -> metrics.computeIfAbsent(key, k -> new StringBuilder())
                            .append(at)
                            .append(' ')
                            .append(number(value))
                            .append(' ')
                            .append(m.iteration())
                            .append('\n'));
        }
        Path metricsDir = Files.createDirectories(runDir.resolve("metrics"));
        for (Map.Entry<String, StringBuilder> e : metrics.entrySet()) {
            Files.writeString(metricsDir.resolve(e.getKey()), e.getValue());
        }
        return runDir;
    }

    /** The config's leaves by dotted path, as MLflow params (values up to MLflow's 6000 characters). */
    static SortedMap<String, String> params(String configJson) throws IOException {
        SortedMap<String, String> out = new TreeMap<>();
        if (configJson != null && !configJson.isBlank()) {
            flatten("", MAPPER.readTree(configJson), out);
        }
        return out;
    }

    private static void flatten(String path, JsonNode node, Map<String, String> out) {
        if (node.isObject()) {
            node.fields()
                    .forEachRemaining(
                            f -> flatten(path.isEmpty() ? f.getKey() : path + "." + f.getKey(), f.getValue(), out));
        } else if (!path.isEmpty()) {
            String text = node.isValueNode() ? node.asText() : node.toString();
            out.put(path, text.length() > 6000 ? text.substring(0, 6000) : text);
        }
    }

    /** The MLflow experiment of this name in the store, or a new one with the next free numeric id. */
    private static String experimentFolder(Path root, String name, long createdAt) throws IOException {
        int next = 1;
        List<Path> dirs = new ArrayList<>();
        try (Stream<Path> list = Files.list(root)) {
            list.filter(Files::isDirectory).forEach(dirs::add);
        }
        for (Path dir : dirs) {
            String id = dir.getFileName().toString();
            if (id.matches("\\d+")) {
                next = Math.max(next, Integer.parseInt(id) + 1);
                Path meta = dir.resolve("meta.yaml");
                if (Files.isRegularFile(meta) && Files.readAllLines(meta).contains("name: " + quote(name))) {
                    return id;
                }
            }
        }
        String id = Integer.toString(next);
        Path dir = Files.createDirectories(root.resolve(id));
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("artifact_location", dir.toAbsolutePath().toUri().toString());
        meta.put("creation_time", createdAt);
        meta.put("experiment_id", id);
        meta.put("last_update_time", createdAt);
        meta.put("lifecycle_stage", "active");
        meta.put("name", name);
        Files.writeString(dir.resolve("meta.yaml"), yaml(meta));
        return id;
    }

    private static void writeEntries(Path dir, Map<String, String> entries) throws IOException {
        Files.createDirectories(dir);
        for (Map.Entry<String, String> e : entries.entrySet()) {
            Path file = dir.resolve(e.getKey().replace('/', '_'));
            Files.writeString(file, e.getValue());
        }
    }

    private static String yaml(Map<String, Object> fields) {
        StringBuilder out = new StringBuilder();
        fields.forEach((key, value) -> {
            out.append(key).append(": ");
            if (value == null) {
                out.append("null");
            } else if (value instanceof Number) {
                out.append(value);
            } else if (value instanceof List<?> list && list.isEmpty()) {
                out.append("[]");
            } else {
                out.append(quote(value.toString()));
            }
            out.append('\n');
        });
        return out.toString();
    }

    /** A YAML single-quoted scalar: quotes doubled, nothing else escaped. */
    private static String quote(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15
                ? String.format(Locale.ROOT, "%.1f", value)
                : Double.toString(value);
    }
}
