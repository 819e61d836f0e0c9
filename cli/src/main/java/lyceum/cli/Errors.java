package lyceum.cli;

import lyceum.cassandra.CassandraUnreachableException;

/** One line that says what went wrong, with the causes that add something. */
final class Errors {
    private Errors() {}

    static String describe(Throwable error) {
        if (error instanceof CassandraUnreachableException) {
            return error.getMessage(); // complete; the driver's cause repeats it at length
        }
        StringBuilder text = new StringBuilder(String.valueOf(error.getMessage() != null ? error.getMessage() : error));
        Throwable cause = error.getCause();
        while (cause != null && cause != error) {
            String message = cause.getMessage();
            if (message != null && !text.toString().contains(message)) {
                text.append(": ").append(message);
            }
            error = cause;
            cause = cause.getCause();
        }
        return text.toString();
    }
}
