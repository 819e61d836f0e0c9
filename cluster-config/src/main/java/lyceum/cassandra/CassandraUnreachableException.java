package lyceum.cassandra;

/**
 * No contact point answered when a session opened. The message names the contact points, why each
 * failed, and what to check; the driver's own exception is the cause.
 */
public class CassandraUnreachableException extends RuntimeException {

    public CassandraUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
