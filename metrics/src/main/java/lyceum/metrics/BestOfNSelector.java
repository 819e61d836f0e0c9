package lyceum.metrics;

import java.util.List;
import java.util.Optional;

/**
 * The candidate with the highest score wins, with or without an extracted answer; a tie goes to the
 * lowest index, and an unknown (NaN) score ranks below every known one. Empty only when there are no
 * candidates.
 */
public final class BestOfNSelector implements AnswerSelector {

    private final CandidateScorer scorer;

    public BestOfNSelector(CandidateScorer scorer) {
        this.scorer = scorer;
    }

    @Override
    public String key() {
        return "best-of-n";
    }

    @Override
    public Optional<EvaluationCandidate> select(List<EvaluationCandidate> candidates) {
        EvaluationCandidate best = null;
        double bestScore = Double.NaN;
        for (EvaluationCandidate c : candidates) {
            double score = scorer.score(c);
            boolean better = best == null || (!Double.isNaN(score) && (Double.isNaN(bestScore) || score > bestScore));
            if (better) {
                best = c;
                bestScore = score;
            }
        }
        return Optional.ofNullable(best);
    }
}
