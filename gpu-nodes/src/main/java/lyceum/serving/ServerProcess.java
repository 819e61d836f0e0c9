package lyceum.serving;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One server child process. Its stdout and stderr go to the node log, each line prefixed by the device
 * and pid; the last lines are kept to explain a server that failed.
 */
final class ServerProcess {
    private static final Logger log = LoggerFactory.getLogger(ServerProcess.class);
    private static final int TAIL_LINES = 20;

    private final String device;
    private final int port;
    private final Process process;
    private final Deque<String> tail = new ArrayDeque<>();

    private ServerProcess(String device, int port, Process process) {
        this.device = device;
        this.port = port;
        this.process = process;
    }

    static ServerProcess start(List<String> argv, Map<String, String> environment, String device, int port)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
        builder.environment().putAll(environment);
        ServerProcess server = new ServerProcess(device, port, builder.start());
        Thread pump = new Thread(server::pumpOutput, "server-log-" + device + "-" + server.pid());
        pump.setDaemon(true);
        pump.start();
        log.info("[server {}] started pid {} on port {}: {}", device, server.pid(), port, String.join(" ", argv));
        return server;
    }

    private void pumpOutput() {
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                log.info("[server {} pid {}] {}", device, pid(), line);
                synchronized (tail) {
                    tail.addLast(line);
                    if (tail.size() > TAIL_LINES) {
                        tail.removeFirst();
                    }
                }
            }
        } catch (IOException e) {
            // the process is gone; its exit is noticed by whoever uses it
        }
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** True when the process has exited within {@code wait}. */
    boolean exitedWithin(Duration wait) throws InterruptedException {
        return process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Why it is gone, for an error message: its exit code and its last lines. */
    String describeExit() {
        String code = process.isAlive() ? "still running" : "exit code " + process.exitValue();
        synchronized (tail) {
            return "pid " + pid() + ", " + code
                    + (tail.isEmpty() ? ", no output" : "; its last lines:\n  " + String.join("\n  ", tail));
        }
    }

    /** SIGTERM, then SIGKILL after {@code grace}; also for the processes it started (vLLM's workers). */
    void stop(Duration grace) {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("[server {}] pid {} did not stop within {} s; killing it", device, pid(), grace.toSeconds());
                process.destroyForcibly();
                process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
}
