package lyceum.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SeedGroupsTest {

    @Test
    void aGroupsRunsAreItsIdFollowedBySeedNInSeedOrder() {
        List<String> ids =
                List.of("g-seed10", "g-seed2", "g-seed-1", "g", "g-seed2x", "g2-seed1", "other-seed3", "g-seedling");

        assertThat(SeedGroups.members(ids, "g")).containsExactly("g-seed-1", "g-seed2", "g-seed10");
        assertThat(SeedGroups.memberId("g", 10)).isEqualTo("g-seed10");
        assertThat(SeedGroups.isGroup(ids, "g"))
                .as("g is an experiment of its own")
                .isFalse();
        assertThat(SeedGroups.isGroup(ids, "other")).isTrue();
        assertThat(SeedGroups.isGroup(ids, "none")).isFalse();
    }

    @Test
    void seedsAreIntegersSeparatedByCommasEachOnce() {
        assertThat(SeedGroups.parse("1, 2,3")).containsExactly(1L, 2L, 3L);
        assertThat(SeedGroups.parse("-4")).containsExactly(-4L);
        assertThatThrownBy(() -> SeedGroups.parse("1,two,3"))
                .hasMessageContaining("--seeds 1,two,3")
                .hasMessageContaining("'two' is not an integer seed");
        assertThatThrownBy(() -> SeedGroups.parse("1,,2")).hasMessageContaining("'' is not an integer seed");
        assertThatThrownBy(() -> SeedGroups.parse("5,5")).hasMessageContaining("seed 5 is named twice");
    }
}
