package lyceum.projections;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import lyceum.cassandra.LyceumSchema;
import org.junit.jupiter.api.Test;

class ReadSideTablesTest {

  @Test
  void everyTableIsCreatedIdempotentlyInTheGivenKeyspace() {
    List<String> statements = new ReadSideTables().statements("ks1");
    assertThat(statements)
        .hasSize(9)
        .allMatch(s -> s.startsWith("CREATE TABLE IF NOT EXISTS ks1."));
  }

  @Test
  void lyceumSchemaFindsTheTablesAsAService() {
    assertThat(LyceumSchema.readSideStatements("lyceum"))
        .containsAll(new ReadSideTables().statements("lyceum"));
  }

  @Test
  void perIterationTablesArePartitionedByShard() {
    assertThat(new ReadSideTables().statements("ks"))
        .filteredOn(s -> s.contains("iteration int,") && s.contains("shard int,"))
        .hasSize(5)
        .allMatch(s -> s.contains("PRIMARY KEY ((experiment_id, iteration, shard),"));
  }
}
