package lyceum.projections.correction;

import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import lyceum.events.ProblemEvent;
import lyceum.events.ProblemEvent.Corrected;
import lyceum.projections.shared.ShardedTable.PerIteration;
import lyceum.projections.shared.TaggedProjections;
import org.apache.pekko.Done;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.javadsl.Handler;

/** Keeps {@link CorrectionTable}: an upsert per Corrected, keyed by the refined sample id. */
public final class CorrectionHandler extends Handler<EventEnvelope<ProblemEvent>> {

    /** The projection of the problem tags that runs this handler. */
    public static final String PROJECTION = "corrections";

    private final Supplier<CompletionStage<PerIteration<Corrected>>> table;

    public CorrectionHandler(Supplier<CompletionStage<PerIteration<Corrected>>> table) {
        this.table = table;
    }

    @Override
    public CompletionStage<Done> process(EventEnvelope<ProblemEvent> envelope) {
        if (envelope.event() instanceof Corrected corrected) {
            return table.get().thenCompose(t -> t.upsert(corrected));
        }
        return TaggedProjections.skip();
    }
}
