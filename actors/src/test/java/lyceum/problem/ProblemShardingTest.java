package lyceum.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.Optional;
import lyceum.config.LyceumConfig;
import org.junit.jupiter.api.Test;

class ProblemShardingTest {

    private static final Config CHAIN = LyceumConfig.load(Optional.empty());

    @Test
    void theDefaultComesFromTheIncludeChain() {
        // the value sharding.conf documents: ten shards per node for up to ten nodes
        assertThat(ProblemSharding.fromConfig(CHAIN).numberOfShards()).isEqualTo(100);
        assertThat(ProblemSharding.fromConfig(ConfigFactory.parseString("lyceum.problems.number-of-shards = 12")
                                .withFallback(CHAIN))
                        .numberOfShards())
                .isEqualTo(12);
        assertThat(ProblemSharding.fromConfig(CHAIN).stopWait()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void aNegativeStopWaitNamesItsKey() {
        assertThatThrownBy(() -> ProblemSharding.fromConfig(ConfigFactory.parseString("lyceum.problems.stop-wait = -1s")
                        .withFallback(CHAIN)))
                .hasMessage("lyceum.problems.stop-wait must not be negative, found PT-1S");
    }

    @Test
    void aBadNumberOfShardsNamesItsKey() {
        assertThatThrownBy(() ->
                        ProblemSharding.fromConfig(ConfigFactory.parseString("lyceum.problems.number-of-shards = 0")
                                .withFallback(CHAIN)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("lyceum.problems.number-of-shards must be at least 1, found 0");
        assertThatThrownBy(() ->
                        ProblemSharding.fromConfig(ConfigFactory.parseString("lyceum.problems.number-of-shards = lots")
                                .withFallback(CHAIN)))
                .hasMessageContaining("lyceum.problems.number-of-shards");
    }
}
