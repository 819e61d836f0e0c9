package lyceum.cassandra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * Cassandra's runtime classpath, as written by the cassandra-server module's build into
 * {@code cassandra-server/target/cassandra.classpath}. Cassandra's libraries stay out of Lyceum's own
 * classpath: they run only in the child JVM.
 */
record CassandraClasspath(String value) {

    static CassandraClasspath read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new CassandraStartException("Cassandra classpath file "
                    + file
                    + " not found. Build it with `mvn -pl cassandra-server package` in the project root, or"
                    + " point -Dlyceum.cassandra.classpath at it.");
        }
        try {
            String value = Files.readString(file).strip();
            if (value.isEmpty()) {
                throw new CassandraStartException("Cassandra classpath file " + file + " is empty");
            }
            return new CassandraClasspath(value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The jamm jar, which Cassandra's own launcher loads as a java agent to measure object sizes. */
    Optional<String> jammJar() {
        return Arrays.stream(value.split(java.io.File.pathSeparator))
                .filter(entry -> Path.of(entry).getFileName().toString().startsWith("jamm-"))
                .findFirst();
    }
}
