package lyceum.metrics.journal;

import java.util.Map;
import java.util.TreeMap;
import lyceum.events.ProblemEvent.ProblemRegistered;
import lyceum.events.ProblemEvent.ReferenceScored;

/**
 * What the metrics need of a registered problem, from its ProblemRegistered and ReferenceScored events or
 * its row.
 *
 * @param split "train" or "test", as registered
 * @param referenceLength {@link ProblemReduction#responseLength} of the reference rationale, null
 *     without one
 * @param referenceLogProbs the reference rationale's mean token log-prob under each iteration's sampling
 *     model, by iteration; only iterations where it was scored (none in journals before the scores)
 */
public record ProblemFacts(
        String problemId,
        String split,
        int difficultyBucket,
        Integer referenceLength,
        Map<Integer, Double> referenceLogProbs) {

    public static final String TRAIN = "train";

    public ProblemFacts {
        referenceLogProbs = referenceLogProbs == null ? Map.of() : Map.copyOf(referenceLogProbs);
    }

    public ProblemFacts(String problemId, String split, int difficultyBucket, Integer referenceLength) {
        this(problemId, split, difficultyBucket, referenceLength, Map.of());
    }

    public static ProblemFacts of(ProblemRegistered e) {
        return new ProblemFacts(
                e.problemId(),
                e.split(),
                e.difficultyBucket(),
                e.referenceRationale() == null ? null : ProblemReduction.responseLength(e.referenceRationale()));
    }

    /** These facts with the reference's score of one iteration, when it was scored. */
    public ProblemFacts with(ReferenceScored e) {
        if (e.meanLogProb() == null) {
            return this;
        }
        Map<Integer, Double> scores = new TreeMap<>(referenceLogProbs);
        scores.put(e.iteration(), e.meanLogProb());
        return new ProblemFacts(problemId, split, difficultyBucket, referenceLength, scores);
    }

    public boolean training() {
        return TRAIN.equals(split);
    }
}
