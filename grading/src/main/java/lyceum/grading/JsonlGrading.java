package lyceum.grading;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * Grades JSON Lines for the command line: each input line {"gold": ..., "prediction": ...} (gold a
 * string or a number, either one a bare answer or a whole solution/response) gives one output line
 * {"equivalent": true|false, "extracted": "...", "grader": "VERSION"}, in input order.
 *
 * <p>A malformed line (invalid JSON, not an object, a missing or null field, a field that is an
 * object or array) gives {"line": N, "error": "..."} with its 1-based line number, and the rest of
 * the input is still graded. Blank lines are skipped without output, as JSON Lines readers do; error
 * lines carry line numbers, so output can always be matched back to input.
 */
public final class JsonlGrading {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonlGrading() {}

    /**
     * Counts of one run.
     *
     * @param lines      lines read, blank ones included
     * @param graded     lines graded
     * @param equivalent graded lines found equivalent
     * @param errors     malformed lines
     * @param blank      blank lines skipped
     */
    public record Summary(int lines, int graded, int equivalent, int errors, int blank) {}

    public static Summary run(BufferedReader in, Writer out) {
        return run(in, out, Grader.standard());
    }

    static Summary run(BufferedReader in, Writer out, Grader grader) {
        int lines = 0;
        int graded = 0;
        int equivalent = 0;
        int errors = 0;
        int blank = 0;
        try {
            String line;
            while ((line = in.readLine()) != null) {
                lines++;
                if (line.isBlank()) {
                    blank++;
                    continue;
                }
                ObjectNode result;
                try {
                    Pair pair = parse(line);
                    Verdict v = grader.grade(pair.gold, pair.prediction);
                    result = JSON.createObjectNode()
                            .put("equivalent", v.equivalent())
                            .put("extracted", v.extracted())
                            .put("grader", v.graderVersion());
                    graded++;
                    if (v.equivalent()) {
                        equivalent++;
                    }
                } catch (MalformedLine e) {
                    result = JSON.createObjectNode().put("line", lines).put("error", e.getMessage());
                    errors++;
                }
                out.write(JSON.writeValueAsString(result));
                out.write('\n');
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Summary(lines, graded, equivalent, errors, blank);
    }

    private record Pair(String gold, String prediction) {}

    private static final class MalformedLine extends Exception {
        MalformedLine(String message) {
            super(message, null, false, false);
        }
    }

    private static Pair parse(String line) throws MalformedLine {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new MalformedLine("invalid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new MalformedLine("expected a JSON object with fields \"gold\" and \"prediction\"");
        }
        return new Pair(text(node, "gold"), text(node, "prediction"));
    }

    private static String text(JsonNode object, String field) throws MalformedLine {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            throw new MalformedLine("missing field \"" + field + "\"");
        }
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isNumber()) {
            return value.isBigDecimal() ? value.decimalValue().toPlainString() : value.asText();
        }
        throw new MalformedLine("field \"" + field + "\" must be a string or a number");
    }
}
