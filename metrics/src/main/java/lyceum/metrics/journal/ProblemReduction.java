package lyceum.metrics.journal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import lyceum.events.ProblemEvent.Corrected;
import lyceum.events.ProblemEvent.EvaluationRefined;
import lyceum.metrics.CorrectionOutcome;
import lyceum.metrics.EvaluationCandidate;
import lyceum.metrics.GreedyResult;
import lyceum.metrics.OriginalExample;
import lyceum.metrics.PassCounts;
import lyceum.metrics.ProblemSummary;
import lyceum.metrics.RefinementOutcome;
import lyceum.metrics.SampleSummary;
import lyceum.metrics.Tokens;

/**
 * The one reduction of journaled facts to metric inputs, shared by {@code MetricsQuery} (read side) and
 * {@link MetricsFromEvents} (journal), so both give the same numbers.
 */
public final class ProblemReduction {

    /** The evaluation mode whose verdicts make greedy accuracy. */
    public static final String GREEDY = "greedy";

    private static final Comparator<SampleFacts> SAMPLE_ORDER = Comparator.comparingInt(SampleFacts::round)
            .thenComparingInt(SampleFacts::index)
            .thenComparing(SampleFacts::sampleId);

    private ProblemReduction() {}

    /**
     * Response length in word tokens ({@link Tokens#words}), for accepted samples and reference
     * rationales alike: the model's token count is not journaled for reference rationales, and one unit
     * on both sides keeps the tail comparison fair.
     */
    public static int responseLength(String text) {
        return text == null ? 0 : Tokens.count(text);
    }

    /**
     * The majority-vote key of an extracted answer: surrounding white space removed, nothing more, so
     * answers sharing a key share the grader's verdict.
     */
    public static String answerKey(String extractedAnswer) {
        return extractedAnswer.strip();
    }

    /** One problem's samples of one iteration, taken in (round, index) order whatever the input order. */
    public static ProblemSummary summarise(ProblemFacts problem, Collection<SampleFacts> samples) {
        List<SampleFacts> ordered = new ArrayList<>(samples);
        ordered.sort(SAMPLE_ORDER);
        List<SampleSummary> summaries = new ArrayList<>(ordered.size());
        for (SampleFacts s : ordered) {
            summaries.add(new SampleSummary(
                    problem.problemId(),
                    problem.difficultyBucket(),
                    s.round(),
                    s.index(),
                    s.correct(),
                    s.decision() == Decision.ACCEPTED,
                    s.extractedAnswer(),
                    s.text() == null ? "" : s.text(),
                    responseLength(s.text()),
                    s.meanLogProb(),
                    s.hintDerived(),
                    s.stepsValid()));
        }
        return ProblemSummary.of(
                problem.problemId(), problem.difficultyBucket(), summaries, ProblemReduction::answerKey);
    }

    /** n and c of the round-0 samples, as {@link ProblemSummary#roundZeroCounts()} counts them. */
    public static PassCounts roundZeroCounts(Collection<SampleFacts> samples) {
        int n = 0;
        int c = 0;
        for (SampleFacts s : samples) {
            if (s.round() == 0) {
                n++;
                c += s.correct() ? 1 : 0;
            }
        }
        return new PassCounts(n, c);
    }

    /**
     * The tail baseline: a training problem's reference rationale, with its mean token log-prob under
     * the sampling model of {@code iteration} (ReferenceScored), NaN where it was not scored (journals
     * before the scores, an engine that cannot score): such a reference counts on the length side only.
     */
    public static Optional<OriginalExample> original(ProblemFacts problem, int iteration) {
        if (!problem.training() || problem.referenceLength() == null) {
            return Optional.empty();
        }
        return Optional.of(new OriginalExample(
                problem.problemId(),
                problem.difficultyBucket(),
                problem.referenceLength(),
                problem.referenceLogProbs().getOrDefault(iteration, Double.NaN)));
    }

    /** {@code difficultyBucket}: the problem's, null when its registration is unknown. */
    public static Optional<GreedyResult> greedy(EvaluationFacts e, Integer difficultyBucket) {
        return GREEDY.equals(e.mode())
                ? Optional.of(new GreedyResult(e.split(), e.problemId(), e.correct(), difficultyBucket))
                : Optional.empty();
    }

    /** A sampled evaluation answer as selectors see it, its answer keyed as for maj@k. */
    public static EvaluationCandidate candidate(EvaluationSampleFacts e) {
        return new EvaluationCandidate(
                e.index(),
                e.extractedAnswer() == null ? null : answerKey(e.extractedAnswer()),
                e.correct(),
                e.meanLogProb());
    }

    public static RefinementOutcome refinement(EvaluationRefined e) {
        return new RefinementOutcome(
                e.evaluationSplit(), e.problemId(), e.originalCorrect(), e.flagged(), e.correctAfter());
    }

    public static CorrectionOutcome correction(Corrected e) {
        return new CorrectionOutcome(e.refinedSampleId(), e.originalCorrect(), e.refinedCorrect());
    }
}
