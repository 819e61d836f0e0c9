package lyceum.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Runs the command line in this JVM as `lyceum ARGS` does, capturing what it prints. */
final class CommandLineRun {

    private CommandLineRun() {}

    /** How one command ended: its exit code, its last line on standard error, all it printed. */
    record Outcome(int exitCode, String lastError, String everything, String out, Duration elapsed) {}

    /**
     * Runs the command line, capturing standard error and output (the process's streams: commands print
     * progress and logs there, and the command line its one-line error last).
     */
    static Outcome lyceum(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        PrintStream originalOut = System.out;
        long start = System.nanoTime();
        int exit;
        try (PrintStream errCapture = new PrintStream(err, true, StandardCharsets.UTF_8);
                PrintStream outCapture = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            System.setErr(errCapture);
            System.setOut(outCapture);
            exit = Lyceum.commandLine().execute(args);
        } finally {
            System.setErr(originalErr);
            System.setOut(originalOut);
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        String errors = err.toString(StandardCharsets.UTF_8);
        String output = out.toString(StandardCharsets.UTF_8);
        String[] lines = errors.strip().split("\n");
        originalErr.println("lyceum " + String.join(" ", args) + " took " + elapsed.toMillis() + " ms:\n" + errors);
        return new Outcome(exit, lines[lines.length - 1], errors + output, output, elapsed);
    }
}
