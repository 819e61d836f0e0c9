package lyceum.datasets;

/**
 * A dataset line that cannot be read. The message names the file, the 1-based line and, when one is
 * to blame, the field: {@code gsm8k/test.jsonl line 17, field "answer": has no "#### N" final answer}.
 */
public final class DatasetFormatException extends RuntimeException {

    private final String source;
    private final int line;
    private final String field;

    public DatasetFormatException(String source, int line, String field, String problem) {
        super(source + " line " + line + (field == null ? "" : ", field \"" + field + "\"") + ": " + problem);
        this.source = source;
        this.line = line;
        this.field = field;
    }

    public String source() {
        return source;
    }

    public int line() {
        return line;
    }

    /** The field to blame, or null when the line as a whole is malformed. */
    public String field() {
        return field;
    }
}
