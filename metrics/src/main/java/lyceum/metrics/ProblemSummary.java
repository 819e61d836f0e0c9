package lyceum.metrics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Everything the iteration metrics need of one problem's samples in one iteration, small enough to keep
 * one per problem: the texts are reduced to diversity figures here and not kept. Build with
 * {@link #of}; feed to {@link IterationMetricsAccumulator#add(ProblemSummary)}.
 *
 * @param roundZeroSamples n of pass@k: the K plain (unhinted) samples of round 0
 * @param roundZeroCorrect c of pass@k; coverage before resampling counts c > 0
 * @param correctAllRounds correct samples over all rounds; coverage after resampling counts it > 0
 * @param majorityCorrectAtK maj@k verdict for each k of {@link PassAtK#standardKs} up to n
 * @param diversity per subset, over the samples of all rounds in that subset
 * @param acceptedTokenCounts response lengths of the accepted samples
 * @param acceptedPerplexities perplexities of the accepted samples whose log-prob is known
 * @param reasoning correct and accepted samples whose reasoning was checked, and how many of them were
 *     right for the wrong reason
 */
public record ProblemSummary(
        String problemId,
        int difficultyBucket,
        int samples,
        int roundZeroSamples,
        int roundZeroCorrect,
        int correctAllRounds,
        int accepted,
        int acceptedHintDerived,
        Map<Integer, Boolean> majorityCorrectAtK,
        Map<SampleSubset, TextDiversity> diversity,
        List<Integer> acceptedTokenCounts,
        List<Double> acceptedPerplexities,
        ReasoningCounts reasoning) {

    public ProblemSummary {
        majorityCorrectAtK = Map.copyOf(majorityCorrectAtK);
        diversity = Map.copyOf(diversity);
        acceptedTokenCounts = List.copyOf(acceptedTokenCounts);
        acceptedPerplexities = List.copyOf(acceptedPerplexities);
    }

    /**
     * Summarises one problem's samples of one iteration (any order; round 0 is ordered by index for
     * maj@k). {@code answerKey} normalises a non-null extracted answer for voting (null: no vote), see
     * {@link MajorityVote}.
     */
    public static ProblemSummary of(
            String problemId, int difficultyBucket, List<SampleSummary> samples, Function<String, String> answerKey) {
        List<SampleSummary> roundZero = new ArrayList<>();
        int correct = 0;
        int accepted = 0;
        int acceptedHintDerived = 0;
        List<Integer> acceptedTokenCounts = new ArrayList<>();
        List<Double> acceptedPerplexities = new ArrayList<>();
        ReasoningCounts reasoning = ReasoningCounts.NONE;
        for (SampleSummary s : samples) {
            if (!s.problemId().equals(problemId)) {
                throw new IllegalArgumentException("sample of problem " + s.problemId() + " given for " + problemId);
            }
            if (s.round() == 0) {
                roundZero.add(s);
            }
            correct += s.correct() ? 1 : 0;
            reasoning = reasoning.plus(s.correct(), s.accepted(), s.stepsValid());
            if (s.accepted()) {
                accepted++;
                acceptedHintDerived += s.hintDerived() ? 1 : 0;
                acceptedTokenCounts.add(s.tokenCount());
                double perplexity = TailStats.perplexity(s.meanLogProb());
                if (Double.isFinite(perplexity)) {
                    acceptedPerplexities.add(perplexity);
                }
            }
        }
        roundZero.sort(Comparator.comparingInt(SampleSummary::index));
        int roundZeroCorrect =
                (int) roundZero.stream().filter(SampleSummary::correct).count();

        Function<SampleSummary, String> vote =
                s -> s.extractedAnswer() == null ? null : answerKey.apply(s.extractedAnswer());
        TreeMap<Integer, Boolean> majority = new TreeMap<>();
        for (int k : PassAtK.standardKs(roundZero.size())) {
            majority.put(k, MajorityVote.majorityCorrect(roundZero, vote, SampleSummary::correct, k));
        }

        return new ProblemSummary(
                problemId,
                difficultyBucket,
                samples.size(),
                roundZero.size(),
                roundZeroCorrect,
                correct,
                accepted,
                acceptedHintDerived,
                majority,
                TextDiversity.bySubset(samples),
                acceptedTokenCounts,
                acceptedPerplexities,
                reasoning);
    }

    public PassCounts roundZeroCounts() {
        return new PassCounts(roundZeroSamples, roundZeroCorrect);
    }

    public TextDiversity diversity(SampleSubset subset) {
        return diversity.getOrDefault(subset, TextDiversity.NONE);
    }
}
