package lyceum.projections;

import java.util.concurrent.CompletionStage;
import lyceum.events.ExperimentEvent;
import org.apache.pekko.Done;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.javadsl.Handler;

/** Keeps {@link ExperimentIterationsTable} from the experiment's own events. */
public final class ExperimentIterationsHandler extends Handler<EventEnvelope<ExperimentEvent>> {

    private final ReadSide readSide;

    public ExperimentIterationsHandler(ReadSide readSide) {
        this.readSide = readSide;
    }

    @Override
    public CompletionStage<Done> process(EventEnvelope<ExperimentEvent> envelope) {
        return readSide.experiments().thenCompose(table -> table.apply(envelope.event()));
    }
}
