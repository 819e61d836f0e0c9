package lyceum.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EventTagsTest {

    @Test
    void aProblemsTagIsItsEntityIdHashModuloEight() {
        String entityId = "exp-1|gsm8k-train-17";
        assertThat(EventTags.problemTag(entityId))
                .isEqualTo("problem-" + Math.floorMod(entityId.hashCode(), 8))
                .isEqualTo(EventTags.problemTag("exp-1", "gsm8k-train-17"));
    }

    @Test
    void everyTagHasItsProjectionInstance() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            seen.add(EventTags.problemTag("exp|p" + i));
        }
        assertThat(EventTags.problemTags())
                .hasSize(EventTags.PROBLEM_TAG_COUNT)
                .containsExactlyInAnyOrderElementsOf(seen)
                .startsWith("problem-0")
                .endsWith("problem-7");
    }
}
