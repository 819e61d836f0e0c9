package lyceum.cassandra;

import java.util.List;

/** A read model registered through META-INF/services, as the projections module registers its own. */
public final class ProbeReadSide implements ReadSideSchema {

    @Override
    public List<String> statements(String keyspace) {
        return List.of("CREATE TABLE IF NOT EXISTS " + keyspace + ".schema_probe (id text PRIMARY KEY, seen int)");
    }
}
