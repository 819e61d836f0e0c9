package lyceum.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class MajorityVoteTest {

    private record Vote(String answer, boolean correct) {}

    private static boolean majority(List<Vote> votes, Function<String, String> key, int k) {
        return MajorityVote.majorityCorrect(votes, v -> key.apply(v.answer()), Vote::correct, k);
    }

    @Test
    void aTieGoesToTheAnswerThatOccurredFirst() {
        List<Vote> votes =
                List.of(new Vote("7", false), new Vote("9", true), new Vote("9", true), new Vote("7", false));
        assertThat(majority(votes, Function.identity(), 4)).isFalse(); // 7 and 9 tie 2-2; 7 came first
        assertThat(majority(votes, Function.identity(), 3)).isTrue(); // 9 wins 2-1
        assertThat(majority(votes, Function.identity(), 1)).isFalse();
    }

    @Test
    void samplesWithoutAnAnswerDoNotVote() {
        List<Vote> votes = Arrays.asList(new Vote(null, false), new Vote(null, false), new Vote("5", true));
        assertThat(majority(votes, Function.identity(), 3)).isTrue();
        assertThat(majority(votes, Function.identity(), 2)).isFalse();
    }

    @Test
    void theCallersKeyMergesEquivalentAnswers() {
        List<Vote> votes = List.of(new Vote("7", false), new Vote(" 42", true), new Vote("42 ", true));
        assertThat(majority(votes, String::strip, 3)).isTrue();
        assertThat(majority(votes, Function.identity(), 3)).isFalse(); // three singletons: "7" first
    }
}
