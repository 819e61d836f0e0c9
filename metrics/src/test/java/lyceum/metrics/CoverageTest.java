package lyceum.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.Random;
import org.junit.jupiter.api.Test;

class CoverageTest {

    @Test
    void shareOfProblemsWithACorrectSample() {
        assertThat(Coverage.share(new int[] {0, 2, 0, 1})).isEqualTo(0.5);
        assertThat(Coverage.share(new int[] {3})).isEqualTo(1.0);
        assertThat(Coverage.share(new int[0])).isNaN();
    }

    @Test
    void histogramCountsProblemsPerCorrectCount() {
        assertThat(Coverage.histogram(new int[] {0, 2, 0, 1})).containsExactly(entry(0, 2), entry(1, 1), entry(2, 1));
    }

    @Test
    void addingCorrectSamplesNeverLowersCoverage() {
        Random random = new Random(3);
        for (int trial = 0; trial < 200; trial++) {
            int[] counts = new int[1 + random.nextInt(30)];
            for (int i = 0; i < counts.length; i++) {
                counts[i] = random.nextInt(3);
            }
            double before = Coverage.share(counts);
            counts[random.nextInt(counts.length)] += 1 + random.nextInt(3);
            assertThat(Coverage.share(counts)).isGreaterThanOrEqualTo(before);
            assertThat(Coverage.histogram(counts).values().stream()
                            .mapToInt(Integer::intValue)
                            .sum())
                    .isEqualTo(counts.length);
        }
    }
}
