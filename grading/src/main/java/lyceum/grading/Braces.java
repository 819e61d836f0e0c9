package lyceum.grading;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Small helpers for balanced-bracket text: LaTeX groups, top-level splitting. */
final class Braces {

    private Braces() {}

    /** The deepest nesting of (), [] and {} in s, counting openers only (unbalanced text counts too). */
    static int depth(String s) {
        int depth = 0;
        int deepest = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(' || c == '[' || c == '{') {
                deepest = Math.max(deepest, ++depth);
            } else if ((c == ')' || c == ']' || c == '}') && depth > 0) {
                depth--;
            }
        }
        return deepest;
    }

    /**
     * Index of the '}' that closes the '{' at {@code open}, honouring nesting and escaped braces
     * ({@code \{}, {@code \}}); -1 when unbalanced.
     */
    static int matchingBrace(String s, int open) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
                continue;
            }
            if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
                if (depth == 0) {
                    return i;
                }
            }
        }
        return -1;
    }

    /**
     * For every '{' of s, the index of its closing '}' as {@link #matchingBrace} finds it (-1 when
     * unbalanced), all in one pass: for callers that look up many braces of one long text.
     */
    static int[] closingBraces(String s) {
        int[] closing = new int[s.length()];
        Arrays.fill(closing, -1);
        int[] open = new int[s.length()];
        int depth = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '{') {
                open[depth++] = i;
            } else if (c == '}' && depth > 0) {
                closing[open[--depth]] = i;
            }
        }
        return closing;
    }

    /**
     * One macro argument starting at {@code from} (after optional spaces): a braced group, a single
     * command such as {@code \pi}, or a single character. Returns {content, endExclusive} or null.
     */
    static String[] argument(String s, int from) {
        int i = from;
        while (i < s.length() && s.charAt(i) == ' ') {
            i++;
        }
        if (i >= s.length()) {
            return null;
        }
        char c = s.charAt(i);
        if (c == '{') {
            int close = matchingBrace(s, i);
            return close < 0 ? null : new String[] {s.substring(i + 1, close), String.valueOf(close + 1)};
        }
        if (c == '\\') {
            int j = i + 1;
            while (j < s.length() && Character.isLetter(s.charAt(j))) {
                j++;
            }
            if (j == i + 1 && j < s.length()) {
                j++;
            }
            return new String[] {s.substring(i, j), String.valueOf(j)};
        }
        if (c == '}' || c == ')' || c == ']') {
            return null;
        }
        return new String[] {String.valueOf(c), String.valueOf(i + 1)};
    }

    /**
     * Splits {@code s} at {@code sep} where it is outside every bracket; brackets of any kind count
     * together so that half-open intervals such as "[1,2)" nest correctly.
     */
    static List<String> splitTopLevel(String s, String sep) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(i + 1);
                if (n == '{' || n == '[' || n == '(') {
                    depth++;
                    i++;
                    continue;
                }
                if (n == '}' || n == ']' || n == ')') {
                    depth--;
                    i++;
                    continue;
                }
                if (depth == 0 && s.startsWith(sep, i)) {
                    parts.add(s.substring(start, i));
                    start = i + sep.length();
                    i = start - 1;
                }
                continue;
            }
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if (depth == 0 && s.startsWith(sep, i)) {
                parts.add(s.substring(start, i));
                start = i + sep.length();
                i = start - 1;
            }
        }
        parts.add(s.substring(start));
        return parts;
    }

    /**
     * Whether the bracket opening at index 0 closes exactly at the end of {@code s}, so that the
     * whole string is one bracketed group. ( [ { and escaped \{ \} count alike, so "[1,2)" is one
     * group while "(1)(2)" is not.
     */
    static boolean wrapsWhole(String s) {
        int depth = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int width = 1;
            boolean open;
            boolean close;
            if (c == '\\' && i + 1 < s.length() && (s.charAt(i + 1) == '{' || s.charAt(i + 1) == '}')) {
                open = s.charAt(i + 1) == '{';
                close = !open;
                width = 2;
            } else if (c == '\\') {
                i++;
                continue;
            } else {
                open = c == '(' || c == '[' || c == '{';
                close = c == ')' || c == ']' || c == '}';
            }
            if (open) {
                depth++;
            } else if (close) {
                depth--;
                if (depth == 0) {
                    return i + width == s.length();
                }
            }
            i += width - 1;
        }
        return false;
    }
}
