package lyceum.openai;

/** A request the server refuses: the HTTP status, the field at fault (or null) and why. */
final class BadRequest extends Exception {
  final int status;
  final String param;

  BadRequest(int status, String param, String message) {
    super(message);
    this.status = status;
    this.param = param;
  }
}
