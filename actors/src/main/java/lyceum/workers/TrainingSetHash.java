package lyceum.workers;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The content hash of a training set, as TrainingStarted journals it and as a training worker checks it
 * before training: a set changed or torn after it was journaled is refused, not trained on. A set of
 * several files (a data file and LLaMA-Factory's dataset_info.json) hashes the data file's bytes, then
 * for each further file a NUL and its bytes, so a one-file set keeps the hash it always had.
 */
public final class TrainingSetHash {

    private TrainingSetHash() {}

    public static String of(Path file) throws IOException {
        return of(List.of(file));
    }

    public static String of(List<Path> files) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int i = 0; i < files.size(); i++) {
                if (i > 0) {
                    digest.update((byte) 0);
                }
                try (InputStream in = Files.newInputStream(files.get(i))) {
                    int n;
                    while ((n = in.read(buffer)) > 0) {
                        digest.update(buffer, 0, n);
                    }
                }
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
        verify(List.of(file), journaled);
    }

    /** Checks a set's files (the data file first) against the journaled hash. */
    public static void verify(List<Path> files, String journaled) throws IOException {
        if (journaled == null) {
            return;
        }
        String found = of(files);
        if (!found.equals(journaled)) {
            throw new Mismatch(files.get(0), journaled, found);
        }
    }
}
