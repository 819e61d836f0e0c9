package lyceum.metrics;

/**
 * One sampled evaluation answer of one problem, as a selector sees it.
 *
 * @param index its index among the problem's sampled answers (the order of ties)
 * @param answerKey its normalised extracted answer, null when none was extracted (it does not vote)
 * @param correct the grader's verdict
 * @param meanLogProb mean token log-prob under the evaluated model, NaN when unknown
 */
public record EvaluationCandidate(int index, String answerKey, boolean correct, double meanLogProb) {}
