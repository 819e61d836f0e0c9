package lyceum.projections.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import lyceum.events.ExperimentEvent;
import lyceum.events.ExperimentEvent.IterationCompleted;
import lyceum.events.ExperimentEvent.SamplingFinished;
import lyceum.events.ProblemEvent;
import lyceum.events.ProblemEvent.EvaluationSampled;
import lyceum.events.ProblemEvent.Sampled;
import lyceum.metrics.IterationMetrics;
import lyceum.metrics.journal.MetricsFromEvents;
import lyceum.projections.Envelopes;
import lyceum.projections.ExperimentScript;
import lyceum.projections.HandlerFixture;
import lyceum.projections.ReadSide;
import lyceum.projections.correction.CorrectionHandler;
import lyceum.projections.evaluation.EvaluationHandler;
import lyceum.projections.iterations.ExperimentIterationsHandler;
import lyceum.projections.problem.ProblemRegistrationHandler;
import lyceum.projections.sample.SampleHandler;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.javadsl.Handler;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class IterationMetricsHandlerTest {

    @RegisterExtension
    static final HandlerFixture fixture = new HandlerFixture();

    static Executor blocking;
    static MetricsQuery query;

    @BeforeAll
    static void start() {
        blocking = fixture.system().dispatchers().lookup(DispatcherSelector.blocking());
        query = MetricsQuery.create(
                fixture.cassandra().session(), fixture.cassandra().readSideKeyspace());
    }

    IterationMetricsHandler handler(CatchUp catchUp) {
        ReadSide readSide = fixture.cassandra().readSide();
        return new IterationMetricsHandler(readSide.iterationMetrics(), readSide.metricsQuery(), catchUp, blocking);
    }

    /** The problem and status read models, filled by their handlers straight from the journal. */
    static void fillReadSide(List<ExperimentScript.Journaled> journal) {
        ReadSide readSide = fixture.cassandra().readSide();
        List<Handler<EventEnvelope<ProblemEvent>>> handlers = List.of(
                new ProblemRegistrationHandler(readSide.problems()),
                new SampleHandler(readSide.samples()),
                evaluations(readSide),
                new CorrectionHandler(readSide.corrections()));
        for (EventEnvelope<ProblemEvent> envelope : Envelopes.of(journal, ProblemEvent.class)) {
            for (Handler<EventEnvelope<ProblemEvent>> handler : handlers) {
                process(handler, envelope);
            }
        }
        ExperimentIterationsHandler status = new ExperimentIterationsHandler(readSide.experiments());
        Envelopes.of(journal, ExperimentEvent.class).forEach(e -> process(status, e));
    }

    /** Fills the read side with the script's journal but for the events {@code lagging} picks, which it returns. */
    static List<ExperimentScript.Journaled> fillReadSideExcept(ExperimentScript script, Predicate<Object> lagging) {
        List<ExperimentScript.Journaled> held =
                script.journal().stream().filter(j -> lagging.test(j.event())).toList();
        List<ExperimentScript.Journaled> arrived = new ArrayList<>(script.journal());
        arrived.removeAll(held);
        fillReadSide(arrived);
        return held;
    }

    static EvaluationHandler evaluations(ReadSide readSide) {
        return new EvaluationHandler(readSide.evaluations(), readSide.evaluationSamples(), readSide.refinements());
    }

    static <E> void process(Handler<EventEnvelope<E>> handler, EventEnvelope<E> envelope) {
        try {
            handler.process(envelope).toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void eachIterationIsStoredCompleteAsTheJournalComputesItAndReplaysChangeNothing() {
        String exp = "metrics-" + UUID.randomUUID();
        ExperimentScript script = ExperimentScript.generate(exp, 4, 10, 4, 3, 2);
        fillReadSide(script.journal());
        List<EventEnvelope<ExperimentEvent>> envelopes =
                new ArrayList<>(Envelopes.of(script.journal(), ExperimentEvent.class));
        // Redeliveries: the last completion, and a sampling event after its iteration completed.
        envelopes.add(envelopes.stream()
                .filter(e -> e.event() instanceof IterationCompleted)
                .reduce((a, b) -> b)
                .orElseThrow());
        envelopes.add(envelopes.stream()
                .filter(e -> e.event() instanceof SamplingFinished)
                .findFirst()
                .orElseThrow());

        fixture.run(
                "iteration-metrics",
                envelopes,
                () -> handler(new CatchUp(Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(20))));

        List<IterationMetrics> fromJournal = MetricsFromEvents.compute(exp, script.events());
        List<StoredIterationMetrics> stored = query.stored(exp);
        assertThat(stored).extracting(StoredIterationMetrics::iteration).containsExactly(0, 1, 2);
        assertThat(stored).allMatch(s -> s.stage() == MetricsStage.COMPLETED && s.complete());
        assertThat(stored).extracting(StoredIterationMetrics::metrics).isEqualTo(fromJournal);
        assertThat(query.storedMetrics(exp)).isEqualTo(fromJournal);
        assertThat(query.compute(exp)).isEqualTo(fromJournal);
        assertThat(stored.get(0).expectedSamples()).isNull();
        assertThat(stored.get(1).expectedSamples()).isEqualTo(script.count(Sampled.class, 1));
        assertThat(stored.get(2).expectedEvaluations()).containsOnly(entry("held-in", 3L), entry("held-out", 4L));
        assertThat(fromJournal.get(2).samples()).isEqualTo(script.count(Sampled.class, 2));
    }

    @Test
    void aLaggingReadSideIsWaitedFor() throws Exception {
        String exp = "metrics-" + UUID.randomUUID();
        ExperimentScript script = ExperimentScript.generate(exp, 6, 8, 2, 2, 1);
        List<ExperimentScript.Journaled> lagging =
                fillReadSideExcept(script, e -> e instanceof Sampled s && s.iteration() == 1 && s.index() == 3);
        EventEnvelope<ExperimentEvent> finished = Envelopes.of(script.journal(), ExperimentEvent.class).stream()
                .filter(e -> e.event() instanceof SamplingFinished)
                .findFirst()
                .orElseThrow();

        CompletableFuture<Done> handled = handler(
                        new CatchUp(Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofSeconds(60)))
                .process(finished)
                .toCompletableFuture();
        Thread.sleep(1500);
        assertThat(handled).isNotDone();
        SampleHandler samples = new SampleHandler(fixture.cassandra().readSide().samples());
        Envelopes.of(lagging, ProblemEvent.class).forEach(e -> process(samples, e));
        handled.get(60, TimeUnit.SECONDS);

        StoredIterationMetrics stored = query.stored(exp).get(0);
        assertThat(stored.iteration()).isEqualTo(1);
        assertThat(stored.stage()).isEqualTo(MetricsStage.SAMPLED);
        assertThat(stored.complete()).isTrue();
        assertThat(stored.metrics().samples()).isEqualTo(script.count(Sampled.class, 1));
        assertThat(stored.metrics())
                .isEqualTo(MetricsFromEvents.compute(exp, script.events()).get(1));
    }

    @Test
    void testTimeMetricsAreStoredOnceEverySampledEvaluationAnswerIsOnTheReadSide() throws Exception {
        String exp = "metrics-" + UUID.randomUUID();
        ExperimentScript script = ExperimentScript.generate(exp, 12, 8, 3, 2, 1, 4);
        List<ExperimentScript.Journaled> lagging = fillReadSideExcept(
                script, e -> e instanceof EvaluationSampled s && s.iteration() == 1 && s.index() == 3);
        List<EventEnvelope<ExperimentEvent>> iterationOne =
                Envelopes.of(script.journal(), ExperimentEvent.class).stream()
                        .filter(e -> e.event() instanceof ExperimentEvent.Evaluated v && v.iteration() == 1
                                || e.event() instanceof IterationCompleted c && c.iteration() == 1)
                        .toList();
        IterationMetricsHandler handler =
                handler(new CatchUp(Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofSeconds(60)));

        handler.process(iterationOne.get(0)).toCompletableFuture().get(30, TimeUnit.SECONDS);
        CompletableFuture<Done> completed = handler.process(iterationOne.get(1)).toCompletableFuture();
        Thread.sleep(1500);
        assertThat(completed).isNotDone();
        EvaluationHandler evaluations = evaluations(fixture.cassandra().readSide());
        Envelopes.of(lagging, ProblemEvent.class).forEach(e -> process(evaluations, e));
        completed.get(60, TimeUnit.SECONDS);

        StoredIterationMetrics stored = query.stored(exp).stream()
                .filter(m -> m.iteration() == 1)
                .findFirst()
                .orElseThrow();
        assertThat(stored.complete()).isTrue();
        assertThat(stored.expectedEvaluations())
                .containsOnly(
                        entry("held-in", 2L),
                        entry("held-out", 3L),
                        entry("held-in.samples", 8L),
                        entry("held-out.samples", 12L));
        IterationMetrics fromJournal =
                MetricsFromEvents.compute(exp, script.events()).get(1);
        assertThat(stored.metrics()).isEqualTo(fromJournal);
        assertThat(query.computeIteration(exp, 1).metrics()).isEqualTo(fromJournal);
        assertThat(query.computeIteration(exp, 1).evaluationSamplesBySplit())
                .containsOnly(entry("held-in", 8L), entry("held-out", 12L));
        assertThat(fromJournal.testTime()).containsOnlyKeys("held-in", "held-out");
        assertThat(fromJournal.testTime().get("held-out").samples()).isEqualTo(12);
        assertThat(fromJournal.testTime().get("held-out").oracle()).isEqualTo(oracle(script, exp, 1, "held-out"));
    }

    /** Share of the split's problems with a correct sampled answer, counted straight from the script. */
    private static double oracle(ExperimentScript script, String exp, int iteration, String split) {
        Map<String, Boolean> anyCorrect = new java.util.TreeMap<>();
        script.events().stream()
                .filter(e -> e instanceof EvaluationSampled s
                        && s.iteration() == iteration
                        && s.evaluationSplit().equals(split))
                .map(EvaluationSampled.class::cast)
                .forEach(s -> anyCorrect.merge(s.problemId(), s.correct(), Boolean::logicalOr));
        return anyCorrect.values().stream().filter(b -> b).count() / (double) anyCorrect.size();
    }

    @Test
    void metricsAreStoredMarkedIncompleteWhenTheWaitGivesUp() throws Exception {
        String exp = "metrics-" + UUID.randomUUID();
        ExperimentScript script = ExperimentScript.generate(exp, 8, 5, 2, 2, 1);
        fillReadSide(script.journal());
        long samples = script.count(Sampled.class, 1);
        EventEnvelope<ExperimentEvent> overcounted = Envelopes.single(
                "Experiment|" + exp,
                99,
                new SamplingFinished(exp, 1, lyceum.events.IterationCounts.sampled(samples + 5, 0)));

        handler(new CatchUp(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(800)))
                .process(overcounted)
                .toCompletableFuture()
                .get(60, TimeUnit.SECONDS);

        StoredIterationMetrics stored = query.stored(exp).stream()
                .filter(s -> s.iteration() == 1)
                .findFirst()
                .orElseThrow();
        assertThat(stored.complete()).isFalse();
        assertThat(stored.expectedSamples()).isEqualTo(samples + 5);
        assertThat(stored.metrics().samples()).isEqualTo(samples);
    }
}
