package lyceum.metrics.journal;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import lyceum.metrics.CorrectionOutcome;
import lyceum.metrics.ImprovementBaseline;
import lyceum.metrics.IterationMetricsAccumulator;
import lyceum.metrics.ProblemSummary;
import lyceum.metrics.RefinementOutcome;

/**
 * Feeds one iteration's facts to an {@link IterationMetricsAccumulator} and counts what it saw. Both
 * metrics paths feed problems in {@link ReadSideShard#PROBLEM_ORDER}, so every sum of doubles is formed
 * in the same order.
 */
public final class IterationFeed {

    private final int iteration;
    private final IterationMetricsAccumulator accumulator;
    private final Map<String, Long> greedyBySplit = new TreeMap<>();
    private final Map<String, Long> evaluationSamplesBySplit = new TreeMap<>();
    private final Map<String, Long> refinementsBySplit = new TreeMap<>();
    private final Map<String, Long> registeredBySplit = new TreeMap<>();
    private final Map<String, Integer> buckets = new HashMap<>();
    private long samples;
    private int unregistered;

    public IterationFeed(int iteration, ImprovementBaseline baseline) {
        this.iteration = iteration;
        accumulator = new IterationMetricsAccumulator(iteration);
        if (baseline != null) {
            accumulator.improvementBaseline(baseline);
        }
    }

    /** A problem's samples; {@code problem} null when its registration was not seen. */
    public void problem(ProblemFacts problem, Collection<SampleFacts> problemSamples) {
        if (problemSamples.isEmpty()) {
            return;
        }
        if (problem == null) {
            unregistered(problemSamples.size());
        } else {
            summary(ProblemReduction.summarise(problem, problemSamples));
        }
    }

    /** A problem already summarised with {@link ProblemReduction#summarise}. */
    public void summary(ProblemSummary summary) {
        samples += summary.samples();
        accumulator.add(summary);
    }

    public void unregistered(int sampleCount) {
        samples += sampleCount;
        unregistered++;
    }

    /** A registered problem, of any split: counted, and its reference is original data if it trains. */
    public void original(ProblemFacts problem) {
        registeredBySplit.merge(problem.split(), 1L, Long::sum);
        buckets.put(problem.problemId(), problem.difficultyBucket());
        ProblemReduction.original(problem, iteration).ifPresent(accumulator::addOriginal);
    }

    /** A graded evaluation answer; both paths feed a problem's registration ({@link #original}) first. */
    public void evaluation(EvaluationFacts e) {
        ProblemReduction.greedy(e, buckets.get(e.problemId())).ifPresent(g -> {
            accumulator.addGreedy(g);
            greedyBySplit.merge(g.split(), 1L, Long::sum);
        });
    }

    public void evaluationSample(EvaluationSampleFacts e) {
        accumulator.addEvaluationSample(e.split(), e.problemId(), ProblemReduction.candidate(e));
        evaluationSamplesBySplit.merge(e.split(), 1L, Long::sum);
    }

    public void correction(CorrectionOutcome outcome) {
        accumulator.addCorrection(outcome);
    }

    public void refinement(RefinementOutcome outcome) {
        accumulator.addRefinement(outcome);
        refinementsBySplit.merge(outcome.split(), 1L, Long::sum);
    }

    public IterationReadout result() {
        return new IterationReadout(
                accumulator.result(),
                samples,
                greedyBySplit,
                evaluationSamplesBySplit,
                refinementsBySplit,
                registeredBySplit,
                unregistered);
    }
}
