package lyceum.projections.iterations;

import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import lyceum.events.ExperimentEvent;
import org.apache.pekko.Done;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.javadsl.Handler;

/** Keeps {@link ExperimentIterationsTable} from the experiment's own events. */
public final class ExperimentIterationsHandler extends Handler<EventEnvelope<ExperimentEvent>> {

    /** The projection of the experiment tag that runs this handler. */
    public static final String PROJECTION = "experiment-iterations";

    private final Supplier<CompletionStage<ExperimentIterationsTable>> table;

    public ExperimentIterationsHandler(Supplier<CompletionStage<ExperimentIterationsTable>> table) {
        this.table = table;
    }

    @Override
    public CompletionStage<Done> process(EventEnvelope<ExperimentEvent> envelope) {
        return table.get().thenCompose(t -> t.apply(envelope.event()));
    }
}
