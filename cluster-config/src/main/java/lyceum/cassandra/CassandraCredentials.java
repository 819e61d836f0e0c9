package lyceum.cassandra;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import lyceum.engine.DurableFiles;

/**
 * The login of Lyceum's own role on the embedded Cassandra, generated on its first start and kept in
 * {@value #FILE_NAME} in its data directory, readable by the owner only. Every Lyceum client of that
 * data directory reads it from there.
 */
public record CassandraCredentials(String username, String password) {

    static final String FILE_NAME = "credentials.json";
    static final String USERNAME = "lyceum";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ObjectMapper JSON = new ObjectMapper();

    public static Path path(Path dataDir) {
        return dataDir.resolve(FILE_NAME);
    }

    /** A new password of 192 random bits for Lyceum's role. */
    static CassandraCredentials generate() {
        byte[] secret = new byte[24];
        RANDOM.nextBytes(secret);
        return new CassandraCredentials(
                USERNAME, Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    }

    /** The credentials recorded in the data directory; empty if there is no file (never started). */
    public static Optional<CassandraCredentials> read(Path dataDir) {
        Path file = path(dataDir);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        CassandraCredentials read;
        try {
            read = JSON.readValue(file.toFile(), CassandraCredentials.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Cassandra credentials " + file, e);
        }
        if (blank(read.username()) || blank(read.password())) {
            throw new IllegalStateException("the Cassandra credentials "
                    + file
                    + " lack "
                    + (blank(read.username()) ? "username" : "password")
                    + "; restore the file, or stop the node and delete it to have new credentials generated");
        }
        return Optional.of(read);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    /** Synced before the role is created with it, so a crash never leaves a role nobody can log in as. */
    void write(Path dataDir) {
        try {
            DurableFiles.writeOwnerOnly(
                    path(dataDir), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(this));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Cassandra credentials " + path(dataDir), e);
        }
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return "CassandraCredentials[username=" + username + ", password=(set)]";
    }
}
