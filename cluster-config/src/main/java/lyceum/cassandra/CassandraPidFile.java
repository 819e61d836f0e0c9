package lyceum.cassandra;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;

/**
 * The pid, host and native port of the Cassandra started from a data directory, recorded there so that
 * a later {@code lyceum cassandra stop} or {@code status} from another process finds it.
 */
record CassandraPidFile(long pid, String host, int nativePort) {

    static final String FILE_NAME = "cassandra.pid";

    static Path path(Path dataDir) {
        return dataDir.resolve(FILE_NAME);
    }

    static Optional<CassandraPidFile> read(Path dataDir) {
        Path file = path(dataDir);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
            return Optional.of(new CassandraPidFile(
                    Long.parseLong(p.getProperty("pid").strip()),
                    p.getProperty("host").strip(),
                    Integer.parseInt(p.getProperty("native-port").strip())));
        } catch (IOException | RuntimeException e) {
            // A torn or hand-edited file: treat it as absent; start will overwrite it.
            return Optional.empty();
        }
    }

    void write(Path dataDir) {
        Properties p = new Properties();
        p.setProperty("pid", Long.toString(pid));
        p.setProperty("host", host);
        p.setProperty("native-port", Integer.toString(nativePort));
        Path file = path(dataDir);
        Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
        try {
            try (Writer out = Files.newBufferedWriter(tmp)) {
                p.store(out, "Cassandra started by Lyceum");
            }
            // Readers in other processes never see a half-written file.
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    static void delete(Path dataDir) {
        try {
            Files.deleteIfExists(path(dataDir));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + path(dataDir), e);
        }
    }
}
