package lyceum.metrics.journal;

import lyceum.events.ProblemEvent.EvaluationSampled;

/** What the test-time metrics need of one sampled evaluation answer. */
public record EvaluationSampleFacts(
        String problemId, String split, int index, String extractedAnswer, boolean correct, double meanLogProb) {

    public static EvaluationSampleFacts of(EvaluationSampled e) {
        return new EvaluationSampleFacts(
                e.problemId(), e.evaluationSplit(), e.index(), e.extractedAnswer(), e.correct(), e.meanLogProb());
    }
}
