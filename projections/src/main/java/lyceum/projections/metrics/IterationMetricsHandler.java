package lyceum.projections.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import lyceum.events.ExperimentEvent;
import lyceum.events.ExperimentEvent.Evaluated;
import lyceum.events.ExperimentEvent.IterationCompleted;
import lyceum.events.ExperimentEvent.ProblemsRegistered;
import lyceum.events.ExperimentEvent.SamplingFinished;
import lyceum.projections.shared.TaggedProjections;
import lyceum.tracking.TrackingFiles;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.javadsl.Handler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@link IterationMetricsTable}: when the experiment finishes sampling an iteration, and again
 * when it completes it, the iteration's metrics are computed from the read side with
 * {@link MetricsQuery} and stored. The experiment's counters say how many samples and evaluations to
 * expect; until the read side holds them the computation is repeated (see {@link CatchUp}).
 *
 * <p>Replaying an event computes the same metrics again from the same rows; a SamplingFinished replayed
 * after its iteration completed leaves the completed metrics alone.
 */
public final class IterationMetricsHandler extends Handler<EventEnvelope<ExperimentEvent>> {

    private static final Logger log = LoggerFactory.getLogger(IterationMetricsHandler.class);

    /** The projection of the experiment tag that runs this handler. */
    public static final String PROJECTION = "iteration-metrics";

    private final Supplier<CompletionStage<IterationMetricsTable>> table;
    private final Supplier<CompletionStage<MetricsQuery>> query;
    private final CatchUp catchUp;
    private final Executor blocking;
    private final Optional<TrackingFiles> tracking;

    /** {@code blocking} runs the metrics computation, which reads Cassandra page by page. */
    public IterationMetricsHandler(
            Supplier<CompletionStage<IterationMetricsTable>> table,
            Supplier<CompletionStage<MetricsQuery>> query,
            CatchUp catchUp,
            Executor blocking) {
        this(table, query, catchUp, blocking, Optional.empty());
    }

    /** With {@code tracking}, each store also rewrites the experiment's tracking files. */
    public IterationMetricsHandler(
            Supplier<CompletionStage<IterationMetricsTable>> table,
            Supplier<CompletionStage<MetricsQuery>> query,
            CatchUp catchUp,
            Executor blocking,
            Optional<TrackingFiles> tracking) {
        this.table = table;
        this.query = query;
        this.catchUp = catchUp;
        this.blocking = blocking;
        this.tracking = tracking;
    }

    /**
     * The handlers a node runs: catch-up and tracking files as the node's config sets them, the
     * computation on its blocking dispatcher.
     */
    public static Supplier<Handler<EventEnvelope<ExperimentEvent>>> onNode(
            ActorSystem<?> system,
            Supplier<CompletionStage<IterationMetricsTable>> table,
            Supplier<CompletionStage<MetricsQuery>> query) {
        CatchUp catchUp = CatchUp.fromConfig(system.settings().config());
        Executor blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
        Optional<TrackingFiles> tracking =
                TrackingFiles.fromConfig(system.settings().config());
        return () -> new IterationMetricsHandler(table, query, catchUp, blocking, tracking);
    }

    @Override
    public CompletionStage<Done> process(EventEnvelope<ExperimentEvent> envelope) {
        ExperimentEvent event = envelope.event();
        String experimentId = event.experimentId();
        Instant at = Instant.ofEpochMilli(envelope.timestamp());
        if (event instanceof ProblemsRegistered registered) {
            Map<String, Long> perSplit = new TreeMap<>();
            registered.problemsPerSplit().forEach((split, n) -> perSplit.put(split, n.longValue()));
            return table.get().thenCompose(table -> table.expectProblems(experimentId, perSplit));
        }
        if (event instanceof SamplingFinished finished) {
            long samples = finished.counters().samples();
            return table.get()
                    .thenCompose(table -> table.expectSamples(experimentId, finished.iteration(), samples)
                            .thenCompose(done -> table.find(experimentId, finished.iteration()))
                            .thenCompose(stored -> {
                                if (stored.isPresent() && stored.get().stage() == MetricsStage.COMPLETED) {
                                    return TaggedProjections.skip();
                                }
                                return recompute(
                                        table,
                                        experimentId,
                                        finished.iteration(),
                                        MetricsStage.SAMPLED,
                                        stored.map(Expectations::of).orElse(Expectations.none()),
                                        at);
                            }));
        }
        if (event instanceof Evaluated evaluated) {
            return table.get()
                    .thenCompose(table -> table.expectEvaluations(
                            experimentId, evaluated.iteration(), expectedEvaluations(evaluated)));
        }
        if (event instanceof IterationCompleted completed) {
            return table.get()
                    .thenCompose(table -> table.find(experimentId, completed.iteration())
                            .thenCompose(stored -> recompute(
                                    table,
                                    experimentId,
                                    completed.iteration(),
                                    MetricsStage.COMPLETED,
                                    stored.map(Expectations::of).orElse(Expectations.none()),
                                    at)));
        }
        return TaggedProjections.skip();
    }

    /**
     * What the experiment counted per split, as {@link Expectations} keeps it: greedy answers under the
     * split's name, sampled answers under {@code <split>.samples}, critiqued greedy answers under
     * {@code <split>.refined}; a split that had none of a kind expects nothing of it.
     */
    static Map<String, Long> expectedEvaluations(Evaluated evaluated) {
        Map<String, Long> expected = new TreeMap<>();
        evaluated.counters().splits().forEach((split, c) -> {
            putPositive(expected, split, c.greedy());
            putPositive(expected, split + Expectations.SAMPLES_SUFFIX, c.samples());
            putPositive(expected, split + Expectations.REFINED_SUFFIX, c.refined());
        });
        return expected;
    }

    private static void putPositive(Map<String, Long> expected, String key, long count) {
        if (count > 0) {
            expected.put(key, count);
        }
    }

    private CompletionStage<Done> recompute(
            IterationMetricsTable table,
            String experimentId,
            int iteration,
            MetricsStage stage,
            Expectations expected,
            Instant triggeredAt) {
        long deadline = System.nanoTime() + catchUp.giveUpAfter().toNanos();
        return attempt(table, experimentId, iteration, stage, expected, triggeredAt, catchUp.firstDelay(), deadline);
    }

    private CompletionStage<Done> attempt(
            IterationMetricsTable table,
            String experimentId,
            int iteration,
            MetricsStage stage,
            Expectations expected,
            Instant triggeredAt,
            Duration delay,
            long deadline) {
        return query.get()
                .thenCompose(prepared -> CompletableFuture.supplyAsync(
                        () -> prepared.computeIteration(experimentId, iteration), blocking))
                .thenCompose(readout -> {
                    List<String> shortfalls = expected.shortfalls(readout, stage);
                    if (shortfalls.isEmpty()) {
                        log.info(
                                "{} iteration {}: {} metrics stored ({} problems, {} samples)",
                                experimentId,
                                iteration,
                                stage,
                                readout.metrics().problems(),
                                readout.samples());
                        return track(
                                table,
                                experimentId,
                                table.store(experimentId, stage, true, readout.metrics(), triggeredAt));
                    }
                    if (System.nanoTime() - deadline >= 0) {
                        log.warn(
                                "{} iteration {}: read side still lacks {} after {}; storing {} metrics marked"
                                        + " incomplete",
                                experimentId,
                                iteration,
                                shortfalls,
                                catchUp.giveUpAfter(),
                                stage);
                        return track(
                                table,
                                experimentId,
                                table.store(experimentId, stage, false, readout.metrics(), triggeredAt));
                    }
                    log.info(
                            "{} iteration {}: read side lacks {}; computing again in {}",
                            experimentId,
                            iteration,
                            shortfalls,
                            delay);
                    Executor later =
                            CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS, blocking);
                    return CompletableFuture.runAsync(() -> {}, later)
                            .thenCompose(ignored -> attempt(
                                    table,
                                    experimentId,
                                    iteration,
                                    stage,
                                    expected,
                                    triggeredAt,
                                    catchUp.next(delay),
                                    deadline));
                });
    }

    /** Once the metrics are stored, the tracking files are rewritten from every stored iteration. */
    private CompletionStage<Done> track(
            IterationMetricsTable table, String experimentId, CompletionStage<Done> stored) {
        if (tracking.isEmpty()) {
            return stored;
        }
        return stored.thenApplyAsync(
                done -> {
                    List<StoredIterationMetrics> rows = table.all(experimentId);
                    tracking.get()
                            .update(
                                    experimentId,
                                    StoredIterationMetrics.metricsOf(rows),
                                    StoredIterationMetrics.wallTimes(rows));
                    return done;
                },
                blocking);
    }
}
