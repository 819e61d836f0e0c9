package lyceum.problem;

import java.util.LinkedHashMap;
import java.util.Map;
import lyceum.grading.Verdict;
import lyceum.workers.GenerationPool;

/**
 * Generations received and not yet journaled, by request. A batch's generations reach a problem
 * together: the first one schedules a single journal write ({@code schedule}, a message to the entity,
 * so it queues behind the rest already in the mailbox), which then takes them all with one persistAll.
 */
final class Arrivals<K> {

    /** A generation with the verdict on its answer, graded before it arrives here. */
    record Graded(GenerationPool.Generated generated, Verdict verdict) {}

    private final Map<K, Graded> waiting = new LinkedHashMap<>();
    private final Runnable schedule;

    Arrivals(Runnable schedule) {
        this.schedule = schedule;
    }

    void add(K key, GenerationPool.Generated generated, Verdict verdict) {
        if (waiting.isEmpty()) {
            schedule.run();
        }
        waiting.putIfAbsent(key, new Graded(generated, verdict));
    }

    /** Everything received since the last call, in order of arrival. */
    Map<K, Graded> take() {
        Map<K, Graded> taken = new LinkedHashMap<>(waiting);
        waiting.clear();
        return taken;
    }
}
