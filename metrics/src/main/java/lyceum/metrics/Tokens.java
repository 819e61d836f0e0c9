package lyceum.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Word tokens for Distinct-n and TF-IDF: the text is lowercased; a token is a run of letters and
 * digits (a '.' or ',' between two digits stays inside, so "1,200.5" is one token), or one of the
 * arithmetic symbols {@code + - * / = × ÷ ^ %}, which carry the reasoning in math rationales. Any
 * other character separates tokens.
 */
public final class Tokens {

    private static final String SYMBOLS = "+-*/=×÷^%";

    private Tokens() {}

    public static List<String> words(String text) {
        List<String> tokens = new ArrayList<>();
        scan(text, (lowercased, start, end) -> tokens.add(lowercased.substring(start, end)));
        return tokens;
    }

    /** Receives each token {@link #scan} finds, as a range of the lowercased text. */
    interface Sink {
        void token(String lowercased, int start, int end);
    }

    /** The tokens of {@link #words}, in order, without making a string of each. */
    static void scan(String text, Sink sink) {
        String s = text.toLowerCase(Locale.ROOT);
        int i = 0;
        int length = s.length();
        while (i < length) {
            char ch = s.charAt(i);
            if (Character.isLetterOrDigit(ch)) {
                int start = i++;
                while (i < length && (Character.isLetterOrDigit(s.charAt(i)) || isInnerNumberMark(s, i))) {
                    i++;
                }
                sink.token(s, start, i);
            } else {
                if (SYMBOLS.indexOf(ch) >= 0) {
                    sink.token(s, i, i + 1);
                }
                i++;
            }
        }
    }

    /** How many tokens {@link #words} finds, without making them: a response's length in tokens. */
    public static int count(String text) {
        String s = text.toLowerCase(Locale.ROOT);
        int count = 0;
        int i = 0;
        int length = s.length();
        while (i < length) {
            char ch = s.charAt(i);
            if (Character.isLetterOrDigit(ch)) {
                i++;
                while (i < length && (Character.isLetterOrDigit(s.charAt(i)) || isInnerNumberMark(s, i))) {
                    i++;
                }
                count++;
            } else {
                if (SYMBOLS.indexOf(ch) >= 0) {
                    count++;
                }
                i++;
            }
        }
        return count;
    }

    private static boolean isInnerNumberMark(String s, int i) {
        char ch = s.charAt(i);
        return (ch == '.' || ch == ',')
                && i + 1 < s.length()
                && Character.isDigit(s.charAt(i - 1))
                && Character.isDigit(s.charAt(i + 1));
    }
}
