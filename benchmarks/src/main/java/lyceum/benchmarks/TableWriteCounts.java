package lyceum.benchmarks;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes and reads Cassandra has applied per table of one keyspace, from its virtual tables
 * ({@code system_views.local_write_latency}, {@code local_read_latency}): the difference over a phase
 * shows how many mutations each journaled event costs. A batch on one partition counts once.
 */
final class TableWriteCounts {

    private final CqlSession session;
    private final String keyspace;

    TableWriteCounts(CqlSession session, String keyspace) {
        this.session = session;
        this.keyspace = keyspace;
    }

    /** "writes:table" and "reads:table" to their counts so far. */
    Map<String, Long> read() {
        Map<String, Long> counts = new TreeMap<>();
        add(counts, "writes:", "system_views.local_write_latency");
        add(counts, "reads:", "system_views.local_read_latency");
        return counts;
    }

    /** The counts that grew since {@code earlier}, divided by {@code per}. */
    static Map<String, Double> perUnit(Map<String, Long> earlier, Map<String, Long> later, long per) {
        Map<String, Double> out = new TreeMap<>();
        later.forEach((key, count) -> {
            long delta = count - earlier.getOrDefault(key, 0L);
            if (delta > 0) {
                out.put(key, Math.round(1000.0 * delta / per) / 1000.0);
            }
        });
        return out;
    }

    private void add(Map<String, Long> counts, String prefix, String view) {
        for (Row row :
                session.execute("SELECT table_name, count FROM " + view + " WHERE keyspace_name = ?", keyspace)) {
            counts.put(prefix + row.getString("table_name"), row.getLong("count"));
        }
    }
}
