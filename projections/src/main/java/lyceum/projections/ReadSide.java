package lyceum.projections;

import com.datastax.oss.driver.api.core.CqlSession;
import com.typesafe.config.Config;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import lyceum.cassandra.LyceumKeyspaces;
import lyceum.events.ProblemEvent.Corrected;
import lyceum.events.ProblemEvent.Evaluated;
import lyceum.events.ProblemEvent.EvaluationRefined;
import lyceum.events.ProblemEvent.EvaluationSampled;
import lyceum.projections.correction.CorrectionTable;
import lyceum.projections.evaluation.EvaluationSampleTable;
import lyceum.projections.evaluation.EvaluationTable;
import lyceum.projections.evaluation.RefinementTable;
import lyceum.projections.iterations.ExperimentIterationsTable;
import lyceum.projections.metrics.IterationMetricsTable;
import lyceum.projections.metrics.MetricsQuery;
import lyceum.projections.problem.ProblemTable;
import lyceum.projections.sample.SampleTable;
import lyceum.projections.shared.ShardedTable.PerIteration;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSessionRegistry;

/**
 * The read-side keyspace and its tables with their statements prepared, shared by the handlers of one
 * node: each table is what its handler takes. Tables are prepared on first use without blocking; a
 * failed preparation (Cassandra not up yet) is tried again on the next use.
 */
public record ReadSide(
        String keyspace,
        Supplier<CompletionStage<ProblemTable>> problems,
        Supplier<CompletionStage<SampleTable>> samples,
        Supplier<CompletionStage<PerIteration<Evaluated>>> evaluations,
        Supplier<CompletionStage<PerIteration<EvaluationSampled>>> evaluationSamples,
        Supplier<CompletionStage<PerIteration<Corrected>>> corrections,
        Supplier<CompletionStage<PerIteration<EvaluationRefined>>> refinements,
        Supplier<CompletionStage<ExperimentIterationsTable>> experiments,
        Supplier<CompletionStage<IterationMetricsTable>> iterationMetrics,
        Supplier<CompletionStage<MetricsQuery>> metricsQuery) {

    /**
     * The session of pekko-projection-cassandra (the one its offset store uses) and the keyspace of
     * {@code lyceum.cassandra.read-side-keyspace}.
     */
    public static ReadSide of(ActorSystem<?> system) {
        Config config = system.settings().config();
        String sessionConfig = config.getString("pekko.projection.cassandra.session-config-path");
        return prepared(
                () -> CassandraSessionRegistry.get(system)
                        .sessionFor(sessionConfig)
                        .underlying(),
                LyceumKeyspaces.fromConfig(config).readSide());
    }

    public static ReadSide of(CqlSession session, String keyspace) {
        return prepared(() -> CompletableFuture.completedFuture(session), keyspace);
    }

    private static ReadSide prepared(Supplier<CompletionStage<CqlSession>> session, String keyspace) {
        return new ReadSide(
                keyspace,
                new Memo<>(session, keyspace, ProblemTable::prepare),
                new Memo<>(session, keyspace, SampleTable::prepare),
                new Memo<>(session, keyspace, EvaluationTable.LAYOUT::prepare),
                new Memo<>(session, keyspace, EvaluationSampleTable.LAYOUT::prepare),
                new Memo<>(session, keyspace, CorrectionTable.LAYOUT::prepare),
                new Memo<>(session, keyspace, RefinementTable.LAYOUT::prepare),
                new Memo<>(session, keyspace, ExperimentIterationsTable::prepare),
                new Memo<>(session, keyspace, IterationMetricsTable::prepare),
                new Memo<>(session, keyspace, MetricsQuery::prepare));
    }

    /** The first successful preparation, kept; a failure is not kept. */
    private static final class Memo<T> implements Supplier<CompletionStage<T>> {
        private final Supplier<CompletionStage<CqlSession>> session;
        private final String keyspace;
        private final BiFunction<CqlSession, String, CompletionStage<T>> preparation;
        private CompletableFuture<T> current;

        Memo(
                Supplier<CompletionStage<CqlSession>> session,
                String keyspace,
                BiFunction<CqlSession, String, CompletionStage<T>> preparation) {
            this.session = session;
            this.keyspace = keyspace;
            this.preparation = preparation;
        }

        @Override
        public synchronized CompletionStage<T> get() {
            if (current == null || current.isCompletedExceptionally()) {
                current = session.get()
                        .thenCompose(s -> preparation.apply(s, keyspace))
                        .toCompletableFuture();
            }
            return current;
        }
    }
}
