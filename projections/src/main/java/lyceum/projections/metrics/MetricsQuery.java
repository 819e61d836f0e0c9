package lyceum.projections.metrics;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import lyceum.events.ProblemEvent.Corrected;
import lyceum.events.ProblemEvent.Evaluated;
import lyceum.events.ProblemEvent.EvaluationRefined;
import lyceum.events.ProblemEvent.EvaluationSampled;
import lyceum.metrics.CorrectionOutcome;
import lyceum.metrics.IterationMetrics;
import lyceum.metrics.IterationMetricsAccumulator;
import lyceum.metrics.PassCounts;
import lyceum.metrics.ProblemSummary;
import lyceum.metrics.RefinementOutcome;
import lyceum.metrics.journal.EvaluationFacts;
import lyceum.metrics.journal.EvaluationSampleFacts;
import lyceum.metrics.journal.FirstModelBaseline;
import lyceum.metrics.journal.IterationFeed;
import lyceum.metrics.journal.IterationReadout;
import lyceum.metrics.journal.MetricsFromEvents;
import lyceum.metrics.journal.ProblemFacts;
import lyceum.metrics.journal.ProblemReduction;
import lyceum.metrics.journal.ReadSideShard;
import lyceum.metrics.journal.SampleFacts;
import lyceum.projections.correction.CorrectionTable;
import lyceum.projections.evaluation.EvaluationSampleTable;
import lyceum.projections.evaluation.EvaluationTable;
import lyceum.projections.evaluation.RefinementTable;
import lyceum.projections.iterations.ExperimentIterationsTable;
import lyceum.projections.iterations.IterationStatus;
import lyceum.projections.problem.ProblemTable;
import lyceum.projections.sample.SampleTable;
import lyceum.projections.shared.PagedRows;
import lyceum.projections.shared.ShardedTable.PerIteration;

/**
 * An experiment's metrics from the read side: each iteration is read shard by shard, problem by
 * problem, into an {@link IterationMetricsAccumulator}, so memory holds one page of rows and one small
 * summary per problem, never the iteration's texts. The reduction is {@link ProblemReduction}'s, as in
 * {@link MetricsFromEvents}, which gives the same numbers from the journal.
 *
 * <p>Blocking: call from a thread that may block (a CLI command, a blocking dispatcher), never from a
 * driver thread.
 */
public final class MetricsQuery {

    /** Shards whose first pages are in flight ahead of the one being read. */
    private static final int PREFETCH = 8;

    /** Concurrent single-problem reads for M_1's sample counts. */
    private static final int PARALLEL_READS = 32;

    private final ProblemTable problems;
    private final SampleTable samples;
    private final PerIteration<Evaluated> evaluations;
    private final PerIteration<EvaluationSampled> evaluationSamples;
    private final PerIteration<Corrected> corrections;
    private final PerIteration<EvaluationRefined> refinements;
    private final ExperimentIterationsTable experiments;
    private final IterationMetricsTable stored;

    private MetricsQuery(
            ProblemTable problems,
            SampleTable samples,
            PerIteration<Evaluated> evaluations,
            PerIteration<EvaluationSampled> evaluationSamples,
            PerIteration<Corrected> corrections,
            PerIteration<EvaluationRefined> refinements,
            ExperimentIterationsTable experiments,
            IterationMetricsTable stored) {
        this.problems = problems;
        this.samples = samples;
        this.evaluations = evaluations;
        this.evaluationSamples = evaluationSamples;
        this.corrections = corrections;
        this.refinements = refinements;
        this.experiments = experiments;
        this.stored = stored;
    }

    /** Prepares the statements, blocking; for the CLI and replay. */
    public static MetricsQuery create(CqlSession session, String keyspace) {
        return prepare(session, keyspace).toCompletableFuture().join();
    }

    public static CompletionStage<MetricsQuery> prepare(CqlSession session, String keyspace) {
        var p = ProblemTable.prepare(session, keyspace).toCompletableFuture();
        var s = SampleTable.prepare(session, keyspace).toCompletableFuture();
        var e = EvaluationTable.LAYOUT.prepare(session, keyspace).toCompletableFuture();
        var es = EvaluationSampleTable.LAYOUT.prepare(session, keyspace).toCompletableFuture();
        var c = CorrectionTable.LAYOUT.prepare(session, keyspace).toCompletableFuture();
        var r = RefinementTable.LAYOUT.prepare(session, keyspace).toCompletableFuture();
        var x = ExperimentIterationsTable.prepare(session, keyspace).toCompletableFuture();
        var m = IterationMetricsTable.prepare(session, keyspace).toCompletableFuture();
        return CompletableFuture.allOf(p, s, e, es, c, r, x, m)
                .thenApply(ignored -> new MetricsQuery(
                        p.join(), s.join(), e.join(), es.join(), c.join(), r.join(), x.join(), m.join()));
    }

    /**
     * Every iteration the experiment has started (by the experiment status read model), recomputed from
     * the problem read models, in iteration order.
     */
    public List<IterationMetrics> compute(String experimentId) {
        List<Integer> iterations = experiments.iterations(experimentId).stream()
                .map(IterationStatus::iteration)
                .toList();
        FirstModelBaseline baseline = baseline(
                experimentId, iterations.stream().mapToInt(i -> i).max().orElse(-1));
        List<IterationMetrics> all = new ArrayList<>();
        for (int t : iterations) {
            all.add(computeIteration(experimentId, t, baseline).metrics());
        }
        return all;
    }

    /** One iteration, with the counts it covers. */
    public IterationReadout computeIteration(String experimentId, int iteration) {
        return computeIteration(experimentId, iteration, baseline(experimentId, iteration));
    }

    /** The metrics stored as iterations reached their stages, in iteration order. */
    public List<StoredIterationMetrics> stored(String experimentId) {
        return stored.all(experimentId);
    }

    /** The stored metrics alone, for {@code lyceum metrics}. */
    public List<IterationMetrics> storedMetrics(String experimentId) {
        return stored(experimentId).stream()
                .map(StoredIterationMetrics::metrics)
                .filter(Objects::nonNull)
                .toList();
    }

    /**
     * What {@code lyceum metrics} shows: the stored metrics, or, before the projections stored any, the
     * metrics computed from the read models.
     */
    public List<IterationMetrics> storedOrComputed(String experimentId) {
        List<IterationMetrics> stored = storedMetrics(experimentId);
        return stored.isEmpty() ? compute(experimentId) : stored;
    }

    /**
     * Every problem's summary of one iteration, as the metrics see it: the problems behind a figure (the
     * hardest bucket's uncovered problems, say), in shard order.
     */
    public List<ProblemSummary> problemSummaries(String experimentId, int iteration) {
        List<ProblemSummary> out = new ArrayList<>();
        for (int shard = 0; shard < ReadSideShard.COUNT; shard++) {
            Map<String, ProblemFacts> registered = new HashMap<>();
            new PagedRows<>(problems.selectShard(experimentId, shard), ProblemTable::facts)
                    .forEachRemaining(p -> registered.put(p.problemId(), p));
            Map<String, List<SampleFacts>> byProblem = new java.util.LinkedHashMap<>();
            new PagedRows<>(samples.selectShard(experimentId, iteration, shard), SampleTable::facts)
                    .forEachRemaining(s -> {
                        if (s != null) {
                            byProblem
                                    .computeIfAbsent(s.problemId(), k -> new ArrayList<>())
                                    .add(s);
                        }
                    });
            byProblem.forEach((problemId, group) -> {
                ProblemFacts problem = registered.get(problemId);
                if (problem != null) {
                    out.add(ProblemReduction.summarise(problem, group));
                }
            });
        }
        return out;
    }

    private IterationReadout computeIteration(String experimentId, int iteration, FirstModelBaseline baseline) {
        IterationFeed feed = new IterationFeed(iteration, baseline.forIteration(iteration));
        ArrayDeque<ShardPages> window = new ArrayDeque<>();
        int next = 0;
        for (int shard = 0; shard < ReadSideShard.COUNT; shard++) {
            while (next < ReadSideShard.COUNT && next <= shard + PREFETCH) {
                window.add(open(experimentId, iteration, next++));
            }
            feedShard(window.poll(), feed);
        }
        return feed.result();
    }

    private void feedShard(ShardPages pages, IterationFeed feed) {
        Map<String, ProblemFacts> registered = new HashMap<>();
        List<ProblemFacts> inOrder = new ArrayList<>();
        pages.problems().forEachRemaining(p -> {
            registered.put(p.problemId(), p);
            inOrder.add(p);
        });
        // Rows come grouped by problem (the first clustering column).
        String problemId = null;
        List<SampleFacts> group = new ArrayList<>();
        while (pages.samples().hasNext()) {
            SampleFacts sample = pages.samples().next();
            if (sample == null) {
                continue;
            }
            if (!sample.problemId().equals(problemId)) {
                if (problemId != null) {
                    feed.problem(registered.get(problemId), group);
                }
                problemId = sample.problemId();
                group = new ArrayList<>();
            }
            group.add(sample);
        }
        if (problemId != null) {
            feed.problem(registered.get(problemId), group);
        }
        inOrder.forEach(feed::original);
        pages.evaluations().forEachRemaining(feed::evaluation);
        pages.evaluationSamples().forEachRemaining(feed::evaluationSample);
        pages.corrections().forEachRemaining(feed::correction);
        pages.refinements().forEachRemaining(feed::refinement);
    }

    private ShardPages open(String experimentId, int iteration, int shard) {
        return new ShardPages(
                new PagedRows<>(problems.selectShard(experimentId, shard), ProblemTable::facts),
                new PagedRows<>(samples.selectShard(experimentId, iteration, shard), SampleTable::facts),
                new PagedRows<>(evaluations.selectShard(experimentId, iteration, shard), EvaluationTable::facts),
                new PagedRows<>(
                        evaluationSamples.selectShard(experimentId, iteration, shard), EvaluationSampleTable::facts),
                new PagedRows<>(corrections.selectShard(experimentId, iteration, shard), CorrectionTable::outcome),
                new PagedRows<>(refinements.selectShard(experimentId, iteration, shard), RefinementTable::outcome));
    }

    private record ShardPages(
            PagedRows<ProblemFacts> problems,
            PagedRows<SampleFacts> samples,
            PagedRows<EvaluationFacts> evaluations,
            PagedRows<EvaluationSampleFacts> evaluationSamples,
            PagedRows<CorrectionOutcome> corrections,
            PagedRows<RefinementOutcome> refinements) {}

    /** M_1's greedy verdicts, and its sample counts when an iteration from 2 on needs them. */
    private FirstModelBaseline baseline(String experimentId, int forIteration) {
        FirstModelBaseline baseline = new FirstModelBaseline();
        if (forIteration < FirstModelBaseline.GREEDY_ITERATION) {
            return baseline;
        }
        ArrayDeque<PagedRows<EvaluationFacts>> window = new ArrayDeque<>();
        int next = 0;
        for (int shard = 0; shard < ReadSideShard.COUNT; shard++) {
            while (next < ReadSideShard.COUNT && next <= shard + PREFETCH) {
                window.add(new PagedRows<>(
                        evaluations.selectShard(experimentId, FirstModelBaseline.GREEDY_ITERATION, next++),
                        EvaluationTable::facts));
            }
            window.poll().forEachRemaining(baseline::evaluation);
        }
        if (forIteration >= FirstModelBaseline.SAMPLES_ITERATION) {
            List<String> wanted = new ArrayList<>(baseline.wrongGreedy());
            for (int from = 0; from < wanted.size(); from += PARALLEL_READS) {
                List<String> batch = wanted.subList(from, Math.min(wanted.size(), from + PARALLEL_READS));
                List<CompletableFuture<AsyncResultSet>> reads = new ArrayList<>();
                for (String problemId : batch) {
                    reads.add(samples.selectVerdicts(experimentId, FirstModelBaseline.SAMPLES_ITERATION, problemId)
                            .toCompletableFuture());
                }
                for (int i = 0; i < batch.size(); i++) {
                    String problemId = batch.get(i);
                    roundZeroCounts(reads.get(i)).ifPresent(counts -> baseline.samples(problemId, counts));
                }
            }
        }
        return baseline;
    }

    /** n and c over round 0, or nothing when the problem has no sample in the iteration. */
    private static Optional<PassCounts> roundZeroCounts(CompletionStage<AsyncResultSet> rows) {
        int any = 0;
        int n = 0;
        int c = 0;
        PagedRows<int[]> verdicts = new PagedRows<>(
                rows,
                row -> row.isNull("round") ? null : new int[] {row.getInt("round"), row.getBoolean("correct") ? 1 : 0});
        while (verdicts.hasNext()) {
            int[] v = verdicts.next();
            if (v == null) {
                continue;
            }
            any++;
            if (v[0] == 0) {
                n++;
                c += v[1];
            }
        }
        return any == 0 ? Optional.empty() : Optional.of(new PassCounts(n, c));
    }
}
