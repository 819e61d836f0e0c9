package lyceum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import lyceum.config.LyceumConfig;
import org.junit.jupiter.api.Test;

/** Every lyceum.* default is in the include chain of lyceum-defaults.conf, the one place for them. */
class LyceumDefaultsTest {

    @Test
    void everyLyceumDefaultOfTheModulesReferenceConfIsTheIncludeChainsOwn() {
        // The cli's classpath holds every module's reference.conf (all of them, merged, without system
        // properties); none may set a lyceum.* default of its own.
        Config reference = ConfigFactory.parseResources("reference.conf").getConfig("lyceum");
        Config chain = ConfigFactory.parseResources(LyceumConfig.DEFAULTS_RESOURCE)
                .resolve()
                .getConfig("lyceum");

        Set<String> keys = new TreeSet<>();
        for (Map.Entry<String, ConfigValue> entry : reference.entrySet()) {
            keys.add(entry.getKey());
            assertThat(chain.hasPath(entry.getKey()))
                    .as("lyceum.%s in the include chain", entry.getKey())
                    .isTrue();
            assertThat(chain.getValue(entry.getKey()).unwrapped())
                    .as("lyceum.%s", entry.getKey())
                    .isEqualTo(entry.getValue().unwrapped());
            assertThat(chain.getValue(entry.getKey()).origin().resource())
                    .as("lyceum.%s is set by a file of the chain", entry.getKey())
                    .startsWith("lyceum/");
        }
        assertThat(keys)
                .contains("generation.max-output-chars", "grading.budget", "serve.max-tokens", "gpu.server.reload");
        assertThat(LyceumConfig.load(Optional.empty()).getInt("lyceum.generation.max-output-chars"))
                .isEqualTo(chain.getInt("generation.max-output-chars"));
    }
}
