package lyceum.metrics;

/** The grader's verdict on the greedy (temperature 0) answer of one evaluation problem. */
public record GreedyResult(String split, String problemId, boolean correct) {}
