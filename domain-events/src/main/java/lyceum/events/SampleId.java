package lyceum.events;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Identity of one sample: a pure function of (experiment, problem, iteration, round, index). The
 * sampling seed derives from it, so a retried command draws the same sample, and the problem actor that
 * already holds it acknowledges without persisting again. The text form is readable and parseable, so
 * {@code lyceum audit SAMPLE_ID} can find the problem from the id alone.
 */
public record SampleId(String experimentId, String problemId, int iteration, int round, int index) {

    private static final String SEP = "~";

    public SampleId {
        requireNoSeparator(experimentId, "experimentId");
        requireNoSeparator(problemId, "problemId");
        if (iteration < 0 || round < 0 || index < 0) {
            throw new IllegalArgumentException("iteration, round and index must be >= 0");
        }
    }

    private static void requireNoSeparator(String value, String field) {
        if (value == null || value.isEmpty() || value.contains(SEP)) {
            throw new IllegalArgumentException(field + " must be non-empty and free of '" + SEP + "': " + value);
        }
    }

    /** For example {@code exp-1a2b~gsm8k-test-17~2~0~5}. */
    public String value() {
        return experimentId + SEP + problemId + SEP + iteration + SEP + round + SEP + index;
    }

    @Override
    public String toString() {
        return value();
    }

    public static SampleId parse(String text) {
        String[] parts = text.split(SEP, -1);
        if (parts.length != 5) {
            throw new IllegalArgumentException("not a sample id (experiment~problem~iteration~round~index): " + text);
        }
        try {
            return new SampleId(
                    parts[0],
                    parts[1],
                    Integer.parseInt(parts[2]),
                    Integer.parseInt(parts[3]),
                    Integer.parseInt(parts[4]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a sample id, iteration/round/index must be numbers: " + text, e);
        }
    }

    /** The sampling seed: the first 8 bytes of SHA-256 of the id. */
    public long seed() {
        return seedOf(value());
    }

    /**
     * The sampling seed under an experiment's configured seed: a function of that seed and the sample's
     * place (problem, iteration, round, index), not of the experiment id, so two experiments run from the
     * same configuration and seed draw the same samples (and two strategies compared on the same seed share
     * their plain samples). A null seed (a command from a coordinator that did not send one) gives
     * {@link #seed()}.
     */
    public long seed(Long experimentSeed) {
        return experimentSeed == null
                ? seed()
                : seedOf(experimentSeed + SEP + problemId + SEP + iteration + SEP + round + SEP + index);
    }

    /** A stable 64-bit seed for any identifying text (sample ids, evaluation ids). */
    public static long seedOf(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            long seed = 0;
            for (int i = 0; i < 8; i++) {
                seed = (seed << 8) | (digest[i] & 0xff);
            }
            return seed;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
