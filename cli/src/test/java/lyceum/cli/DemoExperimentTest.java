package lyceum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import lyceum.experiment.config.ExperimentConfig;
import org.junit.jupiter.api.Test;

/** The demo's experiment file passes the loader's checks (a misspelt or out-of-range key fails here). */
class DemoExperimentTest {

    @Test
    void bothStrategiesOfTheDemoLoadFromItsFile() {
        for (String strategy : new String[] {"vanilla", "state-reset"}) {
            ExperimentConfig demo = DemoCommand.demoExperiment(strategy, null);
            assertThat(demo.strategy().name().key()).isEqualTo(strategy);
            assertThat(demo.name()).isEqualTo("demo-" + strategy);
            assertThat(demo.acceptance().requireValidSteps()).isTrue();
            assertThat(demo.training().learningRateAt(0)).isPositive();
            assertThat(demo.training().learningRateAt(1))
                    .isPositive()
                    .isLessThanOrEqualTo(demo.training().learningRateAt(0));
        }
        assertThat(DemoCommand.demoExperiment("vanilla", 1).iterations()).isEqualTo(1);
    }
}
