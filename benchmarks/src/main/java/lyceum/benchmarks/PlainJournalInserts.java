package lyceum.benchmarks;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatementBuilder;
import com.datastax.oss.driver.api.core.cql.ColumnDefinitions;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The baseline of the journal benchmark: the rows the problem actors journaled, written again under
 * other persistence ids into the same {@code messages} table by the plain driver, asynchronously with a
 * bounded number in flight. Values are copied byte for byte; columns the journal left empty stay unset
 * (binding null would write tombstones the journal does not).
 */
final class PlainJournalInserts {

    /** The journal rows of one persistence id. */
    record Partition(List<Row> rows) {}

    private final CqlSession session;
    private final String keyspace;
    private final int inFlight;

    PlainJournalInserts(CqlSession session, String keyspace, int inFlight) {
        this.session = session;
        this.keyspace = keyspace;
        this.inFlight = inFlight;
    }

    /** The rows of each persistence id from {@code fromSequenceNr} on (the journal's first partition). */
    List<Partition> read(List<String> persistenceIds, long fromSequenceNr) {
        PreparedStatement select = session.prepare("SELECT * FROM " + keyspace + ".messages"
                + " WHERE persistence_id = ? AND partition_nr = 0 AND sequence_nr >= ?");
        List<Partition> partitions = new ArrayList<>();
        for (String id : persistenceIds) {
            partitions.add(new Partition(
                    session.execute(select.bind(id, fromSequenceNr)).all()));
        }
        return partitions;
    }

    /**
     * Writes {@code copies} partitions, copy c holding the rows of template c modulo their number under
     * persistence id {@code prefix + c}; returns the nanoseconds from the first request to the last answer.
     */
    long write(List<Partition> templates, int copies, String prefix) {
        ColumnDefinitions columns = templates.get(0).rows().get(0).getColumnDefinitions();
        List<String> names = new ArrayList<>();
        columns.forEach(c -> names.add(c.getName().asCql(true)));
        PreparedStatement insert = session.prepare("INSERT INTO " + keyspace + ".messages (" + String.join(", ", names)
                + ") VALUES (" + String.join(", ", names.stream().map(n -> "?").toList()) + ")");
        int idColumn = names.indexOf("persistence_id");
        Semaphore window = new Semaphore(inFlight);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long start = System.nanoTime();
        for (int c = 0; c < copies && failure.get() == null; c++) {
            String persistenceId = prefix + c;
            for (Row row : templates.get(c % templates.size()).rows()) {
                BoundStatementBuilder bound =
                        insert.boundStatementBuilder().setConsistencyLevel(ConsistencyLevel.QUORUM);
                for (int i = 0; i < names.size(); i++) {
                    ByteBuffer value = row.getBytesUnsafe(i);
                    if (i == idColumn) {
                        bound.setString(i, persistenceId);
                    } else if (value != null) {
                        bound.setBytesUnsafe(i, value.duplicate());
                    }
                }
                window.acquireUninterruptibly();
                session.executeAsync(bound.build()).whenComplete((result, error) -> {
                    if (error != null) {
                        failure.compareAndSet(null, error);
                    }
                    window.release();
                });
            }
        }
        window.acquireUninterruptibly(inFlight);
        long nanos = System.nanoTime() - start;
        if (failure.get() != null) {
            throw new IllegalStateException("a plain insert failed: " + failure.get(), failure.get());
        }
        return nanos;
    }

    static int rowCount(List<Partition> partitions, int copies) {
        int rows = 0;
        for (int c = 0; c < copies; c++) {
            rows += partitions.get(c % partitions.size()).rows().size();
        }
        return rows;
    }
}
