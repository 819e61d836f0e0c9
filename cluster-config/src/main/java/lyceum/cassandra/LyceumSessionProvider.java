package lyceum.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.internal.core.config.typesafe.DefaultDriverConfigLoader;
import com.typesafe.config.Config;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.connectors.cassandra.CqlSessionProvider;
import scala.concurrent.ExecutionContext;
import scala.concurrent.Future;
import scala.jdk.javaapi.FutureConverters;

/**
 * The sessions of the Pekko Cassandra plugins (journal, snapshots, queries, projections): their
 * {@code datastax-java-driver} options, with the contact point and credentials of the embedded node read
 * from its data directory at connect time, so that a node started (or moved to free ports) after the
 * configuration was loaded is found and logged into. For an external cluster the options are used as
 * they are. Named by {@code session-provider} in lyceum/persistence.conf.
 */
public final class LyceumSessionProvider implements CqlSessionProvider {

    private final ActorSystem system;
    private final Config pluginConfig;

    public LyceumSessionProvider(ActorSystem system, Config pluginConfig) {
        this.system = system;
        this.pluginConfig = pluginConfig;
    }

    @Override
    public Future<CqlSession> connect(ExecutionContext ec) {
        Config driver = CqlSessionProvider.driverConfig(system, pluginConfig);
        CassandraClientSettings client =
                CassandraClientSettings.fromConfig(system.settings().config()).resolved();
        Config options = client.embedded() ? client.driverConfig(true).withFallback(driver) : driver;
        return FutureConverters.asScala(CqlSession.builder()
                .withConfigLoader(new DefaultDriverConfigLoader(() -> options, false))
                .buildAsync());
    }
}
