package lyceum.metrics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** Greedy accuracy per evaluation split (for example held-in, held-out). */
public final class GreedyAccuracy {

    private GreedyAccuracy() {}

    /** Share of correct greedy answers per split, keyed by split name in ascending order. */
    public static SortedMap<String, Double> bySplit(Collection<GreedyResult> results) {
        TreeMap<String, int[]> correctAndTotal = new TreeMap<>();
        for (GreedyResult r : results) {
            int[] counts = correctAndTotal.computeIfAbsent(r.split(), s -> new int[2]);
            counts[0] += r.correct() ? 1 : 0;
            counts[1]++;
        }
        TreeMap<String, Double> accuracy = new TreeMap<>();
        for (Map.Entry<String, int[]> e : correctAndTotal.entrySet()) {
            accuracy.put(e.getKey(), share(e.getValue()[0], e.getValue()[1]));
        }
        return Collections.unmodifiableSortedMap(accuracy);
    }

    /** Share of correct greedy answers per split and difficulty bucket (results without a bucket left out). */
    public static SortedMap<String, SortedMap<Integer, Double>> byBucket(Collection<GreedyResult> results) {
        TreeMap<String, List<GreedyResult>> bySplit = new TreeMap<>();
        results.stream()
                .filter(r -> r.difficultyBucket() != null)
                .forEach(r -> bySplit.computeIfAbsent(r.split(), s -> new ArrayList<>())
                        .add(r));
        TreeMap<String, SortedMap<Integer, Double>> accuracy = new TreeMap<>();
        bySplit.forEach((split, inSplit) -> {
            TreeMap<Integer, Double> perBucket = new TreeMap<>();
            TreeMap<Integer, long[]> counts = new TreeMap<>();
            inSplit.forEach(r -> {
                long[] c = counts.computeIfAbsent(r.difficultyBucket(), b -> new long[2]);
                c[0] += r.correct() ? 1 : 0;
                c[1]++;
            });
            counts.forEach((bucket, c) -> perBucket.put(bucket, share(c[0], c[1])));
            accuracy.put(split, Collections.unmodifiableSortedMap(perBucket));
        });
        return Collections.unmodifiableSortedMap(accuracy);
    }

    /**
     * Share of correct greedy answers among {@code total} (at least 1): the coordinator counts them
     * while it evaluates and journals this as its accuracy.
     */
    public static double share(long correct, long total) {
        return (double) correct / total;
    }
}
