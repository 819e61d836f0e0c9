package lyceum.metrics;

/**
 * How much best-of-N trusts a candidate answer: higher is better, NaN is unknown. The default is the
 * evaluated model's own confidence; a critic's journaled score can take its place.
 */
@FunctionalInterface
public interface CandidateScorer {

    /** The mean token log-prob of the candidate under the model that generated it. */
    CandidateScorer MEAN_LOG_PROB = EvaluationCandidate::meanLogProb;

    double score(EvaluationCandidate candidate);
}
