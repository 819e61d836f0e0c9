package lyceum.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A {@link TestDoubleNodeMain} JVM started with this JVM's java and test classpath. Its standard output
 * and error go to a log file (appended to across restarts); its standard input carries commands and,
 * when closed, stops it.
 */
final class NodeProcess {

    /** What Java reports as the exit value of a process ended by SIGKILL (128 + 9). */
    static final int SIGKILL_EXIT = 137;

    private final String name;
    private final Path configFile;
    private final Path log;
    private final List<String> launcher;
    private Process process;
    private Writer commands;

    NodeProcess(String name, Path configFile, Path log) {
        this(name, configFile, log, List.of());
    }

    /** A node whose java command runs under {@code launcher} (e.g. {@code ip netns exec NS}, which execs it). */
    NodeProcess(String name, Path configFile, Path log, List<String> launcher) {
        this.name = name;
        this.configFile = configFile;
        this.log = log;
        this.launcher = List.copyOf(launcher);
    }

    NodeProcess start() {
        List<String> command = new ArrayList<>(launcher);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-XX:+UseSerialGC");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-Dlogback.configurationFile=logback-node.xml");
        command.add("-Dlyceum.home=" + System.getProperty("lyceum.home", "."));
        command.add("-cp");
        command.add(testClasspath());
        command.add(TestDoubleNodeMain.class.getName());
        command.add(configFile.toString());
        try {
            Files.writeString(
                    log,
                    "---- starting " + name + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start node " + name, e);
        }
        commands = process.outputWriter(StandardCharsets.UTF_8);
        return this;
    }

    /**
     * Writes the configuration file of a node of the multi-node tests: its address, role and seeds, the
     * data folder the nodes share, {@code cassandra} (HOCON), the deterministic engines with sampling
     * batches long enough that an iteration lasts several seconds, a read side that follows the journal
     * within a second or two, failure detection and downing within seconds; then {@code extra} lines.
     */
    static Path writeConfig(
            Path file,
            String host,
            int port,
            String role,
            List<String> seeds,
            Path dataDir,
            String cassandra,
            String... extra)
            throws IOException {
        List<String> lines = new ArrayList<>(List.of(
                "lyceum.node {",
                "  host = \"" + host + "\"",
                "  port = " + port,
                "  roles = [\"" + role + "\"]",
                "  seed-nodes = [" + seeds.stream().map(s -> "\"" + s + "\"").collect(Collectors.joining(", ")) + "]",
                "  data-dir = \"" + dataDir + "\"",
                "}",
                cassandra,
                // Batches of 3 against rounds of 4 samples: a problem's round straddles batches and workers.
                "lyceum.generation.batch-size = 3",
                // Long enough batches that an iteration's sampling lasts several seconds.
                "lyceum.test.generator-latency = 250ms",
                ItFixture.hocon(ItFixture.quickReadSide()),
                // A killed or cut-off node is downed seconds after it stops answering heartbeats.
                "pekko.cluster.split-brain-resolver.stable-after = 4s",
                "pekko.cluster.failure-detector.acceptable-heartbeat-pause = 3s",
                ItFixture.hocon(ItFixture.loadedMachine())));
        lines.addAll(List.of(extra));
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return file;
    }

    /**
     * The classpath the tests run on. Failsafe may run them from a booter jar whose manifest holds the
     * real classpath; it publishes that classpath as surefire.test.class.path.
     */
    static String testClasspath() {
        String classpath = System.getProperty("surefire.test.class.path");
        return classpath != null && !classpath.isBlank() ? classpath : System.getProperty("java.class.path");
    }

    void send(String line) {
        try {
            commands.write(line + "\n");
            commands.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot send '" + line + "' to node " + name, e);
        }
    }

    /** Ends the JVM with SIGKILL (no shutdown hooks, no leaving the cluster) and returns its exit value. */
    int kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("node " + name + " (pid " + process.pid() + ") survived SIGKILL");
        }
        return process.exitValue();
    }

    /** Waits for the JVM to end by itself (a SIGKILL it sent itself, say) and returns its exit value. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(
                    "node " + name + " (pid " + process.pid() + ") still runs after " + timeout);
        }
        return process.exitValue();
    }

    /** Closes its standard input, which makes it leave and exit; kills it if it takes too long. */
    void stop(Duration grace) throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        try {
            commands.close();
        } catch (IOException e) {
            // it is stopped below anyway
        }
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    String name() {
        return name;
    }

    String logText() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    Path log() {
        return log;
    }
}
