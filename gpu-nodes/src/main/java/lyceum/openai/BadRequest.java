package lyceum.openai;

/**
 * A request the server refuses: the HTTP status, the field at fault (or null), OpenAI's error
 * {@code code} (or null) and why. The message goes to the client, so it never names a local path.
 */
final class BadRequest extends Exception {
    final int status;
    final String param;
    final String code;

    BadRequest(int status, String param, String message) {
        this(status, param, null, message);
    }

    BadRequest(int status, String param, String code, String message) {
        super(message);
        this.status = status;
        this.param = param;
        this.code = code;
    }

    /** OpenAI's error {@code type} for the status. */
    String type() {
        return switch (status) {
            case 401 -> "authentication_error";
            case 404 -> "not_found_error";
            case 429 -> "rate_limit_error";
            case 500, 503 -> "server_error";
            default -> "invalid_request_error";
        };
    }
}
