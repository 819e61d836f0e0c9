package lyceum.projections;

import lyceum.events.ProblemEvent.ProblemRegistered;

/**
 * What the metrics need of a registered problem, from its ProblemRegistered event or its row.
 *
 * @param split "train" or "test", as registered
 * @param referenceLength {@link ProblemReduction#responseLength} of the reference rationale, null
 *     without one
 */
public record ProblemFacts(
    String problemId, String split, int difficultyBucket, Integer referenceLength) {

  public static final String TRAIN = "train";

  public static ProblemFacts of(ProblemRegistered e) {
    return new ProblemFacts(
        e.problemId(),
        e.split(),
        e.difficultyBucket(),
        e.referenceRationale() == null
            ? null
            : ProblemReduction.responseLength(e.referenceRationale()));
  }

  public boolean training() {
    return TRAIN.equals(split);
  }
}
