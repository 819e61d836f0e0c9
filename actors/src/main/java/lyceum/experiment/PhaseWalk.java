package lyceum.experiment;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import lyceum.events.IterationCounts;

/**
 * Walks a phase over problems 0..total-1 with at most {@code window} in flight. Results may arrive in
 * any order; the watermark is the first index not yet done, and {@link #counters()} sums exactly the
 * results below it. That pair is what the coordinator journals, so a restart redoes only the work
 * above the watermark and counts nothing twice. Each index in flight has an attempt number: an answer
 * to an earlier attempt than the current one is stale, so one index is never asked twice at once.
 */
final class PhaseWalk {

    private final int total;
    private final int window;
    private int watermark;
    private int next;
    private IterationCounts counters;
    private final Set<Integer> inFlight = new HashSet<>();
    private final Map<Integer, Integer> attempts = new HashMap<>();
    private final TreeMap<Integer, IterationCounts> doneAbove = new TreeMap<>();

    PhaseWalk(int total, int watermark, IterationCounts counters, int window) {
        this.total = total;
        this.window = window;
        this.watermark = watermark;
        this.next = watermark;
        this.counters = counters;
    }

    /** Indices to start now, filling the window. */
    List<Integer> dispatchable() {
        List<Integer> start = new ArrayList<>();
        while (next < total && inFlight.size() + doneAbove.size() < window) {
            inFlight.add(next);
            start.add(next++);
        }
        return start;
    }

    /** Records a result; false when the index was already done (a repeated answer). */
    boolean complete(int index, IterationCounts delta) {
        if (index < watermark || doneAbove.containsKey(index)) {
            return false;
        }
        inFlight.remove(index);
        attempts.remove(index);
        doneAbove.put(index, delta);
        while (doneAbove.containsKey(watermark)) {
            counters = counters.plus(doneAbove.remove(watermark));
            watermark++;
        }
        return true;
    }

    boolean isInFlight(int index) {
        return inFlight.contains(index);
    }

    /** The attempt now asking for an index in flight: 1 at first. */
    int attempt(int index) {
        return attempts.getOrDefault(index, 1);
    }

    /** Whether {@code attempt} is the current attempt of an index in flight (not a stale answer). */
    boolean isCurrent(int index, int attempt) {
        return inFlight.contains(index) && attempt(index) == attempt;
    }

    /** Moves an index in flight on to its next attempt and returns that attempt's number. */
    int nextAttempt(int index) {
        return attempts.merge(index, 2, (now, ignored) -> now + 1);
    }

    boolean done() {
        return watermark >= total;
    }

    int watermark() {
        return watermark;
    }

    int total() {
        return total;
    }

    int inFlightCount() {
        return inFlight.size();
    }

    IterationCounts counters() {
        return counters;
    }
}
