package lyceum.projections.shared;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;

/** Small helpers for the read-side tables' statements. */
public final class Cql {

    private Cql() {}

    /** Prepares all statements without blocking (handlers may run on the driver's own threads). */
    public static CompletionStage<List<PreparedStatement>> prepare(CqlSession session, String... statements) {
        List<CompletableFuture<PreparedStatement>> futures = new ArrayList<>();
        for (String statement : statements) {
            futures.add(session.prepareAsync(statement).toCompletableFuture());
        }
        return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                .thenApply(
                        ignored -> futures.stream().map(CompletableFuture::join).toList());
    }

    /**
     * Binds the values; null ones stay unset rather than null, so an upsert of some columns never writes
     * tombstones over the others. Every read-side write is an upsert, hence idempotent.
     */
    public static BoundStatement bind(PreparedStatement statement, Object... values) {
        BoundStatement bound = statement.bind(values);
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                bound = bound.unset(i);
            }
        }
        return bound.setIdempotent(true);
    }

    public static CompletionStage<Done> write(CqlSession session, BoundStatement statement) {
        return session.executeAsync(statement).thenApply(ignored -> Done.getInstance());
    }

    public static CompletionStage<AsyncResultSet> read(CqlSession session, BoundStatement statement) {
        return session.executeAsync(statement.setIdempotent(true));
    }
}
