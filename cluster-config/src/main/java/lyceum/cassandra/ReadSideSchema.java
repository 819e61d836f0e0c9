package lyceum.cassandra;

import java.util.List;

/**
 * Tables of a read model in the read-side keyspace. Implementations are found with
 * {@link java.util.ServiceLoader}: list the class in
 * {@code META-INF/services/lyceum.cassandra.ReadSideSchema} of the module that owns the read model,
 * and {@link LyceumSchema#create} creates its tables with the rest.
 */
public interface ReadSideSchema {

    /**
     * CQL that creates this read model's tables (and types or indexes) in {@code keyspace}. Each statement
     * must be idempotent (IF NOT EXISTS): the schema is applied at every start.
     */
    List<String> statements(String keyspace);
}
