package lyceum.projections.problem;

import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import lyceum.events.ProblemEvent;
import lyceum.events.ProblemEvent.ProblemRegistered;
import lyceum.events.ProblemEvent.ReferenceScored;
import lyceum.projections.shared.TaggedProjections;
import org.apache.pekko.Done;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.javadsl.Handler;

/**
 * Keeps {@link ProblemTable}: an upsert per ProblemRegistered, keyed by problem, and the reference's
 * score of each iteration from ReferenceScored.
 */
public final class ProblemRegistrationHandler extends Handler<EventEnvelope<ProblemEvent>> {

    /** The projection of the problem tags that runs this handler. */
    public static final String PROJECTION = "problems";

    private final Supplier<CompletionStage<ProblemTable>> table;

    public ProblemRegistrationHandler(Supplier<CompletionStage<ProblemTable>> table) {
        this.table = table;
    }

    @Override
    public CompletionStage<Done> process(EventEnvelope<ProblemEvent> envelope) {
        if (envelope.event() instanceof ProblemRegistered registered) {
            return table.get().thenCompose(t -> t.upsert(registered));
        }
        if (envelope.event() instanceof ReferenceScored scored && scored.meanLogProb() != null) {
            return table.get().thenCompose(t -> t.referenceScored(scored));
        }
        return TaggedProjections.skip();
    }
}
