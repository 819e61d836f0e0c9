package lyceum.projections;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import lyceum.events.ProblemEvent;
import lyceum.events.ProblemEvent.Evaluated;
import lyceum.events.ProblemEvent.EvaluationRefined;
import lyceum.events.ProblemEvent.EvaluationSampled;
import org.apache.pekko.Done;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.javadsl.Handler;

/**
 * Keeps the evaluation answers: {@link EvaluationTable} with an upsert per Evaluated, keyed by (problem,
 * iteration, split, mode), and {@link EvaluationSampleTable} with one per EvaluationSampled, keyed by
 * (problem, iteration, split, index), and {@link RefinementTable} with one per EvaluationRefined, keyed by
 * (problem, iteration, split).
 */
public final class EvaluationHandler extends Handler<EventEnvelope<ProblemEvent>> {

    private final ReadSide readSide;

    public EvaluationHandler(ReadSide readSide) {
        this.readSide = readSide;
    }

    @Override
    public CompletionStage<Done> process(EventEnvelope<ProblemEvent> envelope) {
        if (envelope.event() instanceof Evaluated evaluated) {
            return readSide.evaluations().thenCompose(table -> table.upsert(evaluated));
        }
        if (envelope.event() instanceof EvaluationSampled sampled) {
            return readSide.evaluationSamples().thenCompose(table -> table.upsert(sampled));
        }
        if (envelope.event() instanceof EvaluationRefined refined) {
            return readSide.refinements().thenCompose(table -> table.upsert(refined));
        }
        return CompletableFuture.completedFuture(Done.getInstance());
    }
}
