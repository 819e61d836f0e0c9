package lyceum.metrics;

/**
 * One correction (a Corrected event: critique-and-refine or reflect-and-retry): whether the sample was
 * right before it and whether the refined sample is right after it.
 *
 * @param refinedSampleId identity of the refined sample, so a redelivered event is counted once
 */
public record CorrectionOutcome(String refinedSampleId, boolean rightBefore, boolean rightAfter) {}
