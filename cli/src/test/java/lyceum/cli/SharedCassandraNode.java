package lyceum.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import lyceum.projections.SharedCassandra;

/**
 * The node file the command tests start `lyceum` with: the test run's shared Cassandra by contact point
 * and Lyceum's login (as any Cassandra given by contact points may require), the given roles, and its
 * data under {@code dir}.
 */
final class SharedCassandraNode {

    private SharedCassandraNode() {}

    static Path writeConfig(Path dir, String fileName, String... roles) throws IOException {
        SharedCassandra cassandra = SharedCassandra.get();
        int port = cassandra.nodeConfig(Map.of()).getInt("lyceum.cassandra.embedded.native-port");
        // events-by-tag queries scan from the current hour, not from the deployment's first bucket
        String hourAgo =
                LocalDateTime.now(ZoneOffset.UTC).minusHours(1).format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HH:00"));
        var login = cassandra.credentials();
        String roleList = Stream.of(roles).map(role -> '"' + role + '"').collect(Collectors.joining(", "));
        return Files.writeString(dir.resolve(fileName), """
        lyceum.cassandra.contact-points = ["127.0.0.1:%d"]
        lyceum.cassandra.local-datacenter = "datacenter1"
        lyceum.cassandra { username = "%s", password = "%s" }
        lyceum.node { roles = [%s], port = 0, seed-nodes = [], data-dir = "%s" }
        pekko.persistence.cassandra.events-by-tag.first-time-bucket = "%s"
        """.formatted(
                        port, login.username(), login.password(), roleList, dir.resolve("data"), hourAgo));
    }
}
