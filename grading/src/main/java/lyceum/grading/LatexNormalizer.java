package lyceum.grading;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes what only changes how an answer looks, not what it is: math delimiters, {@code \left} and
 * {@code \right}, spacing commands, {@code \text{}} wrappers, {@code \dfrac} and {@code \tfrac},
 * {@code \frac12} shorthands, degree signs, dollar signs, thousands separators and trailing units.
 * Gold and prediction go through the same steps, so the result can be compared as a string and
 * parsed by {@link AnswerParser}. Percent signs are kept (as "%"): whether 50% equals 0.5 is a
 * decision of {@link AnswerEquivalence}, not of the normaliser.
 */
final class LatexNormalizer {

    private static final Pattern DOUBLED_BACKSLASH = Pattern.compile("\\\\\\\\(?=[a-zA-Z])");
    private static final Pattern SIZED_DELIMITER_DOT =
            Pattern.compile("\\\\(?:left|right|bigl|bigr|Bigl|Bigr|biggl|biggr|Biggl|Biggr|big|Big|bigg|Bigg)\\s*\\.");
    private static final Pattern SIZED_DELIMITER = Pattern.compile(
            "\\\\(?:left|right|bigl|bigr|Bigl|Bigr|biggl|biggr|Biggl|Biggr|big|Big|bigg|Bigg)(?![a-zA-Z])");
    private static final Pattern STYLE_COMMAND =
            Pattern.compile("\\\\(?:displaystyle|textstyle|scriptstyle)(?![a-zA-Z])");
    private static final Pattern TEX_THOUSANDS_COMMA = Pattern.compile("(\\d),\\s*\\\\!\\s*(?=\\d)");
    private static final Pattern BRACED_THOUSANDS_COMMA = Pattern.compile("(\\d)\\{,\\}(?=\\d)");
    private static final Pattern THIN_SPACE_THOUSANDS = Pattern.compile("(\\d)\\\\,(?=\\d{3})");
    private static final Pattern TEX_SPACE =
            Pattern.compile("(?<!\\\\)\\\\(?:,|:|;| |quad(?![a-zA-Z])|qquad(?![a-zA-Z]))");
    private static final Pattern STYLED_FRAC = Pattern.compile("\\\\(?:d|t|c)frac(?![a-zA-Z])");
    private static final Pattern STYLED_BINOM = Pattern.compile("\\\\(?:d|t)binom(?![a-zA-Z])");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern BARE_DECIMAL_POINT = Pattern.compile("(?<![\\d.])\\.(?=\\d)");
    private static final Pattern HAS_DIGIT_OR_BRACE = Pattern.compile(".*[\\d}].*");
    private static final Pattern UNIT_POWER_TAIL = Pattern.compile("\\s*(?:\\^\\s*\\{?[23]\\}?)?[\\s.]*");
    private static final Pattern UNIT_TEXT = Pattern.compile("[A-Za-z][A-Za-z /.^23-]*");
    private static final Pattern ENDS_DIGIT_OR_BRACE = Pattern.compile(".*[\\d}]");
    private static final Pattern HAS_DIGIT = Pattern.compile(".*\\d.*");

    /** Words removed after a number; plurals are accepted too. Longer words go by the general rule. */
    private static final Set<String> UNIT_WORDS = Set.of(
            "unit", "square", "sq", "cubic", "cm", "mm", "km", "kg", "mg", "ml", "mph", "kph", "ft", "yd", "mi", "hr",
            "hrs", "min", "mins", "sec", "secs", "lb", "lbs", "oz", "gal", "deg", "usd", "cents", "cent", "meter",
            "metre", "inch", "inche", "feet", "foot", "yard", "mile", "hour", "minute", "second", "day", "week",
            "month", "year", "degree", "dollar", "point", "gram", "liter", "litre", "pound", "ounce");

    /** Words that are mathematics rather than units, never removed as a trailing word. */
    private static final Set<String> MATH_WORDS =
            Set.of("sin", "cos", "tan", "cot", "sec", "csc", "log", "ln", "exp", "sqrt", "pi", "or", "and", "i", "e");

    private static final Pattern TEXT_WRAPPER = Pattern.compile(
            "\\\\(?:text|textbf|textit|textrm|textnormal|texttt|mathrm|mathbf|mathit|mathsf|mathtt|mbox|hbox"
                    + "|operatorname\\*?|boldsymbol|bm|emph)\\s*\\{");
    private static final Pattern DEGREES = Pattern.compile(
            "\\^\\s*\\{\\s*\\\\circ\\s*\\}|\\^\\s*\\\\circ(?![a-zA-Z])|\\\\circ(?![a-zA-Z])|\\\\degree(?![a-zA-Z])");
    private static final Pattern THOUSANDS = Pattern.compile("[-+]?[1-9]\\d{0,2}(,\\d{3})+(\\.\\d+)?%?");
    /** "1 000" and "12 345 678.5": groups of three digits set off by spaces. */
    private static final Pattern SPACED_THOUSANDS = Pattern.compile("[-+]?[1-9]\\d{0,2}( \\d{3})+(\\.\\d+)?%?");
    /** A unit with a superscript power right after a number: "1,000.99m\u00b2", "12 cm\u00b3". */
    static final Pattern UNIT_SUPERSCRIPT =
            Pattern.compile("(\\d)\\s*(?:[kcm]?m|ft|in|yd|mi)[\u00b2\u00b3](?![\\p{L}\\d])");
    /** A modulus after a residue, "3 \\pmod{7}" or "3 (mod 7)": the residue is the answer. */
    private static final Pattern TRAILING_MODULUS = Pattern.compile(
            "(?<=\\S)\\s*(?:\\\\pmod\\s*\\{[^{}]{1,30}\\}|\\(\\s*\\\\?(?:mod|bmod)\\s*[^()]{1,30}\\)|\\\\(?:bmod|mod)\\s*\\w{1,30})$");

    private static final Pattern PERCENT_WORD = Pattern.compile("(?i)(?<=[\\d}])\\s*(?:percent(?:age)?|pct)\\.?$");
    /** Letters of Chinese, Japanese and Korean, removed around a number or an equation. */
    private static final Pattern CJK = Pattern.compile("[\\p{IsHan}\\p{IsHiragana}\\p{IsKatakana}\\p{IsHangul}]+");

    private static final Pattern TRAILING_WORD =
            Pattern.compile("(?<=[\\d})%\\s])\\s*([A-Za-z]+)\\.?(\\s*\\^\\s*\\{?[23]\\}?)?\\s*$");
    private static final Pattern PARENTHESIZED_WORDS = Pattern.compile("\\s*\\([A-Za-z][A-Za-z ]{2,}\\)$");
    private static final Pattern LEADING_NUMBER_THEN_WORDS =
            Pattern.compile("^([-+]?\\d(?:[\\d,]*\\d)?(?:\\.\\d+)?%?)[,;:]?\\s+([A-Za-z]+)[A-Za-z\\s'.,-]*$");

    private LatexNormalizer() {}

    static String normalize(String raw) {
        if (raw == null) {
            return "";
        }
        String s = UNIT_SUPERSCRIPT.matcher(raw).replaceAll("$1");
        s = cjk(unicode(s)).replace('\n', ' ').replace('\r', ' ').strip();
        if (!s.contains("\\begin")) {
            // A doubled backslash before a command is an escaping artefact, not a line break.
            s = DOUBLED_BACKSLASH.matcher(s).replaceAll("\\\\");
        }
        s = s.replace("\\(", "").replace("\\)", "").replace("\\[", "").replace("\\]", "");
        s = s.replace("\\$", "").replace("$", "");
        s = unwrapCommand(s, "\\boxed");
        s = unwrapCommand(s, "\\fbox");
        s = SIZED_DELIMITER_DOT.matcher(s).replaceAll("");
        s = SIZED_DELIMITER.matcher(s).replaceAll("");
        s = STYLE_COMMAND.matcher(s).replaceAll("");
        // ",\!" is how TeX writes a thousands comma: make it tight before removing "\!".
        s = TEX_THOUSANDS_COMMA.matcher(s).replaceAll("$1,");
        s = BRACED_THOUSANDS_COMMA.matcher(s).replaceAll("$1,");
        s = THIN_SPACE_THOUSANDS.matcher(s).replaceAll("$1");
        s = s.replace("\\!", "");
        s = TEX_SPACE.matcher(s).replaceAll(" ").replace('~', ' ');
        s = STYLED_BINOM.matcher(STYLED_FRAC.matcher(s).replaceAll("\\\\frac")).replaceAll("\\\\binom");
        s = unwrapTextCommands(s);
        s = DEGREES.matcher(s).replaceAll("");
        s = s.replace("\\%", "%");
        s = fixFractions(s, 0);
        s = fixSqrt(s);
        s = WHITESPACE.matcher(s).replaceAll(" ").strip();
        s = stripTrailingPunctuation(s);
        s = stripTrailingBackslash(s);
        s = NumberWords.replaceLeading(s);
        s = PERCENT_WORD.matcher(s).replaceFirst("%");
        s = TRAILING_MODULUS.matcher(s).replaceFirst("");
        s = stripUnits(s);
        if (THOUSANDS.matcher(s).matches()) {
            s = s.replace(",", "");
        } else if (SPACED_THOUSANDS.matcher(s).matches()) {
            s = s.replace(" ", "");
        }
        s = BARE_DECIMAL_POINT.matcher(s).replaceAll("0.");
        return s.strip();
    }

    /** The normalized text as it is compared character by character: without spaces. */
    static String compact(String normalized) {
        return normalized.replace(" ", "");
    }

    /** Whether an answer is words only (two letters or more, no digits, no maths): compared case-insensitively. */
    static boolean isWordsOnly(String normalized) {
        return normalized.chars().filter(Character::isLetter).count() >= 2
                && normalized.chars().allMatch(c -> Character.isLetter(c) || " '-.()".indexOf(c) >= 0);
    }

    static String foldCase(String normalized) {
        return compact(normalized).toLowerCase(Locale.ROOT);
    }

    /**
     * Unicode forms of TeX symbols. U+FFFD goes: it stands where a generation worker replaced a
     * control character or a broken surrogate, and there is nothing to read in it.
     */
    private static String unicode(String s) {
        return s.replace("\ufffd", "")
                .replace('\u2212', '-')
                .replace('\u2013', '-')
                .replace('\u00a0', ' ')
                .replace("\u00d7", "\\times ")
                .replace("\u00b7", "\\cdot ")
                .replace("\u22c5", "\\cdot ")
                .replace("\u00f7", "\\div ")
                .replace("\u221a", "\\sqrt")
                .replace("\u03c0", "\\pi ")
                .replace("\u221e", "\\infty ")
                .replace("\u2264", "\\le ")
                .replace("\u2265", "\\ge ")
                .replace("\u2260", "\\ne ")
                .replace("\u00b0", "^\\circ")
                .replace("\u222a", "\\cup ")
                .replace("\u00b1", "\\pm ")
                .replace('\u2019', '\'')
                .replace("\u2248", "\\approx ")
                .replace("\u00b2", "^2")
                .replace("\u00b3", "^3")
                .replace("\u20ac", "")
                .replace("\u00a3", "")
                .replace("\u00a5", "");
    }

    /**
     * Chinese, Japanese or Korean words around mathematics go ("所以 x=5 元" is "x=5"), and full-width
     * punctuation becomes ASCII; an answer that is only such words stays as it is, to be compared as text.
     */
    private static String cjk(String s) {
        String t = s.replace('\uff0c', ',')
                .replace('\uff1a', ':')
                .replace('\uff08', '(')
                .replace('\uff09', ')')
                .replace('\uff1b', ';')
                .replace('\u3001', ',')
                .replace('\uff1d', '=')
                .replace('\u3002', ' ');
        if (!CJK.matcher(t).find()) {
            return t;
        }
        String without = CJK.matcher(t).replaceAll(" ");
        return without.chars().anyMatch(c -> Character.isDigit(c) || c == '\\') ? without : t;
    }

    /** "5\\" and "x+1\\\\": a backslash that escapes nothing, or a line break, at the end. */
    private static String stripTrailingBackslash(String s) {
        String t = s;
        while (t.endsWith("\\") && !t.endsWith("\\\\")) {
            t = stripTrailingPunctuation(t.substring(0, t.length() - 1).strip());
        }
        if (t.endsWith("\\\\") && !t.contains("\\begin")) {
            t = stripTrailingPunctuation(t.substring(0, t.length() - 2).strip()); // a line break after the answer
        }
        return t;
    }

    /** Replaces {@code \cmd{X}} by X everywhere (a one-argument wrapper that only changes looks). */
    static String unwrapCommand(String s, String command) {
        int at;
        int from = 0;
        while ((at = s.indexOf(command, from)) >= 0) {
            int open = at + command.length();
            while (open < s.length() && s.charAt(open) == ' ') {
                open++;
            }
            if (open >= s.length() || s.charAt(open) != '{') {
                from = at + command.length();
                continue;
            }
            int close = Braces.matchingBrace(s, open);
            if (close < 0) {
                return s;
            }
            s = s.substring(0, at) + s.substring(open + 1, close) + s.substring(close + 1);
            from = at;
        }
        return s;
    }

    private static String unwrapTextCommands(String s) {
        Matcher m = TEXT_WRAPPER.matcher(s);
        while (m.find()) {
            int open = m.end() - 1;
            int close = Braces.matchingBrace(s, open);
            if (close < 0) {
                break;
            }
            String inner = s.substring(open + 1, close);
            String before = s.substring(0, m.start());
            String after = s.substring(close + 1);
            if (isTrailingUnit(before, inner, after)) {
                s = before.stripTrailing();
                break;
            }
            // Keep word boundaries: "10\text{cm}" and "10\text{ cm}" both become "10 cm".
            boolean wordy = inner.chars().anyMatch(Character::isLetter);
            String glue = wordy && !before.isEmpty() && !before.endsWith(" ") ? " " : "";
            s = before + glue + inner + after;
            m = TEXT_WRAPPER.matcher(s);
        }
        return s;
    }

    /**
     * A text wrapper at the very end, after numeric content, holding only words: a unit such as
     * {@code \text{ cm}^2}, {@code \mbox{ inches}} or {@code \mathrm{~m/s}}. A single letter counts
     * only when set off by a space, so that {@code 2\mathrm{e}} keeps its e.
     */
    private static boolean isTrailingUnit(String before, String inner, String after) {
        if (!HAS_DIGIT_OR_BRACE.matcher(before).matches()
                || !UNIT_POWER_TAIL.matcher(after).matches()) {
            return false;
        }
        String unit = inner.strip();
        long letters = unit.chars().filter(Character::isLetter).count();
        return UNIT_TEXT.matcher(unit).matches() && (letters >= 2 || !inner.equals(unit));
    }

    /** {@code \frac12}, {@code \frac 34}, {@code \frac9{19}} and {@code \frac{270}7} get braced arguments. */
    private static String fixFractions(String s, int depth) {
        if (depth > AnswerEquivalence.MAX_NESTING) {
            return s; // deeper fractions stay as written rather than overflow the stack
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            int at = s.indexOf("\\frac", i);
            if (at < 0 || (at + 5 < s.length() && Character.isLetter(s.charAt(at + 5)) && s.charAt(at + 5) != ' ')) {
                if (at < 0) {
                    out.append(s, i, s.length());
                    break;
                }
                out.append(s, i, at + 5);
                i = at + 5;
                continue;
            }
            out.append(s, i, at).append("\\frac");
            String[] num = Braces.argument(s, at + 5);
            String[] den = num == null ? null : Braces.argument(s, Integer.parseInt(num[1]));
            if (num == null || den == null) {
                i = at + 5;
                continue;
            }
            out.append('{')
                    .append(fixFractions(num[0], depth + 1))
                    .append("}{")
                    .append(fixFractions(den[0], depth + 1))
                    .append('}');
            i = Integer.parseInt(den[1]);
        }
        return out.toString();
    }

    /** {@code \sqrt2} and {@code \sqrt x} get a braced argument; {@code \sqrt[3]{x}} is left as is. */
    private static String fixSqrt(String s) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (true) {
            int at = s.indexOf("\\sqrt", i);
            if (at < 0) {
                out.append(s.substring(i));
                return out.toString();
            }
            int after = at + 5;
            out.append(s, i, after);
            if (after < s.length() && Character.isLetter(s.charAt(after))) {
                i = after; // a longer command name, not \sqrt
                continue;
            }
            int j = after;
            while (j < s.length() && s.charAt(j) == ' ') {
                j++;
            }
            if (j < s.length() && s.charAt(j) != '{' && s.charAt(j) != '[') {
                String[] arg = Braces.argument(s, j);
                if (arg != null) {
                    out.append('{').append(arg[0]).append('}');
                    i = Integer.parseInt(arg[1]);
                    continue;
                }
            }
            i = after;
        }
    }

    private static String stripTrailingPunctuation(String s) {
        String t = s;
        while (!t.isEmpty()) {
            char last = t.charAt(t.length() - 1);
            if (last == '.' || last == ',' || last == ';' || last == ':' || last == '!' || last == '?') {
                if (last == '!' && t.length() > 1 && Character.isDigit(t.charAt(t.length() - 2))) {
                    break; // a factorial such as "5!"
                }
                t = t.substring(0, t.length() - 1).strip();
            } else {
                break;
            }
        }
        return t;
    }

    /**
     * Removes unit words after numeric content: "10 units", "15 cm^2", "5.4 cents", "18 dollars",
     * "\frac{270}{7} degrees". Known unit abbreviations go whatever their length; any other word must
     * have three letters or more and follow a space, so that products such as "2x" or "3 ab" stay.
     */
    static String stripUnits(String s) {
        Matcher parenthesized = PARENTHESIZED_WORDS.matcher(s);
        if (parenthesized.find()
                && ENDS_DIGIT_OR_BRACE
                        .matcher(s.substring(0, parenthesized.start()))
                        .matches()) {
            s = s.substring(0, parenthesized.start());
        }
        Matcher lead = LEADING_NUMBER_THEN_WORDS.matcher(s);
        if (lead.matches()) {
            String firstWord = lead.group(2).toLowerCase(Locale.ROOT);
            boolean unit = UNIT_WORDS.contains(firstWord) || UNIT_WORDS.contains(singular(firstWord));
            if (!MATH_WORDS.contains(firstWord) && (unit || firstWord.length() >= 3)) {
                return lead.group(1);
            }
        }
        String t = s;
        while (true) {
            Matcher m = TRAILING_WORD.matcher(t);
            if (!m.find()) {
                return t;
            }
            String word = m.group(1).toLowerCase(Locale.ROOT);
            String head = t.substring(0, m.start()).strip();
            boolean known = UNIT_WORDS.contains(word) || UNIT_WORDS.contains(singular(word));
            if (head.isEmpty()
                    || !HAS_DIGIT.matcher(head).matches()
                    || MATH_WORDS.contains(word)
                    || !known
                    || head.endsWith("\\")) {
                return t;
            }
            t = head;
        }
    }

    private static String singular(String word) {
        if (word.endsWith("es") && UNIT_WORDS.contains(word.substring(0, word.length() - 2))) {
            return word.substring(0, word.length() - 2);
        }
        return word.endsWith("s") ? word.substring(0, word.length() - 1) : word;
    }
}
