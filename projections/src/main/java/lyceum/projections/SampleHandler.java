package lyceum.projections;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import lyceum.events.ProblemEvent;
import lyceum.events.ProblemEvent.Accepted;
import lyceum.events.ProblemEvent.Rejected;
import lyceum.events.ProblemEvent.Sampled;
import lyceum.metrics.journal.Decision;
import org.apache.pekko.Done;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.javadsl.Handler;

/** Keeps {@link SampleTable}: Sampled, Accepted and Rejected as upserts keyed by sample id. */
public final class SampleHandler extends Handler<EventEnvelope<ProblemEvent>> {

    private final ReadSide readSide;

    public SampleHandler(ReadSide readSide) {
        this.readSide = readSide;
    }

    @Override
    public CompletionStage<Done> process(EventEnvelope<ProblemEvent> envelope) {
        ProblemEvent event = envelope.event();
        if (event instanceof Sampled sampled) {
            return readSide.samples().thenCompose(table -> table.upsert(sampled));
        }
        if (event instanceof Accepted a) {
            return readSide.samples()
                    .thenCompose(table -> table.decide(
                            a.experimentId(),
                            a.problemId(),
                            a.iteration(),
                            a.sampleId(),
                            Decision.ACCEPTED,
                            a.reasons(),
                            a.policyVersion()));
        }
        if (event instanceof Rejected r) {
            return readSide.samples()
                    .thenCompose(table -> table.decide(
                            r.experimentId(),
                            r.problemId(),
                            r.iteration(),
                            r.sampleId(),
                            Decision.REJECTED,
                            r.reasons(),
                            r.policyVersion()));
        }
        return CompletableFuture.completedFuture(Done.getInstance());
    }
}
