package lyceum.datasets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Reads JSON Lines files one object per non-blank line, keeping file and line for error messages. */
final class JsonlLines {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonlLines() {}

    /** One parsed line: its JSON object and where it came from. */
    record Line(JsonNode node, String source, int number) {

        DatasetFormatException error(String field, String problem) {
            return new DatasetFormatException(source, number, field, problem);
        }

        /** A field holding a non-blank string. */
        String text(String field) {
            String text = present(field, JsonNode::isTextual, "a string").textValue();
            if (text.isBlank()) {
                throw error(field, "is empty");
            }
            return text;
        }

        /** A field holding a string or a number, returned as text; numbers as written, without ".0". */
        String textOrNumber(String field) {
            JsonNode v = node.get(field);
            if (v != null && v.isNumber()) {
                return plainNumber(v);
            }
            return text(field);
        }

        /** Like {@link #textOrNumber} but null when the field is absent or null. */
        String optionalTextOrNumber(String field) {
            JsonNode v = field == null ? null : node.get(field);
            return v == null || v.isNull() ? null : textOrNumber(field);
        }

        double number(String field) {
            return present(field, JsonNode::isNumber, "a number").doubleValue();
        }

        /** A field that is there and of the {@code kind} {@code is} accepts. */
        private JsonNode present(String field, Predicate<JsonNode> is, String kind) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                throw error(field, "missing");
            }
            if (!is.test(v)) {
                throw error(
                        field,
                        "must be " + kind + ", found "
                                + v.getNodeType().toString().toLowerCase());
            }
            return v;
        }
    }

    interface LineReader {
        DatasetProblem read(Line line);
    }

    /**
     * Reads UTF-8 JSON lines. Lines are split as bytes and decoded one by one, so text that is not
     * UTF-8 is reported on its own line (a reader decodes ahead, past the line it returns).
     */
    static List<DatasetProblem> read(InputStream in, String source, LineReader format) {
        List<DatasetProblem> problems = new ArrayList<>();
        int number = 0;
        try (BufferedInputStream bytes = new BufferedInputStream(in)) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            boolean more = true;
            while (more) {
                int b = bytes.read();
                if (b >= 0 && b != '\n') {
                    line.write(b);
                    continue;
                }
                more = b >= 0;
                if (!more && line.size() == 0) {
                    break;
                }
                number++;
                String text = decode(line.toByteArray(), source, number);
                line.reset();
                if (text.isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = JSON.readTree(text);
                } catch (JsonProcessingException e) {
                    throw new DatasetFormatException(source, number, null, "invalid JSON: " + e.getOriginalMessage());
                }
                if (node == null || !node.isObject()) {
                    throw new DatasetFormatException(source, number, null, "expected a JSON object");
                }
                problems.add(format.read(new Line(node, source, number)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source, e);
        }
        return problems;
    }

    private static String decode(byte[] line, String source, int number) {
        int length = line.length > 0 && line[line.length - 1] == '\r' ? line.length - 1 : line.length;
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(line, 0, length))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new DatasetFormatException(source, number, null, "not valid UTF-8 text");
        }
    }

    static String plainNumber(JsonNode v) {
        if (v.isBigDecimal() || v.isFloatingPointNumber()) {
            java.math.BigDecimal d = v.decimalValue().stripTrailingZeros();
            return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
        }
        return v.asText();
    }
}
