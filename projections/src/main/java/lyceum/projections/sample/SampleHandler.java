package lyceum.projections.sample;

import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import lyceum.events.ProblemEvent;
import lyceum.events.ProblemEvent.Accepted;
import lyceum.events.ProblemEvent.Rejected;
import lyceum.events.ProblemEvent.Sampled;
import lyceum.metrics.journal.Decision;
import lyceum.projections.shared.TaggedProjections;
import org.apache.pekko.Done;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.javadsl.Handler;

/** Keeps {@link SampleTable}: Sampled, Accepted and Rejected as upserts keyed by sample id. */
public final class SampleHandler extends Handler<EventEnvelope<ProblemEvent>> {

    /** The projection of the problem tags that runs this handler. */
    public static final String PROJECTION = "samples";

    private final Supplier<CompletionStage<SampleTable>> table;

    public SampleHandler(Supplier<CompletionStage<SampleTable>> table) {
        this.table = table;
    }

    @Override
    public CompletionStage<Done> process(EventEnvelope<ProblemEvent> envelope) {
        ProblemEvent event = envelope.event();
        if (event instanceof Sampled sampled) {
            return table.get().thenCompose(t -> t.upsert(sampled));
        }
        if (event instanceof Accepted a) {
            return table.get()
                    .thenCompose(t -> t.decide(
                            a, a.iteration(), a.sampleId(), Decision.ACCEPTED, a.reasons(), a.policyVersion()));
        }
        if (event instanceof Rejected r) {
            return table.get()
                    .thenCompose(t -> t.decide(
                            r, r.iteration(), r.sampleId(), Decision.REJECTED, r.reasons(), r.policyVersion()));
        }
        return TaggedProjections.skip();
    }
}
