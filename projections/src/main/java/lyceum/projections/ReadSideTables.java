package lyceum.projections;

import java.util.ArrayList;
import java.util.List;
import lyceum.cassandra.ReadSideSchema;
import lyceum.projections.correction.CorrectionTable;
import lyceum.projections.evaluation.EvaluationSampleTable;
import lyceum.projections.evaluation.EvaluationTable;
import lyceum.projections.evaluation.RefinementTable;
import lyceum.projections.iterations.ExperimentIterationsTable;
import lyceum.projections.metrics.IterationMetricsTable;
import lyceum.projections.problem.ProblemTable;
import lyceum.projections.sample.SampleTable;

/**
 * The tables of every read model in this module, registered with
 * {@code META-INF/services/lyceum.cassandra.ReadSideSchema} so that LyceumSchema creates them with the
 * rest of the schema.
 */
public final class ReadSideTables implements ReadSideSchema {

    @Override
    public List<String> statements(String keyspace) {
        List<String> all = new ArrayList<>();
        all.addAll(ProblemTable.ddl(keyspace));
        all.addAll(SampleTable.ddl(keyspace));
        all.addAll(EvaluationTable.LAYOUT.ddl(keyspace));
        all.addAll(EvaluationSampleTable.LAYOUT.ddl(keyspace));
        all.addAll(CorrectionTable.LAYOUT.ddl(keyspace));
        all.addAll(RefinementTable.LAYOUT.ddl(keyspace));
        all.addAll(ExperimentIterationsTable.ddl(keyspace));
        all.addAll(IterationMetricsTable.ddl(keyspace));
        return all;
    }
}
