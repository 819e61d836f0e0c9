package lyceum.cli;

import static lyceum.cli.CommandLineRun.lyceum;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import lyceum.cli.CommandLineRun.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node that cannot work says so at once, in one line that names what is wrong and what to check:
 * an unreachable Cassandra, an unknown role, no gpu node in reach. The time bounds are generous
 * correctness bounds (no hang), not benchmarks.
 */
class StartupErrorsTest {

    private static final Duration FAST = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private Path file(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    private Path unreachableCassandraConfig() throws IOException {
        return file("unreachable.conf", """
        lyceum.cassandra.contact-points = ["127.0.0.1:1"]
        lyceum.node.data-dir = "%s"
        """.formatted(dir.resolve("data")));
    }

    private Path experiment() throws IOException {
        return file("experiment.conf", """
        experiment {
          name = "startup-errors"
          iterations = 1
          dataset.synthetic { train-count = 4, test-count = 2 }
          dataset.held-in-count = 2
        }
        """);
    }

    private static void assertClearCassandraError(Outcome o, String command) {
        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.lastError())
                .startsWith(
                        "lyceum " + command + ": cannot reach Cassandra at [127.0.0.1:1]"
                                + " (lyceum.cassandra.contact-points): 127.0.0.1:1 Connection refused. Check that Cassandra runs there");
        assertThat(o.everything()).doesNotContain("\tat com.datastax").doesNotContain("Exception:");
        assertThat(o.elapsed()).isLessThan(FAST);
    }

    @Test
    void statusWithAnUnreachableCassandraFailsAtOnceNamingTheContactPoints() throws IOException {
        assertClearCassandraError(
                lyceum("status", "--config", unreachableCassandraConfig().toString()), "status");
    }

    @Test
    void nodeWithAnUnreachableCassandraFailsAtOnceNamingTheContactPoints() throws IOException {
        assertClearCassandraError(
                lyceum("node", "--config", unreachableCassandraConfig().toString(), "--role", "coordinator"), "node");
    }

    @Test
    void runWithAnUnreachableCassandraFailsAtOnceNamingTheContactPoints() throws IOException {
        assertClearCassandraError(
                lyceum(
                        "run",
                        experiment().toString(),
                        "--config",
                        unreachableCassandraConfig().toString()),
                "run");
    }

    @Test
    void aContactPointThatIsNotCassandraIsNamedAsSuch() throws Exception {
        try (ServerSocket http = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(
                    () -> {
                        while (!http.isClosed()) {
                            try (Socket client = http.accept()) {
                                client.getOutputStream()
                                        .write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                            } catch (IOException closed) {
                                return;
                            }
                        }
                    },
                    "test-http-server");
            server.setDaemon(true);
            server.start();
            String address = "127.0.0.1:" + http.getLocalPort();
            Path config = file("http.conf", "lyceum.cassandra.contact-points = [\"" + address + "\"]\n");

            Outcome o = lyceum("status", "--config", config.toString());

            assertThat(o.exitCode()).isEqualTo(1);
            assertThat(o.lastError())
                    .startsWith("lyceum status: cannot reach Cassandra at [" + address + "]"
                            + " (lyceum.cassandra.contact-points): " + address
                            + " accepts connections but does not answer CQL.");
            assertThat(o.everything()).doesNotContain("\tat com.datastax");
            assertThat(o.elapsed()).isLessThan(FAST);
        }
    }

    @Test
    void anUnknownRoleFlagIsRejectedNamingTheRoleAndTheAllowedOnes() {
        Outcome o = lyceum("node", "--role", "coordinator", "--role", "foo");
        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.lastError())
                .isEqualTo("lyceum node: --role: unknown role 'foo'; the roles are coordinator and gpu");
        assertThat(o.elapsed()).isLessThan(FAST);
    }

    @Test
    void anUnknownRoleInTheConfigIsRejectedBeforeAnythingStarts() throws IOException {
        Path config = file("roles.conf", """
        lyceum.node.roles = ["coordinator", "tpu"]
        lyceum.cassandra.contact-points = ["127.0.0.1:1"]
        """);
        for (String[] args : new String[][] {
            {"node", "--config", config.toString()}, {"run", experiment().toString(), "--config", config.toString()}
        }) {
            Outcome o = lyceum(args);
            assertThat(o.exitCode()).isEqualTo(1);
            assertThat(o.lastError())
                    .endsWith(": lyceum.node.roles: unknown role 'tpu'; the roles are coordinator and gpu");
            assertThat(o.everything()).doesNotContain("Cassandra");
            assertThat(o.elapsed()).isLessThan(FAST);
        }
    }

    @Test
    void runWithoutAGpuNodeInReachFailsAfterTheWorkerWaitSayingWhatToStart() throws IOException {
        Path config = SharedCassandraNode.writeConfig(dir, "coordinator-only.conf", "coordinator");

        Outcome o = lyceum("run", experiment().toString(), "--config", config.toString(), "--worker-wait", "3s");

        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.lastError())
                .isEqualTo("lyceum run: no generation worker joined the cluster within 3 s: start a node"
                        + " with role gpu (lyceum node --role gpu) or give this node that role");
        assertThat(o.elapsed()).isLessThan(Duration.ofSeconds(90));
    }
}
