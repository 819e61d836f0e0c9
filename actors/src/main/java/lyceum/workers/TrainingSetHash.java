package lyceum.workers;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The content hash of a training set, as TrainingStarted journals it and as a training worker checks it
 * before training: a set changed or torn after it was journaled is refused, not trained on.
 */
public final class TrainingSetHash {

  private TrainingSetHash() {}

  public static String of(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      int n;
      while ((n = in.read(buffer)) > 0) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest(), 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Thrown when the file on disk is not the set that was journaled; no retry reads another file. */
  public static final class Mismatch extends IOException {
    public Mismatch(Path file, String journaled, String found) {
      super("training set " + file + " has hash " + found + " but " + journaled
          + " was journaled when it was written: it changed since, so it is not trained on");
    }
  }

  /** Checks {@code file} against the journaled hash; a null hash (an older message) is not checked. */
  public static void verify(Path file, String journaled) throws IOException {
    if (journaled == null) {
      return;
    }
    String found = of(file);
    if (!found.equals(journaled)) {
      throw new Mismatch(file, journaled, found);
    }
  }
}
