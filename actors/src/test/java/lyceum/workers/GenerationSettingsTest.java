package lyceum.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.Optional;
import lyceum.config.LyceumConfig;
import org.junit.jupiter.api.Test;

class GenerationSettingsTest {

    private static final Config CHAIN = LyceumConfig.load(Optional.empty());

    @Test
    void theDefaultsComeFromTheIncludeChainAndTestKitsReadTheSame() {
        GenerationSettings settings = GenerationSettings.fromConfig(CHAIN);
        // the values generation.conf documents
        assertThat(settings.pool())
                .isEqualTo(new GenerationPool.Settings(32, 2, Duration.ofMinutes(2), 5, Duration.ofMillis(500)));
        assertThat(settings.maxOutputChars()).isEqualTo(4096);
        assertThat(settings.output().maxChars()).isEqualTo(4096);
        // an actor system built on reference.conf alone (a test kit) has the same settings
        assertThat(GenerationSettings.fromConfig(ConfigFactory.load())).isEqualTo(settings);
    }

    @Test
    void aUserFileOverridesTheDefaults() {
        GenerationSettings settings = GenerationSettings.fromConfig(
                ConfigFactory.parseString("lyceum.generation { batch-size = 8, max-output-chars = 100 }")
                        .withFallback(CHAIN));
        assertThat(settings.pool().batchSize()).isEqualTo(8);
        assertThat(settings.maxOutputChars()).isEqualTo(100);
        assertThat(settings.pool().maxAttempts())
                .isEqualTo(GenerationSettings.fromConfig(CHAIN).pool().maxAttempts());
    }

    @Test
    void aBadValueNamesItsKey() {
        assertThatThrownBy(() -> read("max-output-chars = 0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("lyceum.generation.max-output-chars must be at least 1, found 0");
        assertThatThrownBy(() -> read("batch-size = -1")).hasMessageContaining("lyceum.generation.batch-size");
        assertThatThrownBy(() -> read("batches-per-worker = 0"))
                .hasMessageContaining("lyceum.generation.batches-per-worker");
        assertThatThrownBy(() -> read("max-attempts = 0")).hasMessageContaining("lyceum.generation.max-attempts");
        assertThatThrownBy(() -> read("batch-timeout = 0s")).hasMessageContaining("lyceum.generation.batch-timeout");
        assertThatThrownBy(() -> read("retry-backoff = -1s")).hasMessageContaining("lyceum.generation.retry-backoff");
        assertThatThrownBy(() -> read("batch-size = many")).hasMessageContaining("lyceum.generation.batch-size");
    }

    private static GenerationSettings read(String setting) {
        return GenerationSettings.fromConfig(
                ConfigFactory.parseString("lyceum.generation." + setting).withFallback(CHAIN));
    }
}
