package lyceum.metrics;

import java.util.List;
import java.util.Optional;

/**
 * Picks one answer among a problem's sampled evaluation answers; the problem counts as solved when the
 * picked answer is correct. Selection is a function of journaled facts alone, so the read side, replay
 * and tests all derive the same pick.
 */
public interface AnswerSelector {

    /** Majority vote, ties to the answer that occurred first ({@link MajorityVote#winner}). */
    AnswerSelector MAJORITY = new MajoritySelector();

    /** Best-of-N by the model's mean token log-prob. */
    AnswerSelector BEST_OF_N = new BestOfNSelector(CandidateScorer.MEAN_LOG_PROB);

    /** The selectors every test-time evaluation reports. */
    List<AnswerSelector> STANDARD = List.of(MAJORITY, BEST_OF_N);

    /** Its name in metrics ("majority", "best-of-n"). */
    String key();

    /** The picked candidate; empty when none qualifies. {@code candidates} are in index order. */
    Optional<EvaluationCandidate> select(List<EvaluationCandidate> candidates);
}
