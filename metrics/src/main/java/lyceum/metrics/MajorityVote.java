package lyceum.metrics;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * maj@k of one problem: the answer most frequent among the first k samples wins, and the problem counts
 * as solved when that answer is correct.
 */
public final class MajorityVote {

    private MajorityVote() {}

    /**
     * Whether the majority answer of the first {@code k} samples is correct. {@code answerKey} maps a
     * sample to its normalised answer (for example the grader's canonical form); a null key means no
     * answer was extracted, and such a sample does not vote. Ties go to the answer that occurred first.
     * The winning answer is judged by the grader's verdict on its first occurrence, since all samples
     * sharing a normalised answer share a verdict. False when no sample voted. Requires 1 <= k <= size.
     */
    public static <T> boolean majorityCorrect(
            List<T> samplesInOrder, Function<T, String> answerKey, Predicate<T> correct, int k) {
        if (k < 1 || k > samplesInOrder.size()) {
            throw new IllegalArgumentException("need 1 <= k <= " + samplesInOrder.size() + ", got k=" + k);
        }
        return winner(samplesInOrder.subList(0, k), answerKey)
                .map(correct::test)
                .orElse(false);
    }

    /**
     * The first occurrence of the most frequent answer among {@code samplesInOrder}; ties go to the
     * answer that occurred first; samples with a null key do not vote. Empty when no sample voted.
     */
    public static <T> Optional<T> winner(List<T> samplesInOrder, Function<T, String> answerKey) {
        // insertion order is first-occurrence order, which breaks ties
        Map<String, Integer> votes = new LinkedHashMap<>();
        Map<String, T> firstOccurrence = new HashMap<>();
        for (T sample : samplesInOrder) {
            String key = answerKey.apply(sample);
            if (key != null) {
                firstOccurrence.putIfAbsent(key, sample);
                votes.merge(key, 1, Integer::sum);
            }
        }
        String winner = null;
        int winnerVotes = 0;
        for (Map.Entry<String, Integer> vote : votes.entrySet()) {
            if (vote.getValue() > winnerVotes) {
                winner = vote.getKey();
                winnerVotes = vote.getValue();
            }
        }
        return winner == null ? Optional.empty() : Optional.of(firstOccurrence.get(winner));
    }
}
