package lyceum;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;

/**
 * An in-memory journal and snapshot store that really serialize what they store, with Lyceum's Jackson
 * binding: an event or snapshot Jackson cannot read back fails the test that wrote it.
 */
public final class PersistenceTestConfig {

    private PersistenceTestConfig() {}

    public static Config config() {
        return ConfigFactory.parseString("pekko.persistence.testkit.events.serialize = on\n"
                        + "pekko.persistence.testkit.snapshots.serialize = on\n")
                .withFallback(EventSourcedBehaviorTestKit.config())
                .withFallback(ConfigFactory.parseResources("lyceum/serialization.conf"))
                .withFallback(ConfigFactory.load());
    }
}
