package lyceum.workers;

import lyceum.engine.Generation;
import lyceum.engine.GenerationRequest;
import lyceum.engine.ModelRef;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * A batch that fails, times out, or whose worker dies is re-dispatched with exponential backoff; sample
 * ids make the repeat safe. Requests still failing after {@code maxAttempts} are answered as failed.
 */
public final class GenerationPool extends AbstractBehavior<GenerationPool.Command> {

  public record Settings(
      int batchSize, int batchesPerWorker, Duration batchTimeout, int maxAttempts, Duration backoff) {
    public static Settings defaults() {
      return new Settings(32, 2, Duration.ofMinutes(2), 5, Duration.ofMillis(500));
    }
  }

  public sealed interface Command extends LyceumSerializable {}

  public record Generate(ModelRef model, GenerationRequest request, ActorRef<Reply> replyTo)
      implements Command {}

  /** How busy the pool is; for status and the worker benchmark. */
  public record GetStats(ActorRef<Stats> replyTo) implements Command {}

  public record Stats(int workers, int queued, int inFlightBatches, long completedRequests, long busyNanos)
      implements LyceumSerializable {}

  public sealed interface Reply extends LyceumSerializable {}

  public record Generated(Generation generation, String workerNode) implements Reply {}

  public record GenerationFailed(String requestId, String reason) implements Reply {}

  private record WorkersChanged(Set<ActorRef<GenerationWorker.Command>> workers) implements Command {}

  private record WorkerResult(GenerationWorker.BatchResult result) implements Command {}

  private record BatchTimedOut(long batchId) implements Command {}

  private enum RetryDue implements Command {
    INSTANCE
  }

  private record Pending(
      ModelRef model, GenerationRequest request, ActorRef<Reply> replyTo, int attempts, long notBeforeNanos) {
    Pending retried(long notBefore) {
      return new Pending(model, request, replyTo, attempts + 1, notBefore);
    }
  }

  private record Batch(long id, ActorRef<GenerationWorker.Command> worker, List<Pending> items) {}

  public static Behavior<Command> create(Settings settings) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers -> {
                  ActorRef<Receptionist.Listing> listingAdapter =
                      context.messageAdapter(
                          Receptionist.Listing.class,
                          listing -> new WorkersChanged(listing.getServiceInstances(GenerationWorker.KEY)));
                  context.getSystem()
                      .receptionist()
                      .tell(Receptionist.subscribe(GenerationWorker.KEY, listingAdapter));
                  return new GenerationPool(context, timers, settings);
                }));
  }

  private final TimerScheduler<Command> timers;
  private final Settings settings;
  private final ActorRef<GenerationWorker.BatchResult> resultAdapter;
  private final Deque<Pending> queue = new ArrayDeque<>();
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
    queue.addLast(new Pending(generate.model(), generate.request(), generate.replyTo(), 0, 0));
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
        for (int i = batch.items().size() - 1; i >= 0; i--) {
          queue.addFirst(batch.items().get(i));
        }
      }
    }
    return dispatch();
  }

  private Behavior<Command> onResult(WorkerResult wrapped) {
    GenerationWorker.BatchResult result = wrapped.result();
    Batch batch = inFlight.remove(result.batchId());
    if (batch == null) {
      return this; // answered after its timeout; the retry answers instead
    }
    timers.cancel(batch.id());
    load.computeIfPresent(batch.worker(), (w, n) -> n - 1);
    if (result instanceof GenerationWorker.BatchGenerated generated) {
      busyNanos += generated.busyNanos();
      Map<String, Generation> byId = new HashMap<>();
      generated.generations().forEach(g -> byId.put(g.requestId(), g));
      for (Pending item : batch.items()) {
        Generation g = byId.get(item.request().requestId());
        if (g == null) {
          retry(item, "worker returned no generation");
        } else {
          completedRequests++;
          item.replyTo().tell(new Generated(g, generated.workerNode()));
        }
      }
    } else if (result instanceof GenerationWorker.BatchFailed failed) {
      batch.items().forEach(item -> retry(item, failed.error()));
    }
    return dispatch();
  }

  private Behavior<Command> onTimeout(BatchTimedOut timeout) {
    Batch batch = inFlight.remove(timeout.batchId());
    if (batch != null) {
      getContext().getLog().warn("batch {} timed out on {}", batch.id(), batch.worker().path());
      load.computeIfPresent(batch.worker(), (w, n) -> n - 1);
      batch.items().forEach(item -> retry(item, "timed out after " + settings.batchTimeout()));
    }
    return dispatch();
  }

  private void retry(Pending item, String reason) {
    int attempts = item.attempts() + 1;
    if (attempts >= settings.maxAttempts()) {
      item.replyTo().tell(new GenerationFailed(item.request().requestId(), reason));
      return;
    }
    long delay = settings.backoff().toNanos() << Math.min(attempts - 1, 10);
    queue.addLast(item.retried(System.nanoTime() + delay));
    // One timer per waiting request: a shared one would be pushed back or cut short by later retries,
    // and a request whose backoff outlasts the timer would wait for unrelated traffic.
    timers.startSingleTimer(item.request().requestId(), RetryDue.INSTANCE, Duration.ofNanos(delay));
  }

  private Behavior<Command> dispatch() {
    while (!queue.isEmpty()) {
      ActorRef<GenerationWorker.Command> worker = leastLoadedWorkerWithRoom();
      if (worker == null) {
        break;
      }
      List<Pending> items = takeBatch();
      if (items.isEmpty()) {
        break; // everything queued is waiting for its backoff
      }
      long id = nextBatchId++;
      inFlight.put(id, new Batch(id, worker, items));
      load.merge(worker, 1, Integer::sum);
      timers.startSingleTimer(id, new BatchTimedOut(id), settings.batchTimeout());
      worker.tell(
          new GenerationWorker.GenerateBatch(
              id, items.get(0).model(), items.stream().map(Pending::request).toList(), resultAdapter));
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
  private List<Pending> takeBatch() {
    long now = System.nanoTime();
    List<Pending> items = new ArrayList<>();
    ModelRef model = null;
    for (Iterator<Pending> it = queue.iterator(); it.hasNext() && items.size() < settings.batchSize(); ) {
      Pending p = it.next();
      if (p.notBeforeNanos() > now) {
        continue;
      }
      if (model == null) {
        model = p.model();
      }
      if (p.model().equals(model)) {
        items.add(p);
        it.remove();
      }
    }
    return items;
  }

  private Behavior<Command> onGetStats(GetStats get) {
    get.replyTo().tell(new Stats(load.size(), queue.size(), inFlight.size(), completedRequests, busyNanos));
    return this;
  }
}
