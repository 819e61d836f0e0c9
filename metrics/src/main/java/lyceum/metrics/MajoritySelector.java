package lyceum.metrics;

import java.util.List;
import java.util.Optional;

/**
 * The most frequent answer key wins; a tie goes to the answer whose first occurrence has the lowest
 * index, and the first occurrence is the pick. Candidates without an answer do not vote; none is picked
 * when no candidate has an answer.
 */
public final class MajoritySelector implements AnswerSelector {

    @Override
    public String key() {
        return "majority";
    }

    @Override
    public Optional<EvaluationCandidate> select(List<EvaluationCandidate> candidates) {
        return MajorityVote.winner(candidates, EvaluationCandidate::answerKey);
    }
}
