package lyceum.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.Optional;
import lyceum.config.LyceumConfig;
import org.junit.jupiter.api.Test;

class GradingSettingsTest {

    private static final Config CHAIN = LyceumConfig.load(Optional.empty());

    @Test
    void theDefaultsComeFromTheIncludeChainAndTestKitsReadTheSame() {
        // the budget grading.conf and the README document
        assertThat(GradingSettings.fromConfig(CHAIN).budget()).isEqualTo(Duration.ofSeconds(20));
        assertThat(GradingSettings.fromConfig(ConfigFactory.load())).isEqualTo(GradingSettings.fromConfig(CHAIN));
        assertThat(GradingSettings.fromConfig(ConfigFactory.parseString("lyceum.grading.budget = 3s")
                                .withFallback(CHAIN))
                        .budget())
                .isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void aBadBudgetNamesItsKey() {
        assertThatThrownBy(() -> GradingSettings.fromConfig(
                        ConfigFactory.parseString("lyceum.grading.budget = 0s").withFallback(CHAIN)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("lyceum.grading.budget must be positive, found PT0S");
        assertThatThrownBy(() -> GradingSettings.fromConfig(ConfigFactory.parseString("lyceum.grading.budget = soon")
                        .withFallback(CHAIN)))
                .hasMessageContaining("lyceum.grading.budget");
    }
}
