package lyceum.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Loads the bundled datasets (GSM8K, MATH-500, SVAMP; see lyceum/datasets/LICENSES.md) from the
 * classpath, the same formats from a file, and custom JSONL through a {@link FieldMapping}. A
 * malformed line stops loading with a {@link DatasetFormatException} that names file, line and field:
 * silently skipped problems would bias every metric computed on the rest.
 */
public final class Datasets {

    private static final String ROOT = "/lyceum/datasets/";

    /** Bundled dataset names and, per split, their resource under lyceum/datasets/. */
    private static final Map<String, Map<String, String>> BUNDLED = Map.of(
            "gsm8k", Map.of("train", "gsm8k/train.jsonl", "test", "gsm8k/test.jsonl"),
            "math500", Map.of("test", "math500/test.jsonl"),
            "svamp", Map.of("test", "svamp/svamp.jsonl"));

    private Datasets() {}

    /** The bundled dataset names. */
    public static List<String> names() {
        return BUNDLED.keySet().stream().sorted().toList();
    }

    /** The splits of a bundled dataset: gsm8k has train and test; math500 and svamp have test. */
    public static List<String> splits(String name) {
        return bundled(name).keySet().stream().sorted().toList();
    }

    /** A bundled dataset split from the classpath: "gsm8k" (train, test), "math500" (test), "svamp" (test). */
    public static List<DatasetProblem> load(String name, String split) {
        String resource = resource(name, split);
        InputStream in = Datasets.class.getResourceAsStream(ROOT + resource);
        if (in == null) {
            throw new IllegalStateException("dataset resource missing from the classpath: " + ROOT + resource);
        }
        DatasetFormat format = format(name);
        return JsonlLines.read(in, resource, line -> format.read(line, split));
    }

    /** A file in the format of a bundled dataset (e.g. a full MATH test set in MATH-500's format). */
    public static List<DatasetProblem> load(String name, String split, Path file) {
        DatasetFormat format = format(name);
        Objects.requireNonNull(split, "split");
        return readFile(file, format, split);
    }

    /**
     * A custom JSONL file. The dataset name is the file name without extension; the split is the
     * caller's to name.
     */
    public static List<DatasetProblem> loadCustom(Path file, FieldMapping mapping, String split) {
        Objects.requireNonNull(split, "split");
        String name = DatasetFormat.Custom.nameOf(file.getFileName().toString());
        return readFile(file, new DatasetFormat.Custom(name, mapping), split);
    }

    private static List<DatasetProblem> readFile(Path file, DatasetFormat format, String split) {
        String source = file.getFileName().toString();
        try (InputStream in = Files.newInputStream(file)) {
            return JsonlLines.read(in, source, line -> format.read(line, split));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static Map<String, String> bundled(String name) {
        Map<String, String> splits = BUNDLED.get(name);
        if (splits == null) {
            throw new IllegalArgumentException("unknown dataset '" + name + "'; bundled: " + names());
        }
        return splits;
    }

    private static String resource(String name, String split) {
        String resource = bundled(name).get(split);
        if (resource == null) {
            throw new IllegalArgumentException(
                    "dataset '" + name + "' has no split '" + split + "'; it has " + splits(name));
        }
        return resource;
    }

    private static DatasetFormat format(String name) {
        bundled(name);
        switch (name) {
            case "gsm8k":
                return new DatasetFormat.Gsm8k();
            case "math500":
                return new DatasetFormat.Math500();
            default:
                return new DatasetFormat.Svamp();
        }
    }
}
