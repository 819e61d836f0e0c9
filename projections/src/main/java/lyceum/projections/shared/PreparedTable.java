package lyceum.projections.shared;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;

/**
 * What every read-side table holds: the node's session and its statements, prepared once in the order
 * the table lists them, each run by its index as an idempotent write or read.
 */
public abstract class PreparedTable {

    private final CqlSession session;
    private final List<PreparedStatement> statements;

    protected PreparedTable(CqlSession session, List<PreparedStatement> statements) {
        this.session = session;
        this.statements = statements;
    }

    /** Runs the upsert prepared at {@code statement}; null values leave their columns as they are. */
    protected final CompletionStage<Done> write(int statement, Object... values) {
        return Cql.write(session, Cql.bind(statements.get(statement), values));
    }

    protected final CompletionStage<AsyncResultSet> read(int statement, Object... values) {
        return Cql.read(session, Cql.bind(statements.get(statement), values));
    }

    /** Blocking read of every row, for a thread that may block. */
    protected final Iterable<Row> readNow(int statement, Object... values) {
        return session.execute(Cql.bind(statements.get(statement), values));
    }
}
