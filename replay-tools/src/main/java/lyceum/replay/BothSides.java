package lyceum.replay;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import lyceum.metrics.IterationMetrics;

/** What the comparisons of two sides share: the sides' metrics by iteration and the keys of either side. */
final class BothSides {

    private BothSides() {}

    static Map<Integer, IterationMetrics> byIteration(List<IterationMetrics> metrics) {
        Map<Integer, IterationMetrics> map = new TreeMap<>();
        metrics.forEach(m -> map.put(m.iteration(), m));
        return map;
    }

    /** The keys either side has, in order. */
    static <K extends Comparable<K>> TreeSet<K> keys(Map<K, ?> a, Map<K, ?> b) {
        TreeSet<K> keys = new TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        return keys;
    }
}
