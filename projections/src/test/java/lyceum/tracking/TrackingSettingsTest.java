package lyceum.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.Optional;
import lyceum.config.LyceumConfig;
import lyceum.config.NodeSettings;
import org.junit.jupiter.api.Test;

class TrackingSettingsTest {

    private static final Config CHAIN = LyceumConfig.load(Optional.empty());

    @Test
    void tensorBoardFilesAreOnByDefaultInTheChainAndForTestKits() {
        assertThat(TrackingSettings.fromConfig(CHAIN).tensorBoard()).isTrue();
        assertThat(TrackingSettings.fromConfig(ConfigFactory.load())).isEqualTo(TrackingSettings.fromConfig(CHAIN));
    }

    @Test
    void aNodeKeepsItsTrackingFilesUnderItsDataFolderUnlessTurnedOff() {
        Path dataDir = NodeSettings.fromConfig(CHAIN).dataDir();
        assertThat(TrackingFiles.fromConfig(CHAIN).orElseThrow().tensorBoardDir("exp-1"))
                .isEqualTo(dataDir.resolve("tracking").resolve("exp-1").resolve("tensorboard"));
        assertThat(TrackingFiles.fromConfig(ConfigFactory.parseString("lyceum.projections.tracking.tensorboard = off")
                        .withFallback(CHAIN)))
                .isEmpty();
        // an actor system without node settings (reference.conf alone) keeps none
        assertThat(TrackingFiles.fromConfig(ConfigFactory.load())).isEmpty();
    }

    @Test
    void aBadValueNamesItsKey() {
        assertThatThrownBy(() -> TrackingSettings.fromConfig(
                        ConfigFactory.parseString("lyceum.projections.tracking.tensorboard = sometimes")
                                .withFallback(CHAIN)))
                .hasMessageContaining("lyceum.projections.tracking.tensorboard");
    }
}
