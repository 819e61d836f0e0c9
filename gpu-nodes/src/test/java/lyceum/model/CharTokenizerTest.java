package lyceum.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CharTokenizerTest {
    private final CharTokenizer tokenizer = CharTokenizer.standard();

    @Test
    void vocabularyIsSpecialsNewlineAndPrintableAscii() {
        assertThat(tokenizer.size()).isEqualTo(4 + 1 + 95);
        assertThat(tokenizer.vocabulary().subList(0, 5)).containsExactly("<pad>", "<bos>", "<eos>", "<unk>", "\n");
        assertThat(ModelConfig.defaults().vocabSize()).isEqualTo(tokenizer.size());
    }

    @Test
    void roundTripsQuestionsAndRationales() {
        String text = "What is 12 + 7?\n12 + 7 = 19\n#### 19";
        int[] tokens = tokenizer.encode(text);
        assertThat(tokens).hasSize(text.length()).doesNotContain(CharTokenizer.UNK);
        assertThat(tokenizer.decode(tokens)).isEqualTo(text);
    }

    @Test
    void unknownCharactersBecomeUnkAndSpecialsDecodeToNothing() {
        int[] tokens = tokenizer.encode("a\u00e9b");
        assertThat(tokens[1]).isEqualTo(CharTokenizer.UNK);
        assertThat(tokenizer.decode(tokens)).isEqualTo("a\uFFFDb");
        int[] withSpecials = {CharTokenizer.BOS, tokenizer.encode("x")[0], CharTokenizer.EOS, CharTokenizer.PAD};
        assertThat(tokenizer.decode(withSpecials)).isEqualTo("x");
    }

    @Test
    void rebuildsFromAStoredVocabularyAndRejectsMalformedOnes() {
        CharTokenizer rebuilt = CharTokenizer.fromVocabulary(tokenizer.vocabulary());
        assertThat(rebuilt.encode("#### 42")).isEqualTo(tokenizer.encode("#### 42"));
        assertThatThrownBy(() -> CharTokenizer.fromVocabulary(List.of("a", "b")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
