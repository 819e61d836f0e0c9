package lyceum.metrics.journal;

import lyceum.events.ProblemEvent.Sampled;

/**
 * What the metrics need of one sample: its grade from Sampled and its fate from Accepted or Rejected.
 *
 * @param hintDerived sampled under a hint (the Sampled event names a hint id)
 * @param meanLogProb mean token log-prob under the sampling model, NaN when unknown
 */
public record SampleFacts(
        String problemId,
        String sampleId,
        int round,
        int index,
        boolean correct,
        String extractedAnswer,
        String text,
        double meanLogProb,
        boolean hintDerived,
        Decision decision,
        Boolean stepsValid) {

    public static SampleFacts of(Sampled e) {
        return new SampleFacts(
                e.problemId(),
                e.sampleId(),
                e.round(),
                e.index(),
                e.correct(),
                e.extractedAnswer(),
                e.text(),
                e.meanLogProb(),
                e.hintId() != null,
                Decision.UNDECIDED,
                e.stepsValid());
    }

    public SampleFacts withDecision(Decision d) {
        return new SampleFacts(
                problemId,
                sampleId,
                round,
                index,
                correct,
                extractedAnswer,
                text,
                meanLogProb,
                hintDerived,
                d,
                stepsValid);
    }
}
