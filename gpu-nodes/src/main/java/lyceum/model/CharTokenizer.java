package lyceum.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One token per character over a fixed vocabulary: four specials, newline and printable ASCII. The
 * vocabulary is written into each checkpoint, so a checkpoint decodes its own output even if the
 * standard vocabulary changes later. Characters outside it encode as {@link #UNK}.
 */
public final class CharTokenizer {
    public static final int PAD = 0;
    public static final int BOS = 1;
    public static final int EOS = 2;
    public static final int UNK = 3;
    private static final List<String> SPECIALS = List.of("<pad>", "<bos>", "<eos>", "<unk>");

    private final List<String> vocabulary;
    private final Map<Character, Integer> ids = new HashMap<>();

    private CharTokenizer(List<String> vocabulary) {
        if (vocabulary.size() < SPECIALS.size() || !vocabulary.subList(0, 4).equals(SPECIALS)) {
            throw new IllegalArgumentException("vocabulary must start with " + SPECIALS);
        }
        this.vocabulary = List.copyOf(vocabulary);
        for (int id = SPECIALS.size(); id < vocabulary.size(); id++) {
            String symbol = vocabulary.get(id);
            if (symbol.length() != 1) {
                throw new IllegalArgumentException("not a single character: '" + symbol + "'");
            }
            ids.put(symbol.charAt(0), id);
        }
    }

    public static CharTokenizer standard() {
        List<String> vocabulary = new ArrayList<>(SPECIALS);
        vocabulary.add("\n");
        for (char c = 32; c < 127; c++) {
            vocabulary.add(String.valueOf(c));
        }
        return new CharTokenizer(vocabulary);
    }

    public static CharTokenizer fromVocabulary(List<String> vocabulary) {
        return new CharTokenizer(vocabulary);
    }

    public List<String> vocabulary() {
        return vocabulary;
    }

    public int size() {
        return vocabulary.size();
    }

    public int[] encode(String text) {
        int[] tokens = new int[text.length()];
        for (int i = 0; i < text.length(); i++) {
            tokens[i] = ids.getOrDefault(text.charAt(i), UNK);
        }
        return tokens;
    }

    /** Specials other than UNK decode to nothing; UNK decodes to the replacement character. */
    public String decode(int[] tokens, int from, int to) {
        StringBuilder text = new StringBuilder(to - from);
        for (int i = from; i < to; i++) {
            int token = tokens[i];
            if (token == UNK) {
                text.append('\uFFFD');
            } else if (token >= SPECIALS.size() && token < vocabulary.size()) {
                text.append(vocabulary.get(token));
            }
        }
        return text.toString();
    }

    public String decode(int[] tokens) {
        return decode(tokens, 0, tokens.length);
    }
}
