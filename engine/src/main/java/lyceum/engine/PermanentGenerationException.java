package lyceum.engine;

/**
 * A generation error that no retry can fix: the server does not know the model, the prompt is over
 * its context, the request is malformed, or the credentials are refused. A {@link Generator} throws it
 * so that the work ends with the server's message journaled instead of being asked again.
 */
public final class PermanentGenerationException extends Exception {

    public PermanentGenerationException(String message) {
        super(message);
    }

    public PermanentGenerationException(String message, Throwable cause) {
        super(message, cause);
    }
}
