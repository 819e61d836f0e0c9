package lyceum.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import lyceum.engine.Generation;
import org.junit.jupiter.api.Test;

class GenerationOutputTest {

    private final GenerationOutput output = new GenerationOutput(100);

    private static Generation generation(String text) {
        return new Generation("s-1", text, 9, -0.5, false, 12);
    }

    @Test
    void aShortWellFormedTextPassesUnchanged() {
        Generation g = generation("2 + 3 = 5\n\t#### 5\r\n \u00e9\u4e2d\ud83d\ude00");
        assertThat(output.bound(g)).isSameAs(g);
    }

    @Test
    void aLongTextIsCutToTheCapAndFlaggedTruncated() {
        Generation huge = generation("7".repeat(5_000_000));
        Generation bounded = output.bound(huge);
        assertThat(bounded.text()).hasSize(100).isEqualTo("7".repeat(100));
        assertThat(bounded.truncated()).isTrue();
        assertThat(bounded.requestId()).isEqualTo("s-1");
        assertThat(bounded.tokenCount()).isEqualTo(9);
        assertThat(bounded.meanLogProb()).isEqualTo(-0.5);
        assertThat(bounded.latencyMillis()).isEqualTo(12);
        assertThat(output.bound(generation("x".repeat(100))).truncated()).isFalse();
    }

    @Test
    void aCutNeverSplitsASurrogatePair() {
        Generation g = generation("a".repeat(99) + "\ud83d\ude00" + "b");
        Generation bounded = output.bound(g);
        assertThat(bounded.text()).isEqualTo("a".repeat(99));
        assertThat(bounded.truncated()).isTrue();
    }

    @Test
    void controlCharactersAndUnpairedSurrogatesBecomeReplacementCharacters() throws CharacterCodingException {
        Generation g = generation("a\u0000b\u0007c\ud800d\udc00e\u001b\u007f\u0085f");
        Generation bounded = output.bound(g);
        assertThat(bounded.text()).isEqualTo("a\ufffdb\ufffdc\ufffdd\ufffde\ufffd\ufffd\ufffdf");
        assertThat(bounded.truncated()).isFalse();
        // encodable as strict UTF-8, as the journal's CBOR needs
        StandardCharsets.UTF_8.newEncoder().encode(java.nio.CharBuffer.wrap(bounded.text()));
    }

    @Test
    void aMissingTextIsEmptyAndAKeptTruncationFlagStays() {
        assertThat(output.bound(generation(null)).text()).isEmpty();
        assertThat(output.bound(generation("")).text()).isEmpty();
        Generation cutByEngine = new Generation("s-2", "abc", 3, -1, true, 1);
        assertThat(output.bound(cutByEngine).truncated()).isTrue();
    }

    @Test
    void theCapMustBePositive() {
        assertThatThrownBy(() -> new GenerationOutput(0)).hasMessageContaining("max-output-chars");
    }
}
