package lyceum.projections.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.Optional;
import lyceum.config.LyceumConfig;
import org.junit.jupiter.api.Test;

class CatchUpTest {

    private static final Config CHAIN = LyceumConfig.load(Optional.empty());

    @Test
    void theDefaultsComeFromTheIncludeChainAndTestKitsReadTheSame() {
        // the values read-models.conf documents
        assertThat(CatchUp.fromConfig(CHAIN))
                .isEqualTo(new CatchUp(Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofMinutes(10)));
        assertThat(CatchUp.fromConfig(ConfigFactory.load())).isEqualTo(CatchUp.fromConfig(CHAIN));
        // doubling stops at max-delay
        assertThat(CatchUp.fromConfig(CHAIN).next(Duration.ofSeconds(20))).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aBadValueNamesItsKey() {
        assertThatThrownBy(() -> CatchUp.fromConfig(
                        ConfigFactory.parseString("lyceum.projections.iteration-metrics.catch-up.max-delay = 0s")
                                .withFallback(CHAIN)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("lyceum.projections.iteration-metrics.catch-up.max-delay must be positive, found PT0S");
        assertThatThrownBy(() -> CatchUp.fromConfig(
                        ConfigFactory.parseString("lyceum.projections.iteration-metrics.catch-up.first-delay = later")
                                .withFallback(CHAIN)))
                .hasMessageContaining("lyceum.projections.iteration-metrics.catch-up.first-delay");
    }
}
