package lyceum.metrics;

import java.util.Collection;
import java.util.Collections;
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
      accuracy.put(e.getKey(), (double) e.getValue()[0] / e.getValue()[1]);
    }
    return Collections.unmodifiableSortedMap(accuracy);
  }
}
