package lyceum.projections;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import lyceum.events.ProblemEvent;
import lyceum.events.ProblemEvent.Corrected;
import org.apache.pekko.Done;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.javadsl.Handler;

/** Keeps {@link CorrectionTable}: an upsert per Corrected, keyed by the refined sample id. */
public final class CorrectionHandler extends Handler<EventEnvelope<ProblemEvent>> {

    private final ReadSide readSide;

    public CorrectionHandler(ReadSide readSide) {
        this.readSide = readSide;
    }

    @Override
    public CompletionStage<Done> process(EventEnvelope<ProblemEvent> envelope) {
        if (envelope.event() instanceof Corrected corrected) {
            return readSide.corrections().thenCompose(table -> table.upsert(corrected));
        }
        return CompletableFuture.completedFuture(Done.getInstance());
    }
}
