package lyceum.projections;

import com.datastax.oss.driver.api.core.CqlSession;
import com.typesafe.config.Config;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import lyceum.cassandra.LyceumKeyspaces;
import lyceum.projections.correction.CorrectionTable;
import lyceum.projections.evaluation.EvaluationSampleTable;
import lyceum.projections.evaluation.EvaluationTable;
import lyceum.projections.evaluation.RefinementTable;
import lyceum.projections.iterations.ExperimentIterationsTable;
import lyceum.projections.metrics.IterationMetricsTable;
import lyceum.projections.metrics.MetricsQuery;
import lyceum.projections.problem.ProblemTable;
import lyceum.projections.sample.SampleTable;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSessionRegistry;

/**
 * The read-side keyspace and its tables with their statements prepared, shared by the handlers of one
 * node. Tables are prepared on first use without blocking; a failed preparation (Cassandra not up yet)
 * is tried again on the next use.
 */
public final class ReadSide {

    private final Supplier<CompletionStage<CqlSession>> session;
    private final String keyspace;
    private final Memo<ProblemTable> problems;
    private final Memo<SampleTable> samples;
    private final Memo<EvaluationTable> evaluations;
    private final Memo<EvaluationSampleTable> evaluationSamples;
    private final Memo<CorrectionTable> corrections;
    private final Memo<RefinementTable> refinements;
    private final Memo<ExperimentIterationsTable> experiments;
    private final Memo<IterationMetricsTable> iterationMetrics;
    private final Memo<MetricsQuery> metricsQuery;

    private ReadSide(Supplier<CompletionStage<CqlSession>> session, String keyspace) {
        this.session = session;
        this.keyspace = keyspace;
        problems = memo(ProblemTable::prepare);
        samples = memo(SampleTable::prepare);
        evaluations = memo(EvaluationTable::prepare);
        evaluationSamples = memo(EvaluationSampleTable::prepare);
        corrections = memo(CorrectionTable::prepare);
        refinements = memo(RefinementTable::prepare);
        experiments = memo(ExperimentIterationsTable::prepare);
        iterationMetrics = memo(IterationMetricsTable::prepare);
        metricsQuery = memo(MetricsQuery::prepare);
    }

    /**
     * The session of pekko-projection-cassandra (the one its offset store uses) and the keyspace of
     * {@code lyceum.cassandra.read-side-keyspace}.
     */
    public static ReadSide of(ActorSystem<?> system) {
        Config config = system.settings().config();
        String sessionConfig = config.getString("pekko.projection.cassandra.session-config-path");
        return new ReadSide(
                () -> CassandraSessionRegistry.get(system)
                        .sessionFor(sessionConfig)
                        .underlying(),
                LyceumKeyspaces.fromConfig(config).readSide());
    }

    public static ReadSide of(CqlSession session, String keyspace) {
        return new ReadSide(() -> CompletableFuture.completedFuture(session), keyspace);
    }

    public String keyspace() {
        return keyspace;
    }

    public CompletionStage<ProblemTable> problems() {
        return problems.get();
    }

    public CompletionStage<SampleTable> samples() {
        return samples.get();
    }

    public CompletionStage<EvaluationTable> evaluations() {
        return evaluations.get();
    }

    public CompletionStage<EvaluationSampleTable> evaluationSamples() {
        return evaluationSamples.get();
    }

    public CompletionStage<CorrectionTable> corrections() {
        return corrections.get();
    }

    public CompletionStage<RefinementTable> refinements() {
        return refinements.get();
    }

    public CompletionStage<ExperimentIterationsTable> experiments() {
        return experiments.get();
    }

    public CompletionStage<IterationMetricsTable> iterationMetrics() {
        return iterationMetrics.get();
    }

    public CompletionStage<MetricsQuery> metricsQuery() {
        return metricsQuery.get();
    }

    private interface Preparation<T> {
        CompletionStage<T> prepare(CqlSession session, String keyspace);
    }

    private <T> Memo<T> memo(Preparation<T> preparation) {
        return new Memo<>(() -> session.get().thenCompose(s -> preparation.prepare(s, keyspace)));
    }

    /** The first successful result of {@code create}, kept; a failure is not kept. */
    private static final class Memo<T> {
        private final Supplier<CompletionStage<T>> create;
        private CompletableFuture<T> current;

        Memo(Supplier<CompletionStage<T>> create) {
            this.create = create;
        }

        synchronized CompletionStage<T> get() {
            if (current == null || current.isCompletedExceptionally()) {
                current = create.get().toCompletableFuture();
            }
            return current;
        }
    }
}
