package lyceum.serving;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import lyceum.engine.PermanentGenerationException;
import lyceum.model.CheckpointStore;

/**
 * Where the checkpoint of a model version is: a fixed path the node configures by name, Lyceum's own
 * checkpoint store, or the path a training command reported (CommandTrainer writes it to
 * {@code DATA/experiments/ID/trained-models/VERSION}).
 */
public final class CheckpointLocator {
    /** CommandTrainer's index beside each experiment's training sets. */
    static final String TRAINED = "trained-models";

    private final Map<String, Path> models;
    private final CheckpointStore store;
    private final Path experiments;

    public CheckpointLocator(Map<String, Path> models, CheckpointStore store, Path dataDir) {
        this.models = Map.copyOf(models);
        this.store = store;
        this.experiments = dataDir.resolve("experiments");
    }

    public Path pathOf(String version) throws PermanentGenerationException, IOException {
        Path fixed = models.get(version);
        if (fixed != null) {
            return fixed;
        }
        if (version.matches("[0-9a-f]{16}") && store.contains(version)) {
            return store.directoryOf(version).toAbsolutePath();
        }
        Optional<Path> trained = trainedByCommand(version);
        if (trained.isPresent()) {
            return trained.get();
        }
        throw new PermanentGenerationException("no checkpoint for model version " + version + ": not named in "
                + ServerSettings.PATH + ".models, not under " + store.root().toAbsolutePath() + ", not reported by a "
                + "training command under " + experiments.toAbsolutePath() + "/*/" + TRAINED);
    }

    private Optional<Path> trainedByCommand(String version) throws IOException {
        if (!version.matches("[0-9a-f]{16}") || !Files.isDirectory(experiments)) {
            return Optional.empty();
        }
        try (Stream<Path> dirs = Files.list(experiments)) {
            for (Path index : dirs.map(d -> d.resolve(TRAINED).resolve(version)).toList()) {
                if (Files.isRegularFile(index)) {
                    return Optional.of(Path.of(
                            Files.readString(index, StandardCharsets.UTF_8).strip()));
                }
            }
        }
        return Optional.empty();
    }
}
