package lyceum.experiment;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import lyceum.events.ProblemEvent.ProblemRegistered;

/**
 * What the coordinator requires of its problems before it journals anything about them: valid ids, no
 * id twice, and a content hash that tells whether a restarted coordinator reads the same dataset.
 */
final class DatasetCheck {

    private DatasetCheck() {}

    /** Throws {@link IllegalArgumentException} naming the file and line of the first bad or repeated id. */
    static void validate(ProblemCatalog.Problems problems) {
        Map<String, ProblemRegistered> seen = new HashMap<>();
        for (ProblemRegistered p : all(problems)) {
            String error = Ids.problemIdError(p.problemId());
            if (error != null) {
                throw new IllegalArgumentException(where(p) + ": " + error);
            }
            ProblemRegistered first = seen.putIfAbsent(p.problemId(), p);
            if (first != null) {
                throw new IllegalArgumentException("problem id '" + p.problemId() + "' is twice in the dataset: "
                        + where(first) + " and " + where(p));
            }
        }
    }

    /** SHA-256 (first 16 bytes, hex) of every problem's id, split, question and references, in order. */
    static String contentHash(ProblemCatalog.Problems problems) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (ProblemRegistered p : all(problems)) {
                for (String field : new String[] {
                    p.problemId(), p.split(), p.question(), p.referenceAnswer(), p.referenceRationale()
                }) {
                    digest.update(String.valueOf(field).getBytes(StandardCharsets.UTF_8));
                    digest.update((byte) 0);
                }
            }
            return HexFormat.of().formatHex(digest.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<ProblemRegistered> all(ProblemCatalog.Problems problems) {
        return Stream.concat(problems.train().stream(), problems.test().stream())
                .toList();
    }

    private static String where(ProblemRegistered p) {
        return "dataset " + p.source() + (p.sourceLine() > 0 ? " line " + p.sourceLine() : "");
    }
}
