package lyceum.projections.shared;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import lyceum.config.NodeSettings;
import lyceum.events.EventTags;
import lyceum.events.ExperimentEvent;
import lyceum.events.ProblemEvent;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.ShardedDaemonProcessSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.ShardedDaemonProcess;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.projection.Projection;
import org.apache.pekko.projection.ProjectionBehavior;
import org.apache.pekko.projection.ProjectionId;
import org.apache.pekko.projection.cassandra.javadsl.CassandraProjection;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.eventsourced.javadsl.EventSourcedProvider;
import org.apache.pekko.projection.javadsl.Handler;
import org.apache.pekko.projection.javadsl.SourceProvider;

/**
 * How every read model runs: one at-least-once projection per tag, its offsets in Cassandra, kept
 * alive as a sharded daemon process on the coordinator nodes (one instance per tag, moved to another
 * node when its node leaves). A projection's name is the id its offsets are stored under: it never
 * changes.
 */
public final class TaggedProjections {

    private TaggedProjections() {}

    private static <E> Projection<EventEnvelope<E>> create(
            ActorSystem<?> system, String name, String tag, Supplier<Handler<EventEnvelope<E>>> handler) {
        SourceProvider<Offset, EventEnvelope<E>> events =
                EventSourcedProvider.eventsByTag(system, CassandraReadJournal.Identifier(), tag);
        return CassandraProjection.atLeastOnce(ProjectionId.of(name, tag), events, handler);
    }

    /** Starts the projection {@code name} of the problem events, one instance per problem tag. */
    public static void ofProblems(
            ActorSystem<?> system, String name, Supplier<Handler<EventEnvelope<ProblemEvent>>> handler) {
        init(system, name, EventTags.problemTags(), handler);
    }

    /** Starts the projection {@code name} of the experiments' own events, which carry one tag. */
    public static void ofExperiments(
            ActorSystem<?> system, String name, Supplier<Handler<EventEnvelope<ExperimentEvent>>> handler) {
        init(system, name, List.of(EventTags.EXPERIMENT), handler);
    }

    /** What a handler returns for an event its read model does not keep. */
    public static CompletionStage<Done> skip() {
        return CompletableFuture.completedFuture(Done.getInstance());
    }

    private static <E> void init(
            ActorSystem<?> system, String name, List<String> tags, Supplier<Handler<EventEnvelope<E>>> handler) {
        ShardedDaemonProcess.get(system)
                .init(
                        ProjectionBehavior.Command.class,
                        "projection-" + name,
                        tags.size(),
                        index -> ProjectionBehavior.create(create(system, name, tags.get(index), handler)),
                        ShardedDaemonProcessSettings.create(system).withRole(NodeSettings.COORDINATOR),
                        Optional.of(ProjectionBehavior.stopMessage()));
    }
}
