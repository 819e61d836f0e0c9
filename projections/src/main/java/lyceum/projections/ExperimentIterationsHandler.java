package lyceum.projections;

import java.util.concurrent.CompletionStage;
import lyceum.events.ExperimentEvent;
import org.apache.pekko.Done;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.javadsl.Handler;

/** Keeps {@link ExperimentStatusTable} from the experiment's own events. */
public final class ExperimentStatusHandler extends Handler<EventEnvelope<ExperimentEvent>> {

  private final ReadSide readSide;

  public ExperimentStatusHandler(ReadSide readSide) {
    this.readSide = readSide;
  }

  @Override
  public CompletionStage<Done> process(EventEnvelope<ExperimentEvent> envelope) {
    return readSide.experiments().thenCompose(table -> table.apply(envelope.event()));
  }
}
