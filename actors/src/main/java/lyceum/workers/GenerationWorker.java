package lyceum.workers;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import lyceum.engine.EndpointClients;
import lyceum.engine.Generation;
import lyceum.engine.GenerationRequest;
import lyceum.engine.Generator;
import lyceum.engine.ModelRef;
import lyceum.engine.PermanentGenerationException;
import lyceum.events.LyceumSerializable;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * One generation engine on one device, found through the Receptionist. Runs one batch at a time on its
 * own thread (an engine owns its device) and queues what the pool sends ahead, so the device never
 * waits for the next batch to cross the network. A batch for a model behind an OpenAI-compatible
 * endpoint goes to that endpoint's client at once, without occupying the device.
 */
public final class GenerationWorker extends AbstractBehavior<GenerationWorker.Command> {

    public static final ServiceKey<Command> KEY = ServiceKey.create(Command.class, "generation-worker");

    public sealed interface Command extends LyceumSerializable {}

    public record GenerateBatch(
            long batchId, ModelRef model, List<GenerationRequest> requests, ActorRef<BatchResult> replyTo)
            implements Command {}

    public sealed interface BatchResult extends LyceumSerializable {
        long batchId();
    }

    public record BatchGenerated(long batchId, String workerNode, List<Generation> generations, long busyNanos)
            implements BatchResult {}

    /**
     * {@code permanent} when the generator threw (or wrapped) a {@link PermanentGenerationException}: no
     * retry can fix the batch, and {@code error} is then the server's message.
     */
    public record BatchFailed(long batchId, String workerNode, String error, boolean permanent) implements BatchResult {

        static BatchFailed of(long batchId, String workerNode, Throwable error) {
            for (Throwable t = error; t != null; t = t.getCause()) {
                if (t instanceof PermanentGenerationException permanent) {
                    return new BatchFailed(batchId, workerNode, permanent.getMessage(), true);
                }
            }
            return new BatchFailed(batchId, workerNode, error.toString(), false);
        }
    }

    private record Finished(GenerateBatch batch, List<Generation> generations, Throwable error, long busyNanos)
            implements Command {}

    /** A worker with the {@link GenerationSettings} of the actor system's config. */
    public static Behavior<Command> create(Generator generator, String nodeName) {
        return create(generator, EndpointClients.none(), nodeName);
    }

    /** A worker with the {@link GenerationSettings} of the actor system's config. */
    public static Behavior<Command> create(Generator generator, EndpointClients endpoints, String nodeName) {
        return Behaviors.setup(context -> register(
                context,
                generator,
                endpoints,
                nodeName,
                GenerationSettings.fromConfig(context.getSystem().settings().config())));
    }

    /** A worker with the node's {@link GenerationSettings}, read once for all its workers. */
    public static Behavior<Command> create(
            Generator generator, EndpointClients endpoints, String nodeName, GenerationSettings settings) {
        return Behaviors.setup(context -> register(context, generator, endpoints, nodeName, settings));
    }

    private static GenerationWorker register(
            ActorContext<Command> context,
            Generator generator,
            EndpointClients endpoints,
            String nodeName,
            GenerationSettings settings) {
        context.getSystem().receptionist().tell(Receptionist.register(KEY, context.getSelf()));
        return new GenerationWorker(context, generator, endpoints, nodeName, settings.output());
    }

    private final Generator generator;
    private final EndpointClients endpoints;
    private final String nodeName;
    private final GenerationOutput output;
    private final ExecutorService device;
    private final ExecutorService remote;
    private final Queue<GenerateBatch> queue = new ArrayDeque<>();
    private boolean busy;

    private GenerationWorker(
            ActorContext<Command> context,
            Generator generator,
            EndpointClients endpoints,
            String nodeName,
            GenerationOutput output) {
        super(context);
        this.generator = generator;
        this.endpoints = endpoints;
        this.nodeName = nodeName;
        this.output = output;
        // Remote batches only wait on the network; the pool bounds how many a worker holds.
        this.remote = Executors.newCachedThreadPool(DaemonThreads.named("generation-remote"));
        this.device = Executors.newSingleThreadExecutor(DaemonThreads.named("generation-" + generator.device()));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(GenerateBatch.class, this::onBatch)
                .onMessage(Finished.class, this::onFinished)
                .onSignal(PostStop.class, signal -> stop())
                .build();
    }

    private Behavior<Command> onBatch(GenerateBatch batch) {
        if (batch.model().remote()) {
            try {
                run(batch, endpoints.clientFor(batch.model().endpoint()), remote);
            } catch (RuntimeException e) {
                batch.replyTo().tell(BatchFailed.of(batch.batchId(), nodeName, e));
            }
            return this;
        }
        queue.add(batch);
        runNext();
        return this;
    }

    private void runNext() {
        if (busy || queue.isEmpty()) {
            return;
        }
        busy = true;
        run(queue.poll(), generator, device);
    }

    private void run(GenerateBatch batch, Generator engine, ExecutorService executor) {
        CompletableFuture<List<Generation>> work = CompletableFuture.supplyAsync(
                () -> {
                    try {
                        // the engine's text is bounded here, on its own thread, before it goes anywhere
                        return engine.generate(batch.model().engineName(), batch.requests()).stream()
                                .map(output::bound)
                                .toList();
                    } catch (Exception e) {
                        throw new IllegalStateException(e.getMessage(), e);
                    }
                },
                executor);
        long started = System.nanoTime();
        getContext()
                .pipeToSelf(
                        work,
                        (generations, error) -> new Finished(batch, generations, error, System.nanoTime() - started));
    }

    private Behavior<Command> onFinished(Finished finished) {
        GenerateBatch batch = finished.batch();
        if (!batch.model().remote()) {
            busy = false;
        }
        if (finished.error() != null) {
            Throwable cause =
                    finished.error().getCause() != null ? finished.error().getCause() : finished.error();
            getContext().getLog().warn("batch {} failed: {}", batch.batchId(), cause.toString());
            batch.replyTo().tell(BatchFailed.of(batch.batchId(), nodeName, cause));
        } else {
            batch.replyTo()
                    .tell(new BatchGenerated(batch.batchId(), nodeName, finished.generations(), finished.busyNanos()));
        }
        runNext();
        return this;
    }

    private Behavior<Command> stop() {
        device.shutdownNow();
        remote.shutdownNow();
        return this;
    }
}
