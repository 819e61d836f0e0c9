package lyceum.experiment.config;

/** An experiment file that cannot run; the message names the file, line and key at fault. */
public final class ExperimentConfigException extends RuntimeException {
    public ExperimentConfigException(String message) {
        super(message);
    }

    public ExperimentConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
