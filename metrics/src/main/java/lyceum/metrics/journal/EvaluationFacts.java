package lyceum.metrics.journal;

import lyceum.events.ProblemEvent;

/** One graded evaluation answer: split "held-out" or "held-in", mode "greedy" or another. */
public record EvaluationFacts(String problemId, String split, String mode, boolean correct) {

    public static EvaluationFacts of(ProblemEvent.Evaluated e) {
        return new EvaluationFacts(e.problemId(), e.evaluationSplit(), e.mode(), e.correct());
    }
}
