package lyceum.projections;

import com.datastax.oss.driver.api.core.cql.Row;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import lyceum.events.LyceumSerializable;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.projection.Projection;
import org.apache.pekko.projection.ProjectionId;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.javadsl.Handler;
import org.apache.pekko.projection.testkit.javadsl.ProjectionTestKit;
import org.apache.pekko.projection.testkit.javadsl.TestProjection;
import org.apache.pekko.projection.testkit.javadsl.TestSourceProvider;
import org.apache.pekko.stream.javadsl.Source;

/** Envelopes as the events-by-tag query delivers them, and test projections over them. */
public final class Envelopes {

    private Envelopes() {}

    /** Envelopes of the journal entries of the given type, sequence numbers per persistence id. */
    @SuppressWarnings("unchecked")
    public static <E> List<EventEnvelope<E>> of(List<ExperimentScript.Journaled> journal, Class<E> type) {
        Map<String, Long> sequence = new HashMap<>();
        List<EventEnvelope<E>> envelopes = new ArrayList<>();
        long offset = 0;
        for (ExperimentScript.Journaled j : journal) {
            long seq = sequence.merge(j.persistenceId(), 1L, Long::sum);
            offset++;
            if (type.isInstance(j.event())) {
                envelopes.add(EventEnvelope.create(
                        Offset.sequence(offset), j.persistenceId(), seq, (E) j.event(), 1_760_000_000_000L + offset));
            }
        }
        return envelopes;
    }

    public static <E extends LyceumSerializable> EventEnvelope<E> single(String persistenceId, long seq, E event) {
        return EventEnvelope.create(Offset.sequence(seq), persistenceId, seq, event, 1_760_000_000_000L + seq);
    }

    public static <E> Projection<EventEnvelope<E>> projection(
            String name, List<EventEnvelope<E>> envelopes, Supplier<Handler<EventEnvelope<E>>> handler) {
        TestSourceProvider<Offset, EventEnvelope<E>> source =
                TestSourceProvider.create(Source.from(envelopes), EventEnvelope::offset);
        return TestProjection.create(ProjectionId.of(name, "test"), source, handler);
    }

    /** Runs the projection until it has handled every one of its {@code count} envelopes. */
    public static void runAll(ProjectionTestKit kit, Projection<?> projection, int count) {
        kit.runWithTestSink(projection, sink -> {
            sink.request(count);
            for (int i = 0; i < count; i++) {
                sink.expectNext(Duration.ofSeconds(60));
            }
        });
    }

    /** A row as column name to value, for comparing whole rows. */
    public static Map<String, Object> columns(Row row) {
        Map<String, Object> columns = new LinkedHashMap<>();
        for (int i = 0; i < row.getColumnDefinitions().size(); i++) {
            columns.put(row.getColumnDefinitions().get(i).getName().asInternal(), row.getObject(i));
        }
        return columns;
    }
}
