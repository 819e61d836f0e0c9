package lyceum.projections;

import java.util.List;
import java.util.function.Supplier;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.javadsl.Handler;
import org.apache.pekko.projection.testkit.javadsl.ProjectionTestKit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What the handler tests share, registered as a static {@code @RegisterExtension}: the test run's
 * Cassandra, and for the class an actor system with a projection test kit to run handlers in.
 */
public final class HandlerFixture implements BeforeAllCallback, AfterAllCallback {

    private SharedCassandra cassandra;
    private ActorTestKit kit;
    private ProjectionTestKit projections;

    @Override
    public void beforeAll(ExtensionContext context) {
        cassandra = SharedCassandra.get();
        kit = ActorTestKit.create();
        projections = ProjectionTestKit.create(kit.system());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        kit.shutdownTestKit();
    }

    public SharedCassandra cassandra() {
        return cassandra;
    }

    public ActorSystem<Void> system() {
        return kit.system();
    }

    /** Runs {@code handler} over the envelopes as projection {@code name} would, until it handled them all. */
    public <E> void run(String name, List<EventEnvelope<E>> envelopes, Supplier<Handler<EventEnvelope<E>>> handler) {
        Envelopes.runAll(projections, Envelopes.projection(name, envelopes, handler), envelopes.size());
    }
}
