package lyceum.problem;

import com.typesafe.config.Config;

/**
 * {@code lyceum.problems}: how many shards the problem entities are spread over; all nodes of a cluster
 * must agree on it. Default in cluster-config's {@code lyceum/sharding.conf}.
 */
public record ProblemSharding(int numberOfShards) {

    public static final String NUMBER_OF_SHARDS = "lyceum.problems.number-of-shards";

    public ProblemSharding {
        if (numberOfShards < 1) {
            throw new IllegalArgumentException(NUMBER_OF_SHARDS + " must be at least 1, found " + numberOfShards);
        }
    }

    public static ProblemSharding fromConfig(Config config) {
        return new ProblemSharding(config.getInt(NUMBER_OF_SHARDS));
    }
}
