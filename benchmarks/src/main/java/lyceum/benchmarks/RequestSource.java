package lyceum.benchmarks;

import lyceum.engine.GenerationRequest;
import lyceum.engine.ModelRef;
import lyceum.engine.SamplingParams;
import lyceum.workers.GenerationPool;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * Stands in for problem entities in the worker benchmark: keeps a fixed number of generation requests
 * outstanding at the pool, asking for the next as soon as one is answered (or has failed).
 */
final class RequestSource extends AbstractBehavior<GenerationPool.Reply> {

    private static final SamplingParams PARAMS = new SamplingParams(0.7, 0.95, 32, 1);

    private final String name;
    private final ActorRef<GenerationPool.Command> pool;
    private long sent;

    static Behavior<GenerationPool.Reply> create(String name, int outstanding, ActorRef<GenerationPool.Command> pool) {
        return Behaviors.setup(context -> {
            RequestSource source = new RequestSource(context, name, pool);
            for (int i = 0; i < outstanding; i++) {
                source.askOne();
            }
            return source;
        });
    }

    private RequestSource(
            ActorContext<GenerationPool.Reply> context, String name, ActorRef<GenerationPool.Command> pool) {
        super(context);
        this.name = name;
        this.pool = pool;
    }

    @Override
    public Receive<GenerationPool.Reply> createReceive() {
        return newReceiveBuilder()
                .onAnyMessage(reply -> {
                    askOne();
                    return this;
                })
                .build();
    }

    private void askOne() {
        GenerationRequest request = new GenerationRequest(name + "-" + sent++, "What is 2 + 2?\n", PARAMS);
        pool.tell(new GenerationPool.Generate(
                ModelRef.local(SyntheticProblems.MODEL_VERSION),
                request,
                getContext().getSelf()));
    }
}
