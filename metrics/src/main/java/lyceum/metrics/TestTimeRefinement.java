package lyceum.metrics;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * How much a critic helps at test time, in one evaluation split: greedy accuracy next to the accuracy
 * after critique-then-refine, how often the critic flagged an answer (overall, among wrong and among
 * right greedy answers), and P(right after | wrong before) and P(right after | right before) over all
 * greedy answers (an answer not flagged keeps its verdict). A rate over no answer is null.
 */
public record TestTimeRefinement(
        @JsonProperty("problems") int problems,
        @JsonProperty("greedy_accuracy") Double greedyAccuracy,
        @JsonProperty("accuracy_after_refine") Double accuracyAfterRefine,
        @JsonProperty("flagged") Double flagged,
        @JsonProperty("flagged_given_wrong") Double flaggedGivenWrong,
        @JsonProperty("flagged_given_right") Double flaggedGivenRight,
        @JsonProperty("right_after_given_wrong_before") Double rightAfterGivenWrongBefore,
        @JsonProperty("right_after_given_right_before") Double rightAfterGivenRightBefore) {

    /** The figures per split, in ascending split order; empty when no answer was refined. */
    public static SortedMap<String, TestTimeRefinement> bySplit(Collection<RefinementOutcome> outcomes) {
        TreeMap<String, List<RefinementOutcome>> bySplit = new TreeMap<>();
        outcomes.forEach(
                o -> bySplit.computeIfAbsent(o.split(), s -> new ArrayList<>()).add(o));
        TreeMap<String, TestTimeRefinement> out = new TreeMap<>();
        bySplit.forEach((split, list) -> out.put(split, of(list)));
        return Collections.unmodifiableSortedMap(out);
    }

    /** The figures of one split's answers. */
    public static TestTimeRefinement of(Collection<RefinementOutcome> outcomes) {
        List<RefinementOutcome> wrong =
                outcomes.stream().filter(o -> !o.rightBefore()).toList();
        List<RefinementOutcome> right =
                outcomes.stream().filter(RefinementOutcome::rightBefore).toList();
        return new TestTimeRefinement(
                outcomes.size(),
                share(outcomes, RefinementOutcome::rightBefore),
                share(outcomes, RefinementOutcome::rightAfter),
                share(outcomes, RefinementOutcome::flagged),
                share(wrong, RefinementOutcome::flagged),
                share(right, RefinementOutcome::flagged),
                share(wrong, RefinementOutcome::rightAfter),
                share(right, RefinementOutcome::rightAfter));
    }

    private static Double share(Collection<RefinementOutcome> outcomes, Predicate<RefinementOutcome> which) {
        return outcomes.isEmpty()
                ? null
                : (double) outcomes.stream().filter(which).count() / outcomes.size();
    }
}
