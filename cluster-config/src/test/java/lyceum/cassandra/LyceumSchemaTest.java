package lyceum.cassandra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import lyceum.config.LyceumConfig;
import org.junit.jupiter.api.Test;

class LyceumSchemaTest {

    final List<String> statements = LyceumSchema.statements(
            LyceumKeyspaces.fromConfig(LyceumConfig.load(Optional.empty())), Replication.simple(3));

    @Test
    void everyStatementIsIdempotent() {
        assertThat(statements).allMatch(s -> s.contains("IF NOT EXISTS"));
    }

    @Test
    void keyspacesComeBeforeTheirTables() {
        for (String ks : List.of("lyceum_journal", "lyceum_snapshot", "lyceum_offsets", "lyceum")) {
            int keyspace = indexOf("CREATE KEYSPACE IF NOT EXISTS " + ks + " ");
            int firstTable = indexOf("CREATE TABLE IF NOT EXISTS " + ks + ".");
            assertThat(keyspace).isNotNegative().isLessThan(firstTable);
        }
    }

    @Test
    void replicationIsApplied() {
        assertThat(statements.get(0))
                .isEqualTo("CREATE KEYSPACE IF NOT EXISTS lyceum_journal WITH replication = {'class':"
                        + " 'SimpleStrategy', 'replication_factor': 3}");
        assertThat(Replication.networkTopology(Map.of("dc2", 2, "dc1", 3)).cql())
                .isEqualTo("{'class': 'NetworkTopologyStrategy', 'dc1': 3, 'dc2': 2}");
    }

    @Test
    void readModelsRegisteredAsServicesAreIncluded() {
        assertThat(LyceumSchema.readSideStatements("lyceum"))
                .containsExactly("CREATE TABLE IF NOT EXISTS lyceum.schema_probe (id text PRIMARY KEY, seen int)");
        assertThat(statements.get(statements.size() - 1)).contains("lyceum.schema_probe");
    }

    private int indexOf(String prefix) {
        for (int i = 0; i < statements.size(); i++) {
            if (statements.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }
}
