package lyceum.metrics.journal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;

/**
 * Read-side partitions hold the rows of one shard of an experiment's problems (per iteration for the
 * per-iteration tables), so no partition grows with the experiment: a million problems with sixteen
 * samples each make partitions of about sixteen thousand rows.
 */
public final class ReadSideShard {

    /** Part of the stored layout: changing it orphans every row already written. */
    public static final int COUNT = 1024;

    /**
     * The order in which the read side returns problems: by shard, then by id as Cassandra orders text
     * (unsigned UTF-8 bytes). Every metrics path adds problems in this order, so sums of doubles are
     * formed in the same order and agree to the last bit.
     */
    public static final Comparator<String> PROBLEM_ORDER =
            Comparator.comparingInt(ReadSideShard::of).thenComparing(ReadSideShard::compareUtf8);

    private ReadSideShard() {}

    public static int of(String problemId) {
        return Math.floorMod(mix(problemId.hashCode()), COUNT);
    }

    /**
     * MurmurHash3's finaliser: ids that differ only in a trailing counter have nearby String hash codes,
     * which the low bits alone would spread unevenly over the shards.
     */
    private static int mix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }

    static int compareUtf8(String a, String b) {
        return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
