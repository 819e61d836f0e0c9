package lyceum.grading;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonlGradingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void writesOneLinePerInputInOrderAndReportsMalformedLinesWithoutStopping() throws Exception {
        String input = String.join(
                        "\n",
                        "{\"gold\": \"18\", \"prediction\": \"She makes $18.\\n#### 18\"}",
                        "{\"gold\": 72, \"prediction\": \"The answer is 71.\"}",
                        "{\"gold\": \"x^2+2x+1\", \"prediction\": \"$\\\\boxed{(x+1)^2}$\"}",
                        "{\"gold\": \"1\", \"prediction\": ",
                        "",
                        "{\"prediction\": \"5\"}",
                        "[1, 2]",
                        "{\"gold\": {\"a\": 1}, \"prediction\": \"5\"}",
                        "{\"gold\": 51.0, \"prediction\": \"51\"}",
                        "{\"gold\": \"(B)\", \"prediction\": \"I pick (B).\"}",
                        "{\"gold\": \"7\", \"prediction\": null}",
                        "{\"gold\": \"7\", \"prediction\": \"no idea\"}")
                + "\n";
        StringWriter out = new StringWriter();
        JsonlGrading.Summary summary = JsonlGrading.run(new BufferedReader(new StringReader(input)), out);

        List<JsonNode> lines = new ArrayList<>();
        for (String l : out.toString().split("\n")) {
            lines.add(JSON.readTree(l));
        }
        assertThat(lines).hasSize(11);
        assertGraded(lines.get(0), true, "18");
        assertGraded(lines.get(1), false, "71");
        assertGraded(lines.get(2), true, "(x+1)^2");
        assertError(lines.get(3), 4, "invalid JSON");
        assertError(lines.get(4), 6, "missing field \"gold\"");
        assertError(lines.get(5), 7, "JSON object");
        assertError(lines.get(6), 8, "\"gold\" must be a string or a number");
        assertGraded(lines.get(7), true, "51");
        assertGraded(lines.get(8), true, "B");
        assertError(lines.get(9), 11, "missing field \"prediction\"");
        assertGraded(lines.get(10), false, "");
        assertThat(summary).isEqualTo(new JsonlGrading.Summary(12, 6, 4, 5, 1));
    }

    @Test
    void emptyInputWritesNothing() {
        StringWriter out = new StringWriter();
        JsonlGrading.Summary summary = JsonlGrading.run(new BufferedReader(new StringReader("")), out);
        assertThat(out.toString()).isEmpty();
        assertThat(summary.lines()).isZero();
    }

    private static void assertGraded(JsonNode node, boolean equivalent, String extracted) {
        assertThat(node.get("equivalent").asBoolean()).as(node.toString()).isEqualTo(equivalent);
        assertThat(node.get("extracted").asText()).isEqualTo(extracted);
        assertThat(node.get("grader").asText()).isEqualTo(Grader.VERSION);
        assertThat(node.size()).isEqualTo(3);
    }

    private static void assertError(JsonNode node, int line, String message) {
        assertThat(node.get("line").asInt()).as(node.toString()).isEqualTo(line);
        assertThat(node.get("error").asText()).contains(message);
    }
}
