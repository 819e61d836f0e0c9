package lyceum.projections;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import lyceum.events.ProblemEvent;
import lyceum.events.ProblemEvent.ProblemRegistered;
import lyceum.events.ProblemEvent.ReferenceScored;
import org.apache.pekko.Done;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.javadsl.Handler;

/**
 * Keeps {@link ProblemTable}: an upsert per ProblemRegistered, keyed by problem, and the reference's
 * score of each iteration from ReferenceScored.
 */
public final class ProblemRegistrationHandler extends Handler<EventEnvelope<ProblemEvent>> {

    private final ReadSide readSide;

    public ProblemRegistrationHandler(ReadSide readSide) {
        this.readSide = readSide;
    }

    @Override
    public CompletionStage<Done> process(EventEnvelope<ProblemEvent> envelope) {
        if (envelope.event() instanceof ProblemRegistered registered) {
            return readSide.problems().thenCompose(table -> table.upsert(registered));
        }
        if (envelope.event() instanceof ReferenceScored scored && scored.meanLogProb() != null) {
            return readSide.problems().thenCompose(table -> table.referenceScored(scored));
        }
        return CompletableFuture.completedFuture(Done.getInstance());
    }
}
