package lyceum.projections;

import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts every read model of this module on a cluster node. Call once per node after the schema exists
 * (LyceumSchema creates the read-side tables through {@link ReadSideTables}); the projections then run
 * on the nodes with the coordinator role, one instance per tag.
 */
public final class ReadSideProjections {

    private static final Logger log = LoggerFactory.getLogger(ReadSideProjections.class);

    private ReadSideProjections() {}

    /** Returns the node's read side, whose tables the CLI's queries can share. */
    public static ReadSide init(ActorSystem<?> system) {
        ReadSide readSide = ReadSide.of(system);
        ProblemRegistrationProjection.init(system, readSide);
        SampleProjection.init(system, readSide);
        EvaluationProjection.init(system, readSide);
        CorrectionProjection.init(system, readSide);
        ExperimentIterationsProjection.init(system, readSide);
        IterationMetricsProjection.init(system, readSide);
        log.info("Read-side projections started in keyspace {}", readSide.keyspace());
        return readSide;
    }
}
