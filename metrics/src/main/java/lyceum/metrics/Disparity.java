package lyceum.metrics;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Accuracy per difficulty bucket and its spread: the generalisation disparity across groups that
 * Wu et al. 2024 see widen as self-improvement favours easy problems.
 *
 * @param spread max - min accuracy over buckets; null without buckets
 * @param standardDeviation population standard deviation of the bucket accuracies (each bucket
 *     weighs the same, whatever its size); null without buckets
 */
public record Disparity(
        @JsonProperty("accuracy_by_bucket") Map<Integer, Double> accuracyByBucket,
        @JsonProperty("spread") Double spread,
        @JsonProperty("standard_deviation") Double standardDeviation) {

    /** Accuracy per bucket = mean score of its items; then {@link #of(Map)}. */
    public static Disparity fromScores(Collection<BucketScore> scores) {
        TreeMap<Integer, double[]> sumAndCount = new TreeMap<>();
        for (BucketScore s : scores) {
            double[] acc = sumAndCount.computeIfAbsent(s.difficultyBucket(), b -> new double[2]);
            acc[0] += s.score();
            acc[1]++;
        }
        TreeMap<Integer, Double> accuracy = new TreeMap<>();
        sumAndCount.forEach((bucket, acc) -> accuracy.put(bucket, acc[0] / acc[1]));
        return of(accuracy);
    }

    public static Disparity of(Map<Integer, Double> accuracyByBucket) {
        SortedMap<Integer, Double> sorted = Collections.unmodifiableSortedMap(new TreeMap<>(accuracyByBucket));
        if (sorted.isEmpty()) {
            return new Disparity(sorted, null, null);
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        for (double a : sorted.values()) {
            min = Math.min(min, a);
            max = Math.max(max, a);
            sum += a;
        }
        double mean = sum / sorted.size();
        double squares = 0;
        for (double a : sorted.values()) {
            squares += (a - mean) * (a - mean);
        }
        return new Disparity(sorted, max - min, Math.sqrt(squares / sorted.size()));
    }
}
