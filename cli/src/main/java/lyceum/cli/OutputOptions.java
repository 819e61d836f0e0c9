package lyceum.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where a command writes its lines: a file, or standard output. Shared by {@code grade} and {@code export}. */
final class OutputOptions {

    @Option(names = "--out", paramLabel = "FILE", description = "Output file (default: standard output).")
    Path out;

    /** A UTF-8 writer to --out, or to standard output without it. */
    Writer open() throws IOException {
        return out != null
                ? Files.newBufferedWriter(out, StandardCharsets.UTF_8)
                : new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
    }
}
