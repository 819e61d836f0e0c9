package lyceum.cassandra;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.config.ProgrammaticDriverConfigLoaderBuilder;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Plain driver sessions for the CLI, the schema and status checks (the Pekko plugins open their own). */
public final class CqlSessions {

    /** How long a contact point may take to accept a TCP connection before it counts as unreachable. */
    private static final int PROBE_TIMEOUT_MS = 3000;

    private CqlSessions() {}

    public static CqlSession open(CassandraClientSettings settings) {
        return open(settings, true);
    }

    /** A session on the embedded node of this data directory, at its recorded ports, with its credentials. */
    public static CqlSession open(CassandraServerSettings server) {
        return open(CassandraClientSettings.embedded(server), true);
    }

    /** Without schema and token metadata: starts faster, for one-off status queries. */
    static CqlSession openLight(CassandraClientSettings settings) {
        return open(settings, false);
    }

    private static CqlSession open(CassandraClientSettings configured, boolean metadata) {
        CassandraClientSettings settings = configured.resolved();
        CqlSessionBuilder builder = CqlSession.builder()
                .withConfigLoader(driverConfig(metadata))
                .addContactPoints(settings.addresses().stream()
                        .map(a -> new InetSocketAddress(a.getHostString(), a.getPort()))
                        .toList())
                .withLocalDatacenter(settings.localDatacenter());
        settings.username()
                .ifPresent(
                        u -> builder.withAuthCredentials(u, settings.password().orElse("")));
        // The driver takes seconds to give up on a closed port or a server that is not Cassandra, and
        // names no useful reason; a plain TCP connect and a CQL OPTIONS request tell at once, and say why.
        List<String> refused = settings.addresses().stream()
                .flatMap(
                        a -> notCassandra(a.getHostString(), a.getPort())
                                .map(why -> a.getHostString() + ":" + a.getPort() + " " + why)
                                .stream())
                .toList();
        if (refused.size() == settings.addresses().size()) {
            throw unreachable(settings, String.join(", ", refused), null);
        }
        try {
            return builder.build();
        } catch (AllNodesFailedException e) {
            String reasons = e.getAllErrors().entrySet().stream()
                    .map(n -> n.getKey().getEndPoint() + ": "
                            + n.getValue().stream()
                                    .map(Throwable::getMessage)
                                    .distinct()
                                    .collect(Collectors.joining("; ")))
                    .collect(Collectors.joining(", "));
            throw unreachable(settings, reasons, e);
        }
    }

    private static Optional<String> notCassandra(String host, int port) {
        Optional<String> failure = CqlProbe.connectFailure(host, port, PROBE_TIMEOUT_MS);
        if (failure.isPresent()) {
            return failure;
        }
        // a timeout is left to the driver: a busy Cassandra may answer late
        return CqlProbe.cqlAnswer(host, port, PROBE_TIMEOUT_MS, PROBE_TIMEOUT_MS) == CqlProbe.CqlAnswer.NOT_CQL
                ? Optional.of("accepts connections but does not answer CQL")
                : Optional.empty();
    }

    /** What failed at each contact point, and what to check, in one message. */
    private static CassandraUnreachableException unreachable(
            CassandraClientSettings settings, String reasons, Throwable cause) {
        String message = settings.embedded()
                ? "cannot reach the embedded Cassandra at " + settings.contactPoints() + ": " + reasons
                        + ". Check `lyceum cassandra status`"
                        + settings.embeddedDataDir()
                                .map(dir -> ", the ports recorded in " + CassandraPorts.path(dir)
                                        + " and the credentials in " + CassandraCredentials.path(dir)
                                        + (settings.authenticated()
                                                ? ""
                                                : " (missing: start the node once to create them)"))
                                .orElse("")
                : "cannot reach Cassandra at " + settings.contactPoints() + " (lyceum.cassandra.contact-points): "
                        + reasons + ". Check that Cassandra runs there and listens for CQL on that port, that"
                        + " lyceum.cassandra.local-datacenter (" + settings.localDatacenter() + ") is its data centre"
                        + " and, if it needs them, the credentials in LYCEUM_CASSANDRA_USERNAME and"
                        + " LYCEUM_CASSANDRA_PASSWORD; with no contact points Lyceum uses its embedded Cassandra";
        return new CassandraUnreachableException(message, cause);
    }

    /** DDL on a fresh node can take seconds; the driver's 2 s default request timeout is too short. */
    private static DriverConfigLoader driverConfig(boolean metadata) {
        ProgrammaticDriverConfigLoaderBuilder config = DriverConfigLoader.programmaticBuilder()
                .withDuration(DefaultDriverOption.CONNECTION_CONNECT_TIMEOUT, Duration.ofSeconds(5))
                .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(10))
                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(30))
                .withDuration(DefaultDriverOption.CONTROL_CONNECTION_AGREEMENT_TIMEOUT, Duration.ofSeconds(30));
        if (!metadata) {
            config.withBoolean(DefaultDriverOption.METADATA_SCHEMA_ENABLED, false)
                    .withBoolean(DefaultDriverOption.METADATA_TOKEN_MAP_ENABLED, false);
        }
        return config.build();
    }
}
