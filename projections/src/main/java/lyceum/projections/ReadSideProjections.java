package lyceum.projections;

import lyceum.projections.correction.CorrectionHandler;
import lyceum.projections.evaluation.EvaluationHandler;
import lyceum.projections.iterations.ExperimentIterationsHandler;
import lyceum.projections.metrics.IterationMetricsHandler;
import lyceum.projections.problem.ProblemRegistrationHandler;
import lyceum.projections.sample.SampleHandler;
import lyceum.projections.shared.TaggedProjections;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts every read model of this module on a cluster node: one projection per read model, each running
 * its handler over its tables. Call once per node after the schema exists (LyceumSchema creates the
 * read-side tables through {@link ReadSideTables}); the projections then run on the nodes with the
 * coordinator role, one instance per tag. The iteration metrics have a projection of their own, so that
 * waiting for the problem projections to catch up never delays the iterations read model.
 */
public final class ReadSideProjections {

    private static final Logger log = LoggerFactory.getLogger(ReadSideProjections.class);

    private ReadSideProjections() {}

    /** Returns the node's read side, whose tables the CLI's queries can share. */
    public static ReadSide init(ActorSystem<?> system) {
        ReadSide readSide = ReadSide.of(system);
        TaggedProjections.ofProblems(
                system,
                ProblemRegistrationHandler.PROJECTION,
                () -> new ProblemRegistrationHandler(readSide.problems()));
        TaggedProjections.ofProblems(system, SampleHandler.PROJECTION, () -> new SampleHandler(readSide.samples()));
        TaggedProjections.ofProblems(
                system,
                EvaluationHandler.PROJECTION,
                () -> new EvaluationHandler(
                        readSide.evaluations(), readSide.evaluationSamples(), readSide.refinements()));
        TaggedProjections.ofProblems(
                system, CorrectionHandler.PROJECTION, () -> new CorrectionHandler(readSide.corrections()));
        TaggedProjections.ofExperiments(
                system,
                ExperimentIterationsHandler.PROJECTION,
                () -> new ExperimentIterationsHandler(readSide.experiments()));
        TaggedProjections.ofExperiments(
                system,
                IterationMetricsHandler.PROJECTION,
                IterationMetricsHandler.onNode(system, readSide.iterationMetrics(), readSide.metricsQuery()));
        log.info("Read-side projections started in keyspace {}", readSide.keyspace());
        return readSide;
    }
}
