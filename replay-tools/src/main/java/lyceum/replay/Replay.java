package lyceum.replay;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import lyceum.events.ExperimentEvent;
import lyceum.events.ProblemEvent;
import lyceum.metrics.IterationMetrics;
import lyceum.metrics.journal.MetricsFromEvents;

/**
 * Recomputes an experiment's metrics from its journal with the current code: the experiment's events,
 * then every problem's stream, several problems read at once, each fed whole into
 * {@link MetricsFromEvents}, which keeps only a summary of each decided problem. Memory therefore holds
 * the streams of the problems in flight and one summary per problem. Optionally every answer is
 * re-graded first ({@link Regrader}). Reads only: nothing is written to the journal.
 */
public final class Replay {

    /**
     * Problems read at once. Reading a problem is several journal round trips, so throughput grows with
     * concurrent reads well past the core count; memory holds only these problems' streams.
     */
    public static final int DEFAULT_PARALLELISM = 16;

    private Replay() {}

    /** The recomputed metrics, and with a re-grading grader what it changed. */
    public record Result(
            String experimentId,
            List<IterationMetrics> metrics,
            RegradeSummary regrade,
            long events,
            int problems,
            long repeatsIgnored,
            double seconds) {

        public double eventsPerSecond() {
            return seconds > 0 ? events / seconds : 0;
        }
    }

    /**
     * One problem's stream folded on its own, as journaled and, when re-grading, as re-graded: the
     * fold (diversity above all) is most of a replay's work, so it runs in parallel across problems and
     * only the merge into the experiment's metrics is sequential.
     */
    private record ProblemStream(
            int events, MetricsFromEvents journaled, MetricsFromEvents regraded, Regrader.RegradedProblem regrade) {}

    public static Result run(JournalReader reader, String experimentId, ReplayOptions options) {
        long start = System.nanoTime();
        if (options.regrader() != null) {
            options.regrader().warmUp(); // starts while the journal is read
        }
        Integer asOf = options.asOfIteration();
        List<ExperimentEvent> experimentEvents = reader.experimentEvents(experimentId).stream()
                .filter(e -> EventIterations.within(e, asOf))
                .toList();
        MetricsFromEvents journaled = new MetricsFromEvents(experimentId);
        MetricsFromEvents regraded = options.regrader() == null ? null : new MetricsFromEvents(experimentId);
        Regrader regrader = options.regrader() == null ? null : new Regrader(options.regrader());
        for (ExperimentEvent e : experimentEvents) {
            journaled.add(e);
            if (regraded != null) {
                regraded.add(e);
            }
        }
        Progress progress = new Progress(experimentId, registeredProblems(experimentEvents), options.progress());
        ChangeTally changes = new ChangeTally(options.listedChanges());
        boolean[] regradeDiffers = {false}; // set on the stream's one thread
        var system = reader.system();
        CompletionStage<?> done = reader.problemStreams(experimentId, options.parallelism())
                .mapAsyncUnordered(
                        options.parallelism(),
                        // Filtering, re-grading and folding are CPU work: off the stream's thread, in parallel
                        // across problems.
                        all -> CompletableFuture.supplyAsync(
                                () -> {
                                    List<ProblemEvent> events = asOf == null
                                            ? all
                                            : all.stream()
                                                    .filter(e -> EventIterations.within(e, asOf))
                                                    .toList();
                                    Regrader.RegradedProblem regrade =
                                            regrader == null ? null : regrader.regrade(events);
                                    MetricsFromEvents asJournaled = fold(experimentId, events);
                                    // A problem whose answers all read as journaled has the journal's metrics:
                                    // not folded twice.
                                    MetricsFromEvents asRegraded = regrade == null
                                            ? null
                                            : regrade.readAsJournaled()
                                                    ? asJournaled
                                                    : fold(experimentId, regrade.events());
                                    return new ProblemStream(events.size(), asJournaled, asRegraded, regrade);
                                },
                                system.executionContext()))
                .runForeach(
                        problem -> {
                            journaled.merge(problem.journaled());
                            if (regraded != null) {
                                regraded.merge(problem.regraded());
                                changes.add(problem.regrade());
                                regradeDiffers[0] |= !problem.regrade().readAsJournaled();
                            }
                            progress.problem(problem.events());
                        },
                        system);
        reader.await(done);
        if (experimentEvents.isEmpty() && progress.problems() == 0) {
            throw new IllegalArgumentException("no experiment '" + experimentId + "' in the journal");
        }
        List<IterationMetrics> asJournaled;
        List<IterationMetrics> metrics;
        if (regraded == null || !regradeDiffers[0]) {
            // Every answer read as journaled: the re-graded metrics are the journal's, not computed again.
            asJournaled = journaled.result();
            metrics = asJournaled;
        } else {
            // Both are a sequential pass over every problem's summary: the second runs beside the first.
            CompletableFuture<List<IterationMetrics>> asRegraded =
                    CompletableFuture.supplyAsync(regraded::result, system.executionContext());
            asJournaled = journaled.result();
            metrics = reader.await(asRegraded);
        }
        long events = progress.events() + experimentEvents.size();
        double seconds = (System.nanoTime() - start) / 1e9;
        progress.finish(events, seconds);
        return new Result(
                experimentId,
                metrics,
                regraded == null ? null : changes.summary(asJournaled, metrics),
                events,
                progress.problems(),
                journaled.repeatsIgnored(),
                seconds);
    }

    private static MetricsFromEvents fold(String experimentId, List<ProblemEvent> events) {
        MetricsFromEvents metrics = new MetricsFromEvents(experimentId);
        events.forEach(metrics::add);
        return metrics;
    }

    private static int registeredProblems(List<ExperimentEvent> events) {
        return events.stream()
                .filter(ExperimentEvent.ProblemsRegistered.class::isInstance)
                .map(e -> ((ExperimentEvent.ProblemsRegistered) e)
                        .problemsPerSplit().values().stream()
                                .mapToInt(Integer::intValue)
                                .sum())
                .reduce((a, b) -> b)
                .orElse(0);
    }
}
