package lyceum.cli;

import static lyceum.cli.CommandLineRun.lyceum;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import lyceum.cli.CommandLineRun.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `lyceum grade` writes one verdict line per input line, to --out or else to standard output. */
class GradeCommandTest {

    @TempDir
    Path dir;

    @Test
    void gradesEveryLineIntoTheOutFileOrOntoStandardOutput() throws Exception {
        Path in = dir.resolve("predictions.jsonl");
        Files.writeString(
                in,
                "{\"gold\": \"42\", \"prediction\": \"The answer is 42\"}\n{\"gold\": \"7\", \"prediction\": \"8\"}\n");
        Path out = dir.resolve("graded.jsonl");

        Outcome toFile = lyceum("grade", "--in", in.toString(), "--out", out.toString());
        Outcome toStandardOutput = lyceum("grade", "--in", in.toString());

        assertThat(toFile.exitCode()).isZero();
        assertThat(toFile.lastError()).isEqualTo("graded 2 of 2 lines: 1 equivalent, 0 errors");
        assertThat(toFile.out()).isEmpty();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(2);
        assertThat(Json.MAPPER.readTree(lines.get(0)).get("equivalent").asBoolean())
                .isTrue();
        assertThat(Json.MAPPER.readTree(lines.get(1)).get("extracted").asText()).isEqualTo("8");
        assertThat(toStandardOutput.exitCode()).isZero();
        assertThat(toStandardOutput.out().lines().toList()).isEqualTo(lines);
    }

    @Test
    void aMissingInputFileIsNamed() {
        Outcome missing = lyceum("grade", "--in", dir.resolve("nothing.jsonl").toString());

        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.lastError()).contains("input file not found").contains("nothing.jsonl");
    }
}
