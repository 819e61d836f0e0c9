package lyceum.grading;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads English cardinal numbers written with words ("twelve", "one hundred five", "twenty-one",
 * "three thousand two hundred and ten") at the start of an answer. Words are only read when the
 * answer itself starts with them: free text is never scanned for number words, because words such
 * as "one" are far more often prose than answers.
 */
final class NumberWords {

    private static final Map<String, Long> UNITS = Map.ofEntries(
            Map.entry("zero", 0L),
            Map.entry("one", 1L),
            Map.entry("two", 2L),
            Map.entry("three", 3L),
            Map.entry("four", 4L),
            Map.entry("five", 5L),
            Map.entry("six", 6L),
            Map.entry("seven", 7L),
            Map.entry("eight", 8L),
            Map.entry("nine", 9L),
            Map.entry("ten", 10L),
            Map.entry("eleven", 11L),
            Map.entry("twelve", 12L),
            Map.entry("thirteen", 13L),
            Map.entry("fourteen", 14L),
            Map.entry("fifteen", 15L),
            Map.entry("sixteen", 16L),
            Map.entry("seventeen", 17L),
            Map.entry("eighteen", 18L),
            Map.entry("nineteen", 19L),
            Map.entry("twenty", 20L),
            Map.entry("thirty", 30L),
            Map.entry("forty", 40L),
            Map.entry("fifty", 50L),
            Map.entry("sixty", 60L),
            Map.entry("seventy", 70L),
            Map.entry("eighty", 80L),
            Map.entry("ninety", 90L));

    private static final Map<String, Long> SCALES =
            Map.of("thousand", 1_000L, "million", 1_000_000L, "billion", 1_000_000_000L);

    private static final Pattern WORD = Pattern.compile("[a-z]+");

    private NumberWords() {}

    /** The value of the number words an answer starts with, and where they end. */
    record Leading(long value, int end) {}

    /**
     * Reads the longest run of number words at the start of {@code text} (case-insensitive). "and"
     * and hyphens are accepted between number words; a lone "and" or a scale word without a number
     * before it is not a number.
     */
    static Optional<Leading> leading(String text) {
        String lower = text.toLowerCase();
        Matcher m = WORD.matcher(lower);
        long total = 0;
        long group = 0;
        boolean any = false;
        int end = 0;
        int pos = 0;
        while (m.find()) {
            if (!separatorOnly(lower, pos, m.start())) {
                break;
            }
            String w = m.group();
            if (w.equals("and") && any) {
                pos = m.end();
                continue;
            }
            Long unit = UNITS.get(w);
            if (unit != null) {
                group += unit;
            } else if (w.equals("hundred") && any) {
                group = Math.max(group, 1) * 100;
            } else if (SCALES.containsKey(w) && any) {
                total += Math.max(group, 1) * SCALES.get(w);
                group = 0;
            } else {
                break;
            }
            any = true;
            end = m.end();
            pos = m.end();
        }
        return any ? Optional.of(new Leading(total + group, end)) : Optional.empty();
    }

    /** Replaces number words at the start of {@code text} by digits; other text is returned as is. */
    static String replaceLeading(String text) {
        String trimmed = text.strip();
        return leading(trimmed)
                .filter(l -> l.end() == trimmed.length() || !Character.isLetterOrDigit(trimmed.charAt(l.end())))
                .map(l -> l.value() + trimmed.substring(l.end()))
                .orElse(text);
    }

    private static boolean separatorOnly(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c != ' ' && c != '-') {
                return false;
            }
        }
        return true;
    }
}
