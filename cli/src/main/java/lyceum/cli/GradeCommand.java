package lyceum.cli;

import java.io.BufferedReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import lyceum.grading.JsonlGrading;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Grades predictions against gold answers, one JSON line in, one JSON line out. */
@Command(
        name = "grade",
        mixinStandardHelpOptions = true,
        description =
                "Grade lines {\"gold\": ..., \"prediction\": ...}; writes {\"equivalent\", \"extracted\", \"grader\"} per line.")
final class GradeCommand implements Callable<Integer> {

    @Option(names = "--in", required = true, paramLabel = "FILE.jsonl", description = "Input JSONL file.")
    Path in;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(in)) {
            throw new IllegalArgumentException("input file not found: " + in);
        }
        try (BufferedReader reader = Files.newBufferedReader(in, StandardCharsets.UTF_8);
                Writer writer = output.open()) {
            JsonlGrading.Summary summary = JsonlGrading.run(reader, writer);
            writer.flush();
            System.err.printf(
                    "graded %d of %d lines: %d equivalent, %d errors%n",
                    summary.graded(), summary.lines(), summary.equivalent(), summary.errors());
            return 0;
        }
    }
}
