package lyceum.metrics;

/**
 * The grader's verdict on the greedy (temperature 0) answer of one evaluation problem.
 *
 * @param difficultyBucket the problem's difficulty bucket, null when its registration is unknown
 */
public record GreedyResult(String split, String problemId, boolean correct, Integer difficultyBucket) {

    public GreedyResult(String split, String problemId, boolean correct) {
        this(split, problemId, correct, null);
    }
}
