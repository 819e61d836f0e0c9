package lyceum.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import lyceum.engine.Generation;
import lyceum.engine.GenerationRequest;
import lyceum.engine.SamplingParams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {
    @TempDir
    Path root;

    private static final List<GenerationRequest> REQUESTS = List.of(
            new GenerationRequest("g", "What is 2 + 2?\n", SamplingParams.greedy(20)),
            new GenerationRequest("s", "What is 2 + 2?\n", new SamplingParams(0.9, 0.9, 20, 8)));

    @Test
    void savesUnderTheContentHashAndLoadsAModelThatGeneratesTheSame() throws IOException {
        CheckpointStore store = new CheckpointStore(root);
        try (LanguageModel model = LanguageModel.initialize(TinyModels.CONFIG, DjlRuntime.defaultDevice(), 21)) {
            SavedCheckpoint saved = store.save(model, "00112233aabbccdd", Map.of("experimentId", "exp-1"));
            assertThat(saved.modelVersion()).matches("[0-9a-f]{16}");
            assertThat(saved.directory()).isEqualTo(root.resolve(saved.modelVersion()));
            assertThat(saved.directory().resolve(CheckpointStore.PARAMETERS)).isRegularFile();
            CheckpointManifest manifest = store.manifest(saved.modelVersion());
            assertThat(manifest.config()).isEqualTo(TinyModels.CONFIG);
            assertThat(manifest.vocabulary()).isEqualTo(CharTokenizer.standard().vocabulary());
            assertThat(manifest.parentModelVersion()).isEqualTo("00112233aabbccdd");
            assertThat(manifest.training()).containsEntry("experimentId", "exp-1");

            List<Generation> before = KvCacheDecoder.generate(model, REQUESTS);
            try (LanguageModel loaded = store.load(saved.modelVersion(), DjlRuntime.defaultDevice())) {
                assertThat(loaded.modelVersion()).isEqualTo(saved.modelVersion());
                List<Generation> after = KvCacheDecoder.generate(loaded, REQUESTS);
                SameGenerations.assertSame(after, before, Generation::text, Generation::meanLogProb);
                // Same content, same version: saving the loaded model names the same checkpoint.
                assertThat(store.save(loaded, null, Map.of()).modelVersion()).isEqualTo(saved.modelVersion());
            }
        }
        try (Stream<Path> entries = Files.list(root)) {
            assertThat(entries.map(path -> path.getFileName().toString()).toList())
                    .hasSize(1)
                    .noneMatch(name -> name.startsWith("."));
        }
    }

    @Test
    void differentWeightsGetDifferentVersions() throws IOException {
        CheckpointStore store = new CheckpointStore(root);
        try (LanguageModel one = LanguageModel.initialize(TinyModels.CONFIG, DjlRuntime.defaultDevice(), 1);
                LanguageModel two = LanguageModel.initialize(TinyModels.CONFIG, DjlRuntime.defaultDevice(), 2)) {
            assertThat(store.save(one, null, Map.of()).modelVersion())
                    .isNotEqualTo(store.save(two, null, Map.of()).modelVersion());
        }
    }

    @Test
    void refusesACorruptedCheckpointAndUnknownVersions() throws IOException {
        CheckpointStore store = new CheckpointStore(root);
        String version;
        try (LanguageModel model = LanguageModel.initialize(TinyModels.CONFIG, DjlRuntime.defaultDevice(), 5)) {
            version = store.save(model, null, Map.of()).modelVersion();
        }
        Path parameters = root.resolve(version).resolve(CheckpointStore.PARAMETERS);
        byte[] bytes = Files.readAllBytes(parameters);
        bytes[bytes.length - 3] ^= 0x5a;
        Files.write(parameters, bytes, StandardOpenOption.TRUNCATE_EXISTING);
        assertThatThrownBy(() -> store.load(version, DjlRuntime.defaultDevice()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("corrupt");
        assertThatThrownBy(() -> store.load("0123456789abcdef", DjlRuntime.defaultDevice()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("no checkpoint");
        assertThatThrownBy(() -> store.load("../escape", DjlRuntime.defaultDevice()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
