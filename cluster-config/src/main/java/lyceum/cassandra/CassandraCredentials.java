package lyceum.cassandra;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Properties;
import lyceum.engine.DurableFiles;

/**
 * The login of Lyceum's own role on the embedded Cassandra, generated on its first start and kept in
 * {@value #FILE_NAME} in its data directory, readable by the owner only. Every Lyceum client of that
 * data directory reads it from there.
 */
public record CassandraCredentials(String username, String password) {

  static final String FILE_NAME = "credentials";
  static final String USERNAME = "lyceum";

  private static final SecureRandom RANDOM = new SecureRandom();

  public static Path path(Path dataDir) {
    return dataDir.resolve(FILE_NAME);
  }

  /** A new password of 192 random bits for Lyceum's role. */
  static CassandraCredentials generate() {
    byte[] secret = new byte[24];
    RANDOM.nextBytes(secret);
    return new CassandraCredentials(USERNAME, Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
  }

  /** The credentials recorded in the data directory; empty if there is no file (never started). */
  public static Optional<CassandraCredentials> read(Path dataDir) {
    Path file = path(dataDir);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(file)) {
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the Cassandra credentials " + file, e);
    }
    String username = p.getProperty("username");
    String password = p.getProperty("password");
    if (username == null || username.isBlank() || password == null || password.isBlank()) {
      throw new IllegalStateException(
          "the Cassandra credentials "
              + file
              + " lack "
              + (username == null || username.isBlank() ? "username" : "password")
              + "; restore the file, or stop the node and delete it to have new credentials generated");
    }
    return Optional.of(new CassandraCredentials(username.strip(), password.strip()));
  }

  /** Synced before the role is created with it, so a crash never leaves a role nobody can log in as. */
  void write(Path dataDir) {
    Properties p = new Properties();
    p.setProperty("username", username);
    p.setProperty("password", password);
    StringWriter text = new StringWriter();
    try {
      p.store(text, "Lyceum's login on the embedded Cassandra; keep it readable by its owner only");
      DurableFiles.writeOwnerOnly(path(dataDir), text.toString().getBytes(StandardCharsets.ISO_8859_1));
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
