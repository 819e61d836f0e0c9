package lyceum.cassandra;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The address and ports the embedded Cassandra of a data directory was last started on, recorded in
 * {@value #FILE_NAME} there. They are the configured ones unless another process held those at start
 * (another checkout's Cassandra, say): then free ones were taken, and clients of the data directory
 * find them here.
 */
public record CassandraPorts(String host, int nativePort, int storagePort) {

    static final String FILE_NAME = "ports.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    public static Path path(Path dataDir) {
        return dataDir.resolve(FILE_NAME);
    }

    /** The recorded ports, or empty if the node was never started (or the file is torn). */
    public static Optional<CassandraPorts> read(Path dataDir) {
        Path file = path(dataDir);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            CassandraPorts ports = JSON.readValue(file.toFile(), CassandraPorts.class);
            return ports.host() == null || ports.nativePort() <= 0 ? Optional.empty() : Optional.of(ports);
        } catch (IOException e) {
            // written by rename, so only a hand edit tears it; the next start rewrites it
            return Optional.empty();
        }
    }

    void write(Path dataDir) {
        Path file = path(dataDir);
        Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
        try {
            JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), this);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    String contactPoint() {
        return host + ":" + nativePort;
    }
}
