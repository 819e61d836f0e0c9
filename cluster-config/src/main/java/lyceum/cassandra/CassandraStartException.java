package lyceum.cassandra;

/** The embedded Cassandra could not be started or reached; the message says why and what to do. */
public class CassandraStartException extends RuntimeException {

    public CassandraStartException(String message) {
        super(message);
    }

    public CassandraStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
