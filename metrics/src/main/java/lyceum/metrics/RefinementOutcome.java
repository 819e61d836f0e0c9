package lyceum.metrics;

/**
 * Critique-then-refine of one greedy evaluation answer: the grader's verdict on the greedy answer
 * ({@code rightBefore}), whether the critic flagged it, and the verdict on the answer kept after it (the
 * refined one when flagged, else the greedy one).
 */
public record RefinementOutcome(
        String split, String problemId, boolean rightBefore, boolean flagged, boolean rightAfter) {}
