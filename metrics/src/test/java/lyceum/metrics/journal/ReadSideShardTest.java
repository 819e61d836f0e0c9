package lyceum.metrics.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadSideShardTest {

    @Test
    void shardsCoverTheRangeEvenly() {
        int[] counts = new int[ReadSideShard.COUNT];
        for (int i = 0; i < 100 * ReadSideShard.COUNT; i++) {
            counts[ReadSideShard.of("gsm8k-train-" + i)]++;
        }
        for (int c : counts) {
            assertThat(c).isBetween(50, 150);
        }
    }

    @Test
    void problemOrderIsShardThenCassandrasUtf8ByteOrder() {
        // In UTF-16 order U+FF21 sorts after U+1F600's surrogates; in UTF-8 byte order it sorts before.
        String fullWidth = "\uFF21";
        String emoji = "\uD83D\uDE00";
        assertThat(ReadSideShard.compareUtf8(fullWidth, emoji)).isNegative();
        assertThat(fullWidth.compareTo(emoji)).isPositive();

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            ids.add("p" + i);
        }
        ids.sort(ReadSideShard.PROBLEM_ORDER);
        for (int i = 1; i < ids.size(); i++) {
            String a = ids.get(i - 1);
            String b = ids.get(i);
            assertThat(ReadSideShard.of(a)).isLessThanOrEqualTo(ReadSideShard.of(b));
            if (ReadSideShard.of(a) == ReadSideShard.of(b)) {
                assertThat(a.compareTo(b)).isNegative();
            }
        }
    }
}
