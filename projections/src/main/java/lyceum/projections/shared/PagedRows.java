package lyceum.projections.shared;

import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The rows of an asynchronous query, page by page: the first page may already be in flight while the
 * reader works on something else; later pages are fetched when reached. Holds one page at a time.
 * Blocking: iterate on a thread that may block, never on a driver thread.
 */
public final class PagedRows<T> implements Iterator<T> {

    private final Function<Row, T> mapper;
    private CompletionStage<AsyncResultSet> pending;
    private AsyncResultSet page;
    private Iterator<Row> rows;

    public PagedRows(CompletionStage<AsyncResultSet> firstPage, Function<Row, T> mapper) {
        this.pending = firstPage;
        this.mapper = mapper;
    }

    @Override
    public boolean hasNext() {
        while (true) {
            if (pending != null) {
                page = pending.toCompletableFuture().join();
                rows = page.currentPage().iterator();
                pending = null;
            }
            if (rows.hasNext()) {
                return true;
            }
            if (!page.hasMorePages()) {
                return false;
            }
            pending = page.fetchNextPage();
        }
    }

    @Override
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return mapper.apply(rows.next());
    }
}
