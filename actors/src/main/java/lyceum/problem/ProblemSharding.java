package lyceum.problem;

import com.typesafe.config.Config;
import java.time.Duration;
import lyceum.workers.GenerationPool;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.HashCodeMessageExtractor;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;

/**
 * {@code lyceum.problems}: how many shards the problem entities are spread over (all nodes of a cluster
 * must agree on it), and how long a problem asked to stop may finish the work it is answering first.
 * Defaults in cluster-config's {@code lyceum/sharding.conf}.
 */
public record ProblemSharding(int numberOfShards, Duration stopWait) {

    public static final String NUMBER_OF_SHARDS = "lyceum.problems.number-of-shards";
    public static final String STOP_WAIT = "lyceum.problems.stop-wait";

    public ProblemSharding {
        if (numberOfShards < 1) {
            throw new IllegalArgumentException(NUMBER_OF_SHARDS + " must be at least 1, found " + numberOfShards);
        }
        if (stopWait.isNegative()) {
            throw new IllegalArgumentException(STOP_WAIT + " must not be negative, found " + stopWait);
        }
    }

    public static ProblemSharding fromConfig(Config config) {
        return new ProblemSharding(config.getInt(NUMBER_OF_SHARDS), config.getDuration(STOP_WAIT));
    }

    /** The problem entities, with the stop message that lets one finish the work it owes first. */
    public Entity<ProblemActor.Command, ShardingEnvelope<ProblemActor.Command>> entity(
            ActorRef<GenerationPool.Command> pool, Grading grading) {
        return Entity.of(
                        ProblemActor.ENTITY_KEY, ctx -> ProblemActor.create(ctx.getEntityId(), pool, grading, stopWait))
                .withStopMessage(ProblemActor.Stop.INSTANCE)
                .withMessageExtractor(new HashCodeMessageExtractor<>(numberOfShards));
    }
}
