package lyceum.experiment;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import lyceum.engine.DurableFiles;
import lyceum.engine.TrainingExample;
import lyceum.workers.TrainingDataFormat;
import lyceum.workers.TrainingSetHash;

/**
 * One iteration's training set as JSON lines in the trainer's format, written to a {@code .part} file and
 * moved into place durably when whole, so a trainer never reads half a set. It lies under the
 * experiment's folder in the data folder; a LLaMA-Factory format's {@code dataset_info.json} is written
 * beside it before the data file is in place, and the set's hash covers both.
 */
final class TrainingSetFile implements AutoCloseable {

    private final TrainingDataFormat format;
    private final Path file;
    private final Path part;
    private final Writer writer;
    private int examples;

    private TrainingSetFile(Path file, TrainingDataFormat format) throws IOException {
        this.format = format;
        this.file = file;
        this.part = file.resolveSibling(file.getFileName() + ".part");
        Files.createDirectories(file.getParent());
        this.writer = Files.newBufferedWriter(part, StandardCharsets.UTF_8);
    }

    static TrainingSetFile open(Path dataDir, String experimentId, int iteration, TrainingDataFormat format)
            throws IOException {
        Path folder = experimentFile(dataDir, experimentId, "");
        return new TrainingSetFile(format.dataFile(folder, iteration), format);
    }

    /**
     * A file of an experiment under the data folder. The experiment id is validated ({@link Ids}), so this
     * only guards against a path that would still leave the folder.
     */
    static Path experimentFile(Path dataDir, String experimentId, String name) {
        Path root = dataDir.toAbsolutePath().normalize();
        Path file =
                root.resolve("experiments").resolve(experimentId).resolve(name).normalize();
        if (Ids.experimentIdError(experimentId) != null || !file.startsWith(root.resolve("experiments"))) {
            throw new IllegalArgumentException(
                    "experiment id '" + experimentId + "' would write " + file + " outside the data folder " + root);
        }
        return dataDir.resolve("experiments").resolve(experimentId).resolve(name);
    }

    void append(List<TrainingExample> batch) throws IOException {
        for (TrainingExample e : batch) {
            writer.write(format.line(e));
            writer.write('\n');
            examples++;
        }
    }

    int examples() {
        return examples;
    }

    Path path() {
        return file;
    }

    /** Closes the set and puts it in place; returns its content hash. */
    String commit() throws IOException {
        writer.close();
        var info = format.datasetInfo();
        if (info.isPresent()) {
            DurableFiles.write(
                    file.resolveSibling(TrainingDataFormat.DATASET_INFO),
                    info.get().getBytes(StandardCharsets.UTF_8));
        }
        // Synced before and after the rename: TrainingStarted journals this set, so it must outlive a crash.
        DurableFiles.moveIntoPlace(part, file);
        try {
            return TrainingSetHash.of(format.files(file));
        } catch (IOException e) {
            throw new IllegalStateException("cannot hash " + file, e);
        }
    }

    /** Gives up a set that will not be committed. */
    @Override
    public void close() {
        try {
            writer.close();
            Files.deleteIfExists(part);
        } catch (IOException ignored) {
            // an abandoned .part file is overwritten by the next attempt
        }
    }

    static String sha256(Path file) {
        try {
            return TrainingSetHash.of(file);
        } catch (IOException e) {
            throw new IllegalStateException("cannot hash " + file, e);
        }
    }
}
