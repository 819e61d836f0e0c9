package lyceum.metrics;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** Per-sample quantities and difficulty shares for comparing accepted data with original data. */
public final class TailStats {

    private TailStats() {}

    /** Perplexity = exp(mean negative token log-prob) = exp(-meanLogProb), natural logs. */
    public static double perplexity(double meanLogProb) {
        return Math.exp(-meanLogProb);
    }

    /** Share of items per difficulty bucket, ascending by bucket; shares sum to 1 (empty for none). */
    public static SortedMap<Integer, Double> bucketShares(int[] bucketPerItem) {
        TreeMap<Integer, Integer> counts = new TreeMap<>();
        for (int bucket : bucketPerItem) {
            counts.merge(bucket, 1, Integer::sum);
        }
        return shares(counts);
    }

    /** Share per bucket from item counts per bucket, ascending by bucket (empty when all are 0). */
    public static SortedMap<Integer, Double> shares(Map<Integer, ? extends Number> countPerBucket) {
        double total = 0;
        for (Number n : countPerBucket.values()) {
            total += n.doubleValue();
        }
        TreeMap<Integer, Double> shares = new TreeMap<>();
        if (total > 0) {
            for (Map.Entry<Integer, ? extends Number> e : countPerBucket.entrySet()) {
                shares.put(e.getKey(), e.getValue().doubleValue() / total);
            }
        }
        return Collections.unmodifiableSortedMap(shares);
    }
}
