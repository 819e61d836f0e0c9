package lyceum.metrics;

/** A score in [0, 1] (a problem's pass@1, or 1/0 for a greedy verdict) in a difficulty bucket. */
public record BucketScore(int difficultyBucket, double score) {}
