package lyceum.metrics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Collects one iteration's inputs one at a time (a projection handling events, or a replay) and
 * computes {@link IterationMetrics} on demand. Memory is one small {@link ProblemSummary} per problem
 * (plus two numbers per accepted sample for the tail statistics), never the sample texts.
 *
 * <p>Every input is keyed by its identity (problem id, split and problem id, refined sample id) and a
 * later one replaces an earlier one, so redelivered or updated inputs are never counted twice. Not
 * thread-safe: confine an instance to one actor or thread.
 */
public final class IterationMetricsAccumulator {

    private record GreedyKey(String split, String problemId) {}

    private record EvaluationSampleKey(String split, String problemId, int index) {}

    private final int iteration;
    private final Map<String, ProblemSummary> problems = new LinkedHashMap<>();
    private final Map<String, OriginalExample> originals = new LinkedHashMap<>();
    private final Map<GreedyKey, GreedyResult> greedy = new LinkedHashMap<>();
    private final Map<EvaluationSampleKey, EvaluationCandidate> evaluationSamples = new LinkedHashMap<>();
    private final Map<String, CorrectionOutcome> corrections = new LinkedHashMap<>();
    private final Map<GreedyKey, RefinementOutcome> refinements = new LinkedHashMap<>();
    private ImprovementBaseline improvementBaseline;

    public IterationMetricsAccumulator(int iteration) {
        this.iteration = iteration;
    }

    public IterationMetricsAccumulator add(ProblemSummary problem) {
        problems.put(problem.problemId(), problem);
        return this;
    }

    public IterationMetricsAccumulator addOriginal(OriginalExample example) {
        originals.put(example.problemId(), example);
        return this;
    }

    public IterationMetricsAccumulator addGreedy(GreedyResult result) {
        greedy.put(new GreedyKey(result.split(), result.problemId()), result);
        return this;
    }

    /** One sampled evaluation answer of {@code problemId} in {@code split}, keyed by its index. */
    public IterationMetricsAccumulator addEvaluationSample(
            String split, String problemId, EvaluationCandidate candidate) {
        evaluationSamples.put(new EvaluationSampleKey(split, problemId, candidate.index()), candidate);
        return this;
    }

    public IterationMetricsAccumulator addCorrection(CorrectionOutcome outcome) {
        corrections.put(outcome.refinedSampleId(), outcome);
        return this;
    }

    /** Critique-then-refine of the greedy answer of a problem in a split, keyed by both. */
    public IterationMetricsAccumulator addRefinement(RefinementOutcome outcome) {
        refinements.put(new GreedyKey(outcome.split(), outcome.problemId()), outcome);
        return this;
    }

    /**
     * M_1's evaluation, for the improvement set; without it the improvement fields are null. The set is
     * keyed by problem id alone, so evaluation problem ids must be unique across splits (as
     * dataset-qualified ids are).
     */
    public IterationMetricsAccumulator improvementBaseline(ImprovementBaseline baseline) {
        this.improvementBaseline = baseline;
        return this;
    }

    public int problemCount() {
        return problems.size();
    }

    public IterationMetrics result() {
        Collection<ProblemSummary> all = problems.values();
        int[] roundZeroCorrect =
                all.stream().mapToInt(ProblemSummary::roundZeroCorrect).toArray();
        int[] correctAllRounds =
                all.stream().mapToInt(ProblemSummary::correctAllRounds).toArray();

        Map<SampleSubset, DiversityMetrics> diversity = diversityBySubset(all);
        DiversityMetrics ofAll = diversity.get(SampleSubset.ALL);
        Map<String, Double> semantic = new LinkedHashMap<>();
        Map<String, DiversityMetrics> diversityByKey = new LinkedHashMap<>();
        diversity.forEach((subset, d) -> {
            semantic.put(subset.key(), d.semanticDiversity());
            diversityByKey.put(subset.key(), d);
        });

        Map<Integer, Long> acceptedByBucket = new TreeMap<>();
        Map<Integer, Long> originalByBucket = new TreeMap<>();
        all.forEach(p -> acceptedByBucket.merge(p.difficultyBucket(), (long) p.accepted(), Long::sum));
        originals.values().forEach(o -> originalByBucket.merge(o.difficultyBucket(), 1L, Long::sum));
        SortedMap<Integer, Double> acceptedShare = TailStats.shares(acceptedByBucket);
        SortedMap<Integer, Double> originalShare = TailStats.shares(originalByBucket);
        Integer hardest = all.stream()
                .map(ProblemSummary::difficultyBucket)
                .max(Integer::compare)
                .orElse(null);
        int[] hardestCorrect = hardestCorrect(all, hardest);
        ReasoningCounts reasoning =
                all.stream().map(ProblemSummary::reasoning).reduce(ReasoningCounts.NONE, ReasoningCounts::plus);
        Map<Integer, ReasoningCounts> reasoningByBucket = new TreeMap<>();
        all.forEach(p -> reasoningByBucket.merge(p.difficultyBucket(), p.reasoning(), ReasoningCounts::plus));
        Map<Integer, Double> wrongReasonByBucket = new TreeMap<>();
        reasoningByBucket.forEach((bucket, r) -> {
            if (r.acceptedChecked() > 0) {
                wrongReasonByBucket.put(bucket, (double) r.acceptedWrongReason() / r.acceptedChecked());
            }
        });

        Integer improvementSetSize = null;
        Double firstModelPassAtN = null;
        if (improvementBaseline != null) {
            Map<String, Boolean> current = new HashMap<>();
            greedy.values().forEach(g -> current.put(g.problemId(), g.correct()));
            var improved = ImprovementSet.of(current, improvementBaseline.firstModelGreedy());
            improvementSetSize = improved.size();
            firstModelPassAtN = MetricValues.orNull(
                    ImprovementSet.firstModelPassAtN(improved, improvementBaseline.firstModelSamples()));
        }

        return new IterationMetrics(
                MetricsVersion.CURRENT,
                iteration,
                all.size(),
                all.stream().mapToLong(ProblemSummary::samples).sum(),
                all.stream().mapToLong(ProblemSummary::accepted).sum(),
                all.stream().mapToLong(ProblemSummary::acceptedHintDerived).sum(),
                MetricValues.orNull(Coverage.share(roundZeroCorrect)),
                MetricValues.orNull(Coverage.share(correctAllRounds)),
                Coverage.histogram(roundZeroCorrect),
                Coverage.histogram(correctAllRounds),
                passAtK(all),
                majAtK(all),
                GreedyAccuracy.bySplit(greedy.values()),
                improvementSetSize,
                firstModelPassAtN,
                ofAll.distinct1(),
                ofAll.distinct2(),
                ofAll.distinct3(),
                ofAll.distinct4(),
                ofAll.distinctEquations(),
                Collections.unmodifiableMap(semantic),
                Collections.unmodifiableMap(diversityByKey),
                acceptedShare,
                originalShare,
                hardest,
                hardest == null ? null : Coverage.share(hardestCorrect),
                hardest == null || acceptedShare.isEmpty() ? null : acceptedShare.getOrDefault(hardest, 0.0),
                hardest == null || originalShare.isEmpty() ? null : originalShare.getOrDefault(hardest, 0.0),
                TailComparison.of(acceptedLengths(all), originalLengths(), TailComparison.DEFAULT_BINS),
                TailComparison.of(acceptedPerplexities(all), originalPerplexities(), TailComparison.DEFAULT_BINS),
                SelfCorrection.of(corrections.values()),
                Disparity.fromScores(all.stream()
                        .filter(p -> p.roundZeroSamples() > 0)
                        .map(p -> new BucketScore(
                                p.difficultyBucket(), (double) p.roundZeroCorrect() / p.roundZeroSamples()))
                        .toList()),
                testTime(),
                refinements.isEmpty() ? null : TestTimeRefinement.bySplit(refinements.values()),
                intervals(
                        all,
                        roundZeroCorrect,
                        correctAllRounds,
                        hardest,
                        hardestCorrect,
                        acceptedByBucket,
                        originalByBucket,
                        reasoning,
                        reasoningByBucket),
                reasoning.acceptedChecked() == 0
                        ? null
                        : (double) reasoning.acceptedWrongReason() / reasoning.acceptedChecked(),
                reasoning.correctChecked() == 0
                        ? null
                        : (double) reasoning.correctWrongReason() / reasoning.correctChecked(),
                wrongReasonByBucket.isEmpty() ? null : Collections.unmodifiableMap(wrongReasonByBucket),
                Collections.unmodifiableMap(GreedyAccuracy.byBucket(greedy.values())));
    }

    /** The 95% intervals of the figures that have one; see {@link IterationMetrics#intervals}. */
    private Map<String, Uncertainty.Interval> intervals(
            Collection<ProblemSummary> all,
            int[] roundZeroCorrect,
            int[] correctAllRounds,
            Integer hardest,
            int[] hardestCorrect,
            Map<Integer, Long> acceptedByBucket,
            Map<Integer, Long> originalByBucket,
            ReasoningCounts reasoning,
            Map<Integer, ReasoningCounts> reasoningByBucket) {
        Map<String, Uncertainty.Interval> intervals = new TreeMap<>();
        put(intervals, "coverage", Uncertainty.wilson(Coverage.covered(roundZeroCorrect), roundZeroCorrect.length));
        put(
                intervals,
                "coverage_after_resample",
                Uncertainty.wilson(Coverage.covered(correctAllRounds), correctAllRounds.length));
        Map<String, long[]> greedyBySplit = new TreeMap<>();
        greedy.values().forEach(g -> {
            long[] counts = greedyBySplit.computeIfAbsent(g.split(), k -> new long[2]);
            counts[0] += g.correct() ? 1 : 0;
            counts[1]++;
        });
        greedyBySplit.forEach((split, counts) ->
                put(intervals, "greedy_accuracy." + split, Uncertainty.wilson(counts[0], counts[1])));
        if (hardest != null) {
            put(
                    intervals,
                    "hardest_bucket_coverage",
                    Uncertainty.wilson(Coverage.covered(hardestCorrect), hardestCorrect.length));
            put(
                    intervals,
                    "hardest_bucket_share_accepted",
                    Uncertainty.wilson(acceptedByBucket.getOrDefault(hardest, 0L), sum(acceptedByBucket)));
            put(
                    intervals,
                    "hardest_bucket_share_original",
                    Uncertainty.wilson(originalByBucket.getOrDefault(hardest, 0L), sum(originalByBucket)));
        }
        // Wilson over samples: samples of one problem are not independent, so these are a little narrow.
        put(
                intervals,
                "wrong_reason_share_accepted",
                Uncertainty.wilson(reasoning.acceptedWrongReason(), reasoning.acceptedChecked()));
        put(
                intervals,
                "wrong_reason_share_correct",
                Uncertainty.wilson(reasoning.correctWrongReason(), reasoning.correctChecked()));
        reasoningByBucket.forEach((bucket, r) -> put(
                intervals,
                "wrong_reason_share_accepted_by_bucket." + bucket,
                Uncertainty.wilson(r.acceptedWrongReason(), r.acceptedChecked())));
        int maxSamples =
                all.stream().mapToInt(ProblemSummary::roundZeroSamples).max().orElse(0);
        // The bootstraps are most of this method's time: every k's at once, sharing their draws.
        List<PassCounts> counts =
                all.stream().map(ProblemSummary::roundZeroCounts).toList();
        List<Integer> ks = PassAtK.standardKs(maxSamples);
        List<Uncertainty.Interval> passAtK = Uncertainty.bootstrapMeans(ks.stream()
                .map(k -> counts.stream()
                        .filter(c -> c.n() >= k)
                        .mapToDouble(c -> PassAtK.estimate(c.n(), c.c(), k))
                        .toArray())
                .toList());
        for (int i = 0; i < ks.size(); i++) {
            put(intervals, "pass_at_k." + ks.get(i), passAtK.get(i));
        }
        return Collections.unmodifiableMap(intervals);
    }

    private static void put(Map<String, Uncertainty.Interval> intervals, String key, Uncertainty.Interval interval) {
        if (interval != null) {
            intervals.put(key, interval);
        }
    }

    private static long sum(Map<Integer, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    private Map<String, TestTimeAccuracy> testTime() {
        if (evaluationSamples.isEmpty()) {
            return null;
        }
        Map<GreedyKey, List<EvaluationCandidate>> byProblem = new LinkedHashMap<>();
        evaluationSamples.forEach((key, candidate) -> byProblem
                .computeIfAbsent(new GreedyKey(key.split(), key.problemId()), k -> new ArrayList<>())
                .add(candidate));
        List<TestTimeEvaluation.ProblemAnswers> answers = new ArrayList<>();
        byProblem.forEach((key, candidates) ->
                answers.add(new TestTimeEvaluation.ProblemAnswers(key.split(), key.problemId(), candidates)));
        return TestTimeEvaluation.bySplit(answers, AnswerSelector.STANDARD);
    }

    private static double[] acceptedLengths(Collection<ProblemSummary> all) {
        return all.stream()
                .flatMap(p -> p.acceptedTokenCounts().stream())
                .mapToDouble(Integer::doubleValue)
                .toArray();
    }

    private double[] originalLengths() {
        return originals.values().stream()
                .mapToDouble(OriginalExample::tokenCount)
                .toArray();
    }

    private static double[] acceptedPerplexities(Collection<ProblemSummary> all) {
        return all.stream()
                .flatMap(p -> p.acceptedPerplexities().stream())
                .mapToDouble(Double::doubleValue)
                .toArray();
    }

    /** Original examples the current model has scored. */
    private double[] originalPerplexities() {
        return originals.values().stream()
                .mapToDouble(o -> TailStats.perplexity(o.meanLogProb()))
                .filter(Double::isFinite)
                .toArray();
    }

    private static Map<Integer, Double> passAtK(Collection<ProblemSummary> all) {
        int maxSamples =
                all.stream().mapToInt(ProblemSummary::roundZeroSamples).max().orElse(0);
        List<PassCounts> counts =
                all.stream().map(ProblemSummary::roundZeroCounts).toList();
        TreeMap<Integer, Double> passAtK = new TreeMap<>();
        for (int k : PassAtK.standardKs(maxSamples)) {
            passAtK.put(k, PassAtK.mean(counts, k));
        }
        return Collections.unmodifiableSortedMap(passAtK);
    }

    private static Map<Integer, Double> majAtK(Collection<ProblemSummary> all) {
        TreeMap<Integer, int[]> correctAndTotal = new TreeMap<>();
        for (ProblemSummary p : all) {
            p.majorityCorrectAtK().forEach((k, correct) -> {
                int[] counts = correctAndTotal.computeIfAbsent(k, x -> new int[2]);
                counts[0] += correct ? 1 : 0;
                counts[1]++;
            });
        }
        TreeMap<Integer, Double> majAtK = new TreeMap<>();
        correctAndTotal.forEach((k, counts) -> majAtK.put(k, (double) counts[0] / counts[1]));
        return Collections.unmodifiableSortedMap(majAtK);
    }

    private static Map<SampleSubset, DiversityMetrics> diversityBySubset(Collection<ProblemSummary> all) {
        Map<SampleSubset, DiversityMetrics> bySubset = new LinkedHashMap<>();
        for (SampleSubset subset : SampleSubset.values()) {
            List<TextDiversity> perProblem = new ArrayList<>(all.size());
            all.forEach(p -> perProblem.add(p.diversity(subset)));
            bySubset.put(subset, DiversityMetrics.aggregate(perProblem));
        }
        return bySubset;
    }

    /** Correct counts over all rounds of the hardest bucket's problems: its tail coverage and interval. */
    private static int[] hardestCorrect(Collection<ProblemSummary> all, Integer hardest) {
        return hardest == null
                ? new int[0]
                : all.stream()
                        .filter(p -> p.difficultyBucket() == hardest)
                        .mapToInt(ProblemSummary::correctAllRounds)
                        .toArray();
    }
}
