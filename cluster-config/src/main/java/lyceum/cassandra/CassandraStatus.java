package lyceum.cassandra;

/** What a CQL connection found at host:port; {@code version} is system.local's release_version. */
public record CassandraStatus(boolean running, String host, int port, String version) {

    /**
     * Connects to the first contact point and asks for its release version: the embedded node or an
     * external cluster alike. For the embedded node's pid-aware status see
     * {@link EmbeddedCassandra#status(CassandraServerSettings)}.
     */
    public static CassandraStatus check(CassandraClientSettings settings) {
        return CqlProbe.status(settings);
    }

    public static CassandraStatus down(String host, int port) {
        return new CassandraStatus(false, host, port, null);
    }

    @Override
    public String toString() {
        return running
                ? "Cassandra " + version + " running on " + host + ":" + port
                : "no Cassandra answering on " + host + ":" + port;
    }
}
