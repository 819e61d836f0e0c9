package lyceum.projections;

import java.util.ArrayList;
import java.util.List;
import lyceum.cassandra.ReadSideSchema;

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
        all.addAll(EvaluationTable.ddl(keyspace));
        all.addAll(EvaluationSampleTable.ddl(keyspace));
        all.addAll(CorrectionTable.ddl(keyspace));
        all.addAll(RefinementTable.ddl(keyspace));
        all.addAll(ExperimentIterationsTable.ddl(keyspace));
        all.addAll(IterationMetricsTable.ddl(keyspace));
        return all;
    }
}
