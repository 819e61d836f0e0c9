package lyceum.projections;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import lyceum.cassandra.LyceumSchema;
import org.junit.jupiter.api.Test;

class ReadSideTablesTest {

    @Test
    void everyTableIsCreatedIdempotentlyInTheGivenKeyspace() {
        List<String> statements = new ReadSideTables().statements("ks1");
        // one table per read model; an experiment's status is read from its journal, not kept here
        assertThat(statements)
                .filteredOn(s -> s.startsWith("CREATE TABLE IF NOT EXISTS ks1."))
                .map(s -> s.substring("CREATE TABLE IF NOT EXISTS ks1.".length(), s.indexOf(" (")))
                .containsExactlyInAnyOrder(
                        "problems",
                        "samples",
                        "evaluations",
                        "evaluation_samples",
                        "corrections",
                        "evaluation_refinements",
                        "experiment_iterations",
                        "iteration_metrics");
        // Columns added since a table was first created reach older data folders, once.
        assertThat(statements)
                .filteredOn(s -> !s.startsWith("CREATE "))
                .isNotEmpty()
                .allMatch(s -> s.startsWith("ALTER TABLE ks1.") && s.contains(" ADD IF NOT EXISTS "));
    }

    @Test
    void lyceumSchemaFindsTheTablesAsAService() {
        assertThat(LyceumSchema.readSideStatements("lyceum")).containsAll(new ReadSideTables().statements("lyceum"));
    }

    @Test
    void perIterationTablesArePartitionedByShard() {
        assertThat(new ReadSideTables().statements("ks"))
                .filteredOn(s -> s.contains("iteration int,") && s.contains("shard int,"))
                .hasSize(5)
                .allMatch(s -> s.contains("PRIMARY KEY ((experiment_id, iteration, shard),"));
    }
}
