package lyceum.it;

import com.datastax.oss.driver.api.core.CqlSession;
import com.typesafe.config.Config;
import lyceum.cassandra.CassandraClientSettings;
import lyceum.cassandra.CqlSessions;
import lyceum.cassandra.LyceumKeyspaces;
import lyceum.projections.MetricsQuery;

/** A class's own session on its node's read side, and the stored metrics read through it. */
record ReadSideReader(CqlSession session, MetricsQuery metrics) implements AutoCloseable {

    static ReadSideReader open(Config nodeConfig) {
        CqlSession session = CqlSessions.open(CassandraClientSettings.fromConfig(nodeConfig));
        return new ReadSideReader(
                session,
                MetricsQuery.create(
                        session, LyceumKeyspaces.fromConfig(nodeConfig).readSide()));
    }

    @Override
    public void close() {
        session.close();
    }
}
