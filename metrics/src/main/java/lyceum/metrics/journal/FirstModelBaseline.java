package lyceum.metrics.journal;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import lyceum.metrics.ImprovementBaseline;
import lyceum.metrics.PassCounts;

/**
 * M_1's results, against which the improvement set IS(t) is measured: its greedy verdicts (iteration 1
 * evaluates M_1) and its round-0 sample counts (iteration 2 samples with M_1). Sample counts are kept
 * only for problems M_1 got wrong, the only ones an improvement set can hold.
 */
public final class FirstModelBaseline {

    public static final int GREEDY_ITERATION = 1;
    public static final int SAMPLES_ITERATION = 2;

    private final Map<String, Boolean> greedy = new HashMap<>();
    private final Map<String, PassCounts> samples = new HashMap<>();

    /** Feed the evaluations of {@link #GREEDY_ITERATION} first. */
    public void evaluation(EvaluationFacts e) {
        ProblemReduction.greedy(e, null).ifPresent(g -> greedy.put(g.problemId(), g.correct()));
    }

    /** Whether the round-0 counts of this problem in {@link #SAMPLES_ITERATION} are needed. */
    public boolean wants(String problemId) {
        return Boolean.FALSE.equals(greedy.get(problemId));
    }

    public void samples(String problemId, PassCounts roundZero) {
        if (wants(problemId)) {
            samples.put(problemId, roundZero);
        }
    }

    /** Problems M_1 answered wrongly, whose round-0 counts {@link #samples} keeps. */
    public Set<String> wrongGreedy() {
        Set<String> wrong = new TreeSet<>();
        greedy.forEach((problemId, correct) -> {
            if (!correct) {
                wrong.add(problemId);
            }
        });
        return wrong;
    }

    /**
     * The baseline for iteration t: none before M_1 exists or before it was evaluated; M_1's samples only
     * from iteration 2 on (IS(1) compares M_1 with itself and is empty anyway).
     */
    public ImprovementBaseline forIteration(int iteration) {
        if (iteration < GREEDY_ITERATION || greedy.isEmpty()) {
            return null;
        }
        return new ImprovementBaseline(greedy, iteration >= SAMPLES_ITERATION ? samples : Map.of());
    }
}
