package lyceum.benchmarks;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import lyceum.replay.JournalReader;

/**
 * The replay benchmark's baseline: the same journal rows read with the plain Cassandra driver and the
 * same queries as replay's reader (a persistence id's partitions two at a time), the event blob of every
 * row touched but not deserialised, several persistence ids at once.
 */
final class DriverScan {

    /** Rows per page, as the journal query fetches (max-buffer-size). */
    private static final int PAGE = 500;

    record Result(long rows, long bytes, double seconds) {
        double rowsPerSecond() {
            return rows / seconds;
        }
    }

    private DriverScan() {}

    /** Every row of every persistence id of the experiment (listed from all_persistence_ids, as replay does). */
    static Result scan(CqlSession session, String journalKeyspace, String experimentId, int parallelism) {
        long start = System.nanoTime();
        List<String> ids = new ArrayList<>();
        String problemPrefix = "Problem|" + experimentId + "|";
        String experimentPid = JournalReader.experimentPersistenceId(experimentId);
        for (Row row : session.execute("SELECT persistence_id FROM " + journalKeyspace + ".all_persistence_ids")) {
            String id = row.getString(0);
            if (id.startsWith(problemPrefix) || id.equals(experimentPid)) {
                ids.add(id);
            }
        }
        PreparedStatement select = session.prepare("SELECT event FROM " + journalKeyspace
                + ".messages WHERE persistence_id = ? AND partition_nr IN (?, ?)");
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(parallelism);
        try {
            List<Future<long[]>> workers = new ArrayList<>();
            for (int w = 0; w < parallelism; w++) {
                workers.add(pool.submit(() -> {
                    long rows = 0;
                    long bytes = 0;
                    for (int i = next.getAndIncrement(); i < ids.size(); i = next.getAndIncrement()) {
                        // A persistence id spans partitions 0, 1, ... (target-partition-size events each), read
                        // two at a time as replay reads them.
                        for (long partition = 0; ; partition += 2) {
                            long before = rows;
                            for (Row row : session.execute(select.bind(ids.get(i), partition, partition + 1)
                                    .setPageSize(PAGE))) {
                                ByteBuffer event = row.getByteBuffer(0);
                                bytes += event == null ? 0 : event.remaining();
                                rows++;
                            }
                            if (rows == before) {
                                break;
                            }
                        }
                    }
                    return new long[] {rows, bytes};
                }));
            }
            long rows = 0;
            long bytes = 0;
            for (Future<long[]> worker : workers) {
                long[] counts = worker.get();
                rows += counts[0];
                bytes += counts[1];
            }
            return new Result(rows, bytes, (System.nanoTime() - start) / 1e9);
        } catch (Exception e) {
            throw new IllegalStateException("scanning the journal failed: " + e.getMessage(), e);
        } finally {
            pool.shutdownNow();
        }
    }
}
