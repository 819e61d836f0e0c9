package lyceum.cassandra;

import com.typesafe.config.Config;

/** The keyspaces Lyceum writes: the plugins' three and the read side the projections fill. */
public record LyceumKeyspaces(String journal, String snapshot, String offsets, String readSide) {

    /** The names the plugins are configured with, so DDL and plugins cannot disagree. */
    public static LyceumKeyspaces fromConfig(Config config) {
        return new LyceumKeyspaces(
                config.getString("pekko.persistence.cassandra.journal.keyspace"),
                config.getString("pekko.persistence.cassandra.snapshot.keyspace"),
                config.getString("pekko.projection.cassandra.offset-store.keyspace"),
                config.getString("lyceum.cassandra.read-side-keyspace"));
    }
}
