package lyceum.problem;

import java.util.LinkedHashMap;
import java.util.Map;
import lyceum.workers.GenerationPool;

/**
 * Generations received and not yet journaled, by request. A batch's generations reach a problem
 * together: the first one schedules a single journal write ({@code schedule}, a message to the entity,
 * so it queues behind the rest already in the mailbox), which then takes them all with one persistAll.
 */
final class Arrivals<K> {

  private final Map<K, GenerationPool.Generated> waiting = new LinkedHashMap<>();
  private final Runnable schedule;

  Arrivals(Runnable schedule) {
    this.schedule = schedule;
  }

  void add(K key, GenerationPool.Generated generated) {
    if (waiting.isEmpty()) {
      schedule.run();
    }
    waiting.putIfAbsent(key, generated);
  }

  /** Everything received since the last call, in order of arrival. */
  Map<K, GenerationPool.Generated> take() {
    Map<K, GenerationPool.Generated> taken = new LinkedHashMap<>(waiting);
    waiting.clear();
    return taken;
  }
}
