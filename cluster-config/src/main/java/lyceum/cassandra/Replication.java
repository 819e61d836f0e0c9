package lyceum.cassandra;

import com.typesafe.config.Config;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** A keyspace's replication clause, e.g. {@code {'class': 'SimpleStrategy', 'replication_factor': 1}}. */
public record Replication(String cql) {

    public static final String REPLICATION_FACTOR = "lyceum.cassandra.replication-factor";

    /** SimpleStrategy with {@value #REPLICATION_FACTOR}. */
    public static Replication fromConfig(Config config) {
        int factor = config.getInt(REPLICATION_FACTOR);
        if (factor < 1) {
            throw new IllegalArgumentException(REPLICATION_FACTOR + " must be at least 1, found " + factor);
        }
        return simple(factor);
    }

    /** One data centre (and the embedded node): SimpleStrategy. */
    public static Replication simple(int replicationFactor) {
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("replication factor must be at least 1");
        }
        return new Replication("{'class': 'SimpleStrategy', 'replication_factor': " + replicationFactor + "}");
    }

    /** Production clusters: a replication factor per data centre. */
    public static Replication networkTopology(Map<String, Integer> factorPerDatacenter) {
        if (factorPerDatacenter.isEmpty()) {
            throw new IllegalArgumentException("at least one data centre is needed");
        }
        String factors = new TreeMap<>(factorPerDatacenter)
                .entrySet().stream()
                        .map(e -> "'" + e.getKey().replace("'", "''") + "': " + e.getValue())
                        .collect(Collectors.joining(", "));
        return new Replication("{'class': 'NetworkTopologyStrategy', " + factors + "}");
    }
}
