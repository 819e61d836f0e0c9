package lyceum.projections.evaluation;

import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import lyceum.events.ProblemEvent;
import lyceum.events.ProblemEvent.Evaluated;
import lyceum.events.ProblemEvent.EvaluationRefined;
import lyceum.events.ProblemEvent.EvaluationSampled;
import lyceum.projections.shared.ShardedTable.PerIteration;
import lyceum.projections.shared.TaggedProjections;
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

    /** The projection of the problem tags that runs this handler. */
    public static final String PROJECTION = "evaluations";

    private final Supplier<CompletionStage<PerIteration<Evaluated>>> greedy;
    private final Supplier<CompletionStage<PerIteration<EvaluationSampled>>> sampled;
    private final Supplier<CompletionStage<PerIteration<EvaluationRefined>>> refined;

    public EvaluationHandler(
            Supplier<CompletionStage<PerIteration<Evaluated>>> greedy,
            Supplier<CompletionStage<PerIteration<EvaluationSampled>>> sampled,
            Supplier<CompletionStage<PerIteration<EvaluationRefined>>> refined) {
        this.greedy = greedy;
        this.sampled = sampled;
        this.refined = refined;
    }

    @Override
    public CompletionStage<Done> process(EventEnvelope<ProblemEvent> envelope) {
        ProblemEvent event = envelope.event();
        if (event instanceof Evaluated e) {
            return greedy.get().thenCompose(table -> table.upsert(e));
        }
        if (event instanceof EvaluationSampled e) {
            return sampled.get().thenCompose(table -> table.upsert(e));
        }
        if (event instanceof EvaluationRefined e) {
            return refined.get().thenCompose(table -> table.upsert(e));
        }
        return TaggedProjections.skip();
    }
}
