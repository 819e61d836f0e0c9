package lyceum.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * `lyceum node`'s flags as the command checks them before it starts anything: remoting on an address
 * beyond loopback needs TLS or --insecure. Nothing here binds a port.
 */
class NodeCommandTest {

    private static NodeCommand parse(String... args) {
        NodeCommand command = new NodeCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void anyAddressWithoutTlsIsRefusedNamingTheAddressAndTheWayOut() {
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();

        assertThatThrownBy(() -> parse("--host", "0.0.0.0").nodeConfig(new PrintStream(warnings)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0.0.0.0")
                .hasMessageContaining("lyceum.remote.tls.enabled")
                .hasMessageContaining("--insecure");
    }

    @Test
    void insecureAllowsItWithAWarning() {
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();

        Config config = parse("--host", "0.0.0.0", "--insecure")
                .nodeConfig(new PrintStream(warnings, true, StandardCharsets.UTF_8));

        assertThat(config.getString("pekko.remote.artery.canonical.hostname")).isEqualTo("0.0.0.0");
        assertThat(config.getString("pekko.remote.artery.transport")).isEqualTo("tcp");
        assertThat(warnings.toString(StandardCharsets.UTF_8))
                .contains("WARNING")
                .contains("0.0.0.0");
    }

    @Test
    void loopbackNeedsNeitherAndPrintsNothing() {
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();

        Config config = parse("--host", "127.0.0.1", "--port", "25599")
                .nodeConfig(new PrintStream(warnings, true, StandardCharsets.UTF_8));

        assertThat(config.getInt("pekko.remote.artery.canonical.port")).isEqualTo(25599);
        assertThat(warnings.size()).isZero();
    }

    @Test
    void theCommandLineExitsWithTheRefusalBeforeStartingAnything() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream original = System.err;
        int exit;
        try (PrintStream capture = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setErr(capture);
            exit = Lyceum.commandLine().execute("node", "--host", "0.0.0.0");
        } finally {
            System.setErr(original);
        }
        String printed = err.toString(StandardCharsets.UTF_8);

        assertThat(exit).isNotZero();
        assertThat(printed).contains("0.0.0.0").contains("--insecure").doesNotContain("Cassandra");
    }
}
