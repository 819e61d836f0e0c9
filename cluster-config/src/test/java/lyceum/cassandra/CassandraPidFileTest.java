package lyceum.cassandra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CassandraPidFileTest {

    @TempDir
    Path dataDir;

    CassandraServerSettings settings() {
        return new CassandraServerSettings(
                dataDir,
                "127.0.0.1",
                1,
                2,
                "1G",
                dataDir.resolve("cassandra.classpath"),
                Duration.ofSeconds(5),
                Duration.ofSeconds(5),
                new CassandraServerSettings.CommitlogSync(
                        CassandraServerSettings.CommitlogSync.Mode.GROUP, Duration.ofMillis(15)));
    }

    @Test
    void roundTrips() {
        new CassandraPidFile(4242, "127.0.0.1", 9142).write(dataDir);

        assertThat(CassandraPidFile.read(dataDir)).contains(new CassandraPidFile(4242, "127.0.0.1", 9142));
    }

    @Test
    void aTornFileReadsAsAbsent() throws Exception {
        Files.writeString(CassandraPidFile.path(dataDir), "pid=");

        assertThat(CassandraPidFile.read(dataDir)).isEmpty();
    }

    @Test
    void aPidOfAnotherLiveProcessIsNeverStopped() {
        // This test JVM is alive but is not a Cassandra of this data directory.
        new CassandraPidFile(ProcessHandle.current().pid(), "127.0.0.1", 1).write(dataDir);

        assertThat(EmbeddedCassandra.stop(settings())).isFalse();
        assertThat(ProcessHandle.current().isAlive()).isTrue();
        assertThat(CassandraPidFile.read(dataDir)).isEmpty();
    }

    @Test
    void aDeadPidReportsDown() throws Exception {
        Process finished = new ProcessBuilder(
                        CassandraJvmArguments.javaExecutable().toString(), "-version")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        finished.waitFor();
        new CassandraPidFile(finished.pid(), "127.0.0.1", 1).write(dataDir);

        assertThat(EmbeddedCassandra.status(settings()).running()).isFalse();
        assertThat(EmbeddedCassandra.stop(settings())).isFalse();
    }

    @Test
    void aStoppedNodeIsLookedForWhereItLastRanNotOnTheConfiguredPort() {
        // a node that took free ports records them; after its stop, status must report that address
        new CassandraPorts("127.0.0.1", lyceum.net.FreePorts.next(), 7).write(dataDir);

        CassandraStatus status = EmbeddedCassandra.status(settings());

        assertThat(status.running()).isFalse();
        assertThat(status.port())
                .isEqualTo(CassandraPorts.read(dataDir).orElseThrow().nativePort())
                .isNotEqualTo(1);
    }

    @Test
    void aMissingClasspathFileSaysHowToBuildIt() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> CassandraClasspath.read(dataDir.resolve("cassandra.classpath")))
                .isInstanceOf(CassandraStartException.class)
                .hasMessageContaining("mvn -pl cassandra-server package")
                .hasMessageContaining("-Dlyceum.cassandra.classpath");
    }
}
