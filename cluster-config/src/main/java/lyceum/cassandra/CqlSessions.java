package lyceum.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.config.ProgrammaticDriverConfigLoaderBuilder;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Plain driver sessions for the CLI, the schema and status checks (the Pekko plugins open their own). */
public final class CqlSessions {

  private CqlSessions() {}

  public static CqlSession open(CassandraClientSettings settings) {
    return open(settings, true);
  }

  /** A session on the embedded node. */
  public static CqlSession open(String host, int port) {
    return open(embedded(host, port), true);
  }

  /** Without schema and token metadata: starts faster, for one-off status queries. */
  static CqlSession openLight(CassandraClientSettings settings) {
    return open(settings, false);
  }

  static CassandraClientSettings embedded(String host, int port) {
    return new CassandraClientSettings(
        true,
        List.of(host + ":" + port),
        CassandraServerSettings.DATACENTER,
        Optional.empty(),
        Optional.empty());
  }

  private static CqlSession open(CassandraClientSettings settings, boolean metadata) {
    CqlSessionBuilder builder =
        CqlSession.builder()
            .withConfigLoader(driverConfig(metadata))
            .addContactPoints(
                settings.addresses().stream()
                    .map(a -> new InetSocketAddress(a.getHostString(), a.getPort()))
                    .toList())
            .withLocalDatacenter(settings.localDatacenter());
    settings.username().ifPresent(u -> builder.withAuthCredentials(u, settings.password().orElse("")));
    return builder.build();
  }

  /** DDL on a fresh node can take seconds; the driver's 2 s default request timeout is too short. */
  private static DriverConfigLoader driverConfig(boolean metadata) {
    ProgrammaticDriverConfigLoaderBuilder config =
        DriverConfigLoader.programmaticBuilder()
            .withDuration(DefaultDriverOption.CONNECTION_CONNECT_TIMEOUT, Duration.ofSeconds(5))
            .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(10))
            .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(30))
            .withDuration(
                DefaultDriverOption.CONTROL_CONNECTION_AGREEMENT_TIMEOUT, Duration.ofSeconds(30));
    if (!metadata) {
      config
          .withBoolean(DefaultDriverOption.METADATA_SCHEMA_ENABLED, false)
          .withBoolean(DefaultDriverOption.METADATA_TOKEN_MAP_ENABLED, false);
    }
    return config.build();
  }
}
