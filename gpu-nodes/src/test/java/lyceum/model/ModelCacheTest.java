package lyceum.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCacheTest {
    @TempDir
    Path root;

    @Test
    void keepsTheTwoMostRecentlyUsedModelsAndClosesTheEvictedOne() throws Exception {
        CheckpointStore store = new CheckpointStore(root);
        List<String> versions = new ArrayList<>();
        for (int seed = 1; seed <= 3; seed++) {
            try (LanguageModel model = LanguageModel.initialize(TinyModels.CONFIG, DjlRuntime.defaultDevice(), seed)) {
                versions.add(store.save(model, null, Map.of()).modelVersion());
            }
        }
        try (ModelCache cache = new ModelCache(store, DjlRuntime.defaultDevice(), 2)) {
            LanguageModel first = cache.get(versions.get(0));
            LanguageModel second = cache.get(versions.get(1));
            assertThat(cache.get(versions.get(0))).isSameAs(first);
            cache.get(versions.get(2));
            assertThat(cache.size()).isEqualTo(2);
            // The second was least recently used, so it went, and its parameters with it.
            assertThat(cache.get(versions.get(0))).isSameAs(first);
            assertThatThrownBy(() -> second.manager().zeros(new ai.djl.ndarray.types.Shape(1)))
                    .isInstanceOf(IllegalStateException.class);
            assertThat(cache.get(versions.get(1))).isNotSameAs(second);
        }
    }

    @Test
    void aVersionTheStoreDoesNotHoldIsRefusedForGoodPointingToManagedServers() {
        DjlGenerator generator = new DjlGenerator(new CheckpointStore(root));
        var request =
                List.of(new lyceum.engine.GenerationRequest("r-0", "2 + 3?\n", lyceum.engine.SamplingParams.greedy(8)));

        // a training command's checkpoint, or a hub name: asking again would not make either appear
        for (String version : List.of("0123456789abcdef", "Qwen/Qwen2.5-1.5B-Instruct")) {
            assertThatThrownBy(() -> generator.generate(version, request))
                    .isInstanceOf(lyceum.engine.PermanentGenerationException.class)
                    .hasMessageContaining(version)
                    .hasMessageContaining("lyceum.gpu.server");
        }
    }
}
