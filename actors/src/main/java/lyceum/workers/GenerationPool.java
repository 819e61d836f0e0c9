package lyceum.workers;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import lyceum.engine.Generation;
import lyceum.engine.GenerationRequest;
import lyceum.engine.ModelRef;
import lyceum.events.LyceumSerializable;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.Receptionist;

/**
 * Turns single generation requests into batches for the generation workers the Receptionist knows.
 * Back-pressure: a worker never holds more than {@code batchesPerWorker} batches, the rest waits here.
 * A batch that fails transiently, times out, or whose worker dies is re-dispatched with exponential
 * backoff; sample ids make the repeat safe. Requests still failing after {@code maxAttempts} are
 * answered as failed; a batch that failed permanently is answered as failed at once, without a retry.
 *
 * <p>Each request id is open here at most once and answered once. A request asked again while its id is
 * queued or in flight is not queued a second time: its asker joins the first one and both are answered
 * when it completes. A timed-out batch's late answers are used for its requests still open (the retry's
 * answer is then dropped) and dropped for those already answered.
 */
public final class GenerationPool extends AbstractBehavior<GenerationPool.Command> {

    public record Settings(
            int batchSize, int batchesPerWorker, Duration batchTimeout, int maxAttempts, Duration backoff) {}

    public sealed interface Command extends LyceumSerializable {}

    public record Generate(ModelRef model, GenerationRequest request, ActorRef<Reply> replyTo) implements Command {}

    /** How busy the pool is; for status and the worker benchmark. */
    public record GetStats(ActorRef<Stats> replyTo) implements Command {}

    public record Stats(int workers, int queued, int inFlightBatches, long completedRequests, long busyNanos)
            implements LyceumSerializable {}

    public sealed interface Reply extends LyceumSerializable {}

    public record Generated(Generation generation, String workerNode) implements Reply {}

    /** {@code permanent}: no retry can fix it, and {@code reason} is the server's message. */
    public record GenerationFailed(String requestId, String reason, boolean permanent) implements Reply {}

    private record WorkersChanged(Set<ActorRef<GenerationWorker.Command>> workers) implements Command {}

    private record WorkerResult(GenerationWorker.BatchResult result) implements Command {}

    private record BatchTimedOut(long batchId) implements Command {}

    private enum RetryDue implements Command {
        INSTANCE
    }

    /** A request not yet answered, and everyone who asked for it. */
    private static final class Open {
        final ModelRef model;
        final GenerationRequest request;
        final Set<ActorRef<Reply>> repliers = new LinkedHashSet<>();
        int attempts;
        long notBeforeNanos;
        /** Waiting in the queue (a request answered while it waits leaves a stale id there, skipped). */
        boolean queued;

        Open(ModelRef model, GenerationRequest request) {
            this.model = model;
            this.request = request;
        }

        String id() {
            return request.requestId();
        }
    }

    private record Batch(long id, ActorRef<GenerationWorker.Command> worker, List<String> requestIds) {}

    public static Behavior<Command> create(Settings settings) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
            ActorRef<Receptionist.Listing> listingAdapter = context.messageAdapter(
                    Receptionist.Listing.class,
                    listing -> new WorkersChanged(listing.getServiceInstances(GenerationWorker.KEY)));
            context.getSystem().receptionist().tell(Receptionist.subscribe(GenerationWorker.KEY, listingAdapter));
            return new GenerationPool(context, timers, settings);
        }));
    }

    private final TimerScheduler<Command> timers;
    private final Settings settings;
    private final ActorRef<GenerationWorker.BatchResult> resultAdapter;
    /** Every request not yet answered, queued or in flight, by id. */
    private final Map<String, Open> open = new HashMap<>();
    /** Ids of the open requests waiting for a worker, in order. */
    private final Deque<String> queue = new ArrayDeque<>();

    private final Map<ActorRef<GenerationWorker.Command>, Integer> load = new HashMap<>();
    private final Map<Long, Batch> inFlight = new HashMap<>();
    private long nextBatchId;
    private long completedRequests;
    private long busyNanos;

    private GenerationPool(ActorContext<Command> context, TimerScheduler<Command> timers, Settings settings) {
        super(context);
        this.timers = timers;
        this.settings = settings;
        this.resultAdapter = context.messageAdapter(GenerationWorker.BatchResult.class, WorkerResult::new);
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Generate.class, this::onGenerate)
                .onMessage(WorkersChanged.class, this::onWorkersChanged)
                .onMessage(WorkerResult.class, this::onResult)
                .onMessage(BatchTimedOut.class, this::onTimeout)
                .onMessage(RetryDue.class, r -> dispatch())
                .onMessage(GetStats.class, this::onGetStats)
                .build();
    }

    private Behavior<Command> onGenerate(Generate generate) {
        Open request = open.get(generate.request().requestId());
        if (request != null) {
            request.repliers.add(generate.replyTo()); // already queued or running: answered with the first
            return this;
        }
        request = new Open(generate.model(), generate.request());
        request.repliers.add(generate.replyTo());
        open.put(request.id(), request);
        enqueue(request, false);
        return dispatch();
    }

    /**
     * Workers come and go through the Receptionist's listing alone, which drops a worker whose actor
     * stopped or whose node is unreachable. No death watch: watching a worker of a node restarted on the
     * same host and port before this node has seen it up reports it dead at once, and the pool would
     * forget a live worker.
     */
    private Behavior<Command> onWorkersChanged(WorkersChanged changed) {
        for (ActorRef<GenerationWorker.Command> worker : changed.workers()) {
            if (!load.containsKey(worker)) {
                load.put(worker, 0);
                getContext().getLog().info("generation worker joined: {}", worker.path());
            }
        }
        for (ActorRef<GenerationWorker.Command> known : List.copyOf(load.keySet())) {
            if (!changed.workers().contains(known)) {
                onWorkerGone(known);
            }
        }
        return dispatch();
    }

    private Behavior<Command> onWorkerGone(ActorRef<GenerationWorker.Command> worker) {
        if (load.remove(worker) == null) {
            return this;
        }
        getContext().getLog().warn("generation worker left: {}; re-dispatching its batches", worker.path());
        for (Iterator<Batch> it = inFlight.values().iterator(); it.hasNext(); ) {
            Batch batch = it.next();
            if (batch.worker().equals(worker)) {
                it.remove();
                timers.cancel(batch.id());
                // The worker died, not the request: retry at once and without spending an attempt.
                List<String> ids = batch.requestIds();
                for (int i = ids.size() - 1; i >= 0; i--) {
                    Open request = open.get(ids.get(i));
                    if (request != null) {
                        enqueue(request, true);
                    }
                }
            }
        }
        return dispatch();
    }

    private Behavior<Command> onResult(WorkerResult wrapped) {
        GenerationWorker.BatchResult result = wrapped.result();
        // null when the batch timed out before its answer came: its requests went back to the queue
        Batch batch = inFlight.remove(result.batchId());
        if (batch != null) {
            timers.cancel(batch.id());
            load.computeIfPresent(batch.worker(), (w, n) -> n - 1);
        }
        if (result instanceof GenerationWorker.BatchGenerated generated) {
            busyNanos += generated.busyNanos();
            for (Generation g : generated.generations()) {
                if (answer(g.requestId(), new Generated(g, generated.workerNode()))) {
                    completedRequests++;
                }
            }
            if (batch != null) {
                // the ids answered above are no longer open
                batch.requestIds().forEach(id -> retry(id, "worker returned no generation"));
            }
        } else if (result instanceof GenerationWorker.BatchFailed failed && batch != null) {
            for (String id : batch.requestIds()) {
                if (failed.permanent()) {
                    answer(id, new GenerationFailed(id, failed.error(), true));
                } else {
                    retry(id, failed.error());
                }
            }
        }
        return dispatch();
    }

    private Behavior<Command> onTimeout(BatchTimedOut timeout) {
        Batch batch = inFlight.remove(timeout.batchId());
        if (batch != null) {
            getContext()
                    .getLog()
                    .warn("batch {} timed out on {}", batch.id(), batch.worker().path());
            load.computeIfPresent(batch.worker(), (w, n) -> n - 1);
            batch.requestIds().forEach(id -> retry(id, "timed out after " + settings.batchTimeout()));
        }
        return dispatch();
    }

    /** Answers everyone who asked for an open request and closes it; false when it was answered already. */
    private boolean answer(String requestId, Reply reply) {
        Open request = open.remove(requestId);
        if (request == null) {
            return false;
        }
        request.queued = false; // answered late by a timed-out batch while waiting for its retry
        timers.cancel(requestId);
        request.repliers.forEach(r -> r.tell(reply));
        return true;
    }

    private void retry(String requestId, String reason) {
        Open request = open.get(requestId);
        if (request == null) {
            return; // answered already
        }
        request.attempts++;
        if (request.attempts >= settings.maxAttempts()) {
            answer(requestId, new GenerationFailed(requestId, reason, false));
            return;
        }
        long delay = settings.backoff().toNanos() << Math.min(request.attempts - 1, 10);
        request.notBeforeNanos = System.nanoTime() + delay;
        enqueue(request, false);
        // One timer per waiting request: a shared one would be pushed back or cut short by later retries,
        // and a request whose backoff outlasts the timer would wait for unrelated traffic.
        timers.startSingleTimer(requestId, RetryDue.INSTANCE, Duration.ofNanos(delay));
    }

    private void enqueue(Open request, boolean first) {
        request.queued = true;
        if (first) {
            queue.addFirst(request.id());
        } else {
            queue.addLast(request.id());
        }
    }

    private Behavior<Command> dispatch() {
        while (!queue.isEmpty()) {
            ActorRef<GenerationWorker.Command> worker = leastLoadedWorkerWithRoom();
            if (worker == null) {
                break;
            }
            List<Open> items = takeBatch();
            if (items.isEmpty()) {
                break; // everything queued is waiting for its backoff
            }
            long id = nextBatchId++;
            inFlight.put(id, new Batch(id, worker, items.stream().map(Open::id).toList()));
            load.merge(worker, 1, Integer::sum);
            timers.startSingleTimer(id, new BatchTimedOut(id), settings.batchTimeout());
            worker.tell(new GenerationWorker.GenerateBatch(
                    id, items.get(0).model, items.stream().map(o -> o.request).toList(), resultAdapter));
        }
        return this;
    }

    private ActorRef<GenerationWorker.Command> leastLoadedWorkerWithRoom() {
        ActorRef<GenerationWorker.Command> best = null;
        int bestLoad = Integer.MAX_VALUE;
        for (Map.Entry<ActorRef<GenerationWorker.Command>, Integer> e : load.entrySet()) {
            if (e.getValue() < settings.batchesPerWorker() && e.getValue() < bestLoad) {
                best = e.getKey();
                bestLoad = e.getValue();
            }
        }
        return best;
    }

    /** Up to batchSize ready requests for the model (and engine) of the first ready one, in queue order. */
    private List<Open> takeBatch() {
        long now = System.nanoTime();
        List<Open> items = new ArrayList<>();
        ModelRef model = null;
        for (Iterator<String> it = queue.iterator(); it.hasNext() && items.size() < settings.batchSize(); ) {
            Open p = open.get(it.next());
            if (p == null || !p.queued) {
                it.remove(); // answered, or a second entry for an id taken already
                continue;
            }
            if (p.notBeforeNanos > now) {
                continue;
            }
            if (model == null) {
                model = p.model;
            }
            if (p.model.equals(model)) {
                items.add(p);
                p.queued = false;
                it.remove();
            }
        }
        return items;
    }

    private Behavior<Command> onGetStats(GetStats get) {
        int queued = (int) open.values().stream().filter(o -> o.queued).count();
        get.replyTo().tell(new Stats(load.size(), queued, inFlight.size(), completedRequests, busyNanos));
        return this;
    }
}
