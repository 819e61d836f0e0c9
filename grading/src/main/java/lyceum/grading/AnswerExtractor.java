// Stays whole: one priority order of answer markers, only meaningful read together.
package lyceum.grading;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the final answer out of a whole model response, or the reference answer out of a gold
 * text.
 *
 * <p>Responses, in order of priority: the last {@code \boxed{...}} / {@code \fbox{...}} (nested
 * braces); else the last GSM8K "#### N" line; else the later of the last "the (final) answer is X"
 * and the last line starting "Answer:", "Final answer:" or "A:". A box outranks a later "the answer
 * is" because models often go on after the box ("we can check that our answer is correct"). After
 * "answer is" and "Answer:", a {@code $...$} group is taken whole; otherwise the answer runs to the
 * end of the sentence (a period followed by a space or the end of the line; decimal points do not
 * end it). A phrase such as "the answer is correct" or "the answer is not obvious" is not an answer.
 *
 * <p>Without any marker, a response that is itself a bare answer (one short line of mathematics, or
 * a single word) is the answer; otherwise the last number in it is (last-number fallback):
 * GSM8K calculator annotations {@code <<...>>} are removed first; a number is an optionally negative
 * integer or decimal, with or without thousands commas, optionally a fraction "a/b" or followed by
 * "%", that is not glued to letters on either side ("x2", "3rd" are not numbers), or a LaTeX
 * fraction of integers ({@code \frac{1}{6}}, read whole rather than as its last digit); a minus sign
 * counts only when it does not follow a letter or digit, so "10-5" ends in 5, not -5. Continuations
 * that a model writes after its answer (a new "Q:") are cut by the generation's stop sequences,
 * not here.
 *
 * <p>Gold texts: after the last "####" if present (GSM8K solutions), else the last box (MATH
 * solutions), else the whole text is the answer.
 */
public final class AnswerExtractor {

    private static final Pattern CHOICE_LETTER = Pattern.compile("\\(?[A-J]\\)?|\\([a-j]\\)");
    private static final Pattern TEXT_IN_GAP = Pattern.compile("\\\\(?:text|textrm|mbox|mathrm)\\s*\\{([^{}]*)\\}");
    private static final Pattern SPACING_IN_GAP = Pattern.compile("\\\\(?:quad|qquad|[,;: ()\\[\\]])|\\$|[{}]");
    private static final Pattern SENTENCE_IN_GAP = Pattern.compile("(?s).*(?:[.!?:]|\\d|=).*");

    private static final Pattern ANSWER_IS =
            Pattern.compile("(?i)(?:\\banswer\\s+(?:is|would\\s+be|will\\s+be|should\\s+be)"
                    + "|\\br\u00e9ponse\\s+est|\\brespuesta\\s+es|\\bantwort\\s+ist|\\brisposta\\s+\u00e8"
                    + "|\u7b54\u6848(?:\u662f|\u4e3a|\u70ba))\\s*[:\uff1a]?[ \\t]*");
    /** "Answer:" and its forms in other languages: Réponse, Respuesta, Antwort, Risposta, 答案, 答. */
    private static final Pattern ANSWER_LINE = Pattern.compile(
            "(?m)^[ \\t>#*]*(?:(?i:final\\s+answer|answer|r[\u00e9e]ponse(?:\\s+finale)?|respuesta|antwort|risposta)"
                    + "|A|\u7b54\u6848|\u7b54|\u6700\u7ec8\u7b54\u6848)"
                    + "[ \\t]*(?:\\*\\*)?[ \\t]*[:\uff1a][ \\t]*(?:\\*\\*)?[ \\t]*");

    private static final Pattern HASH = Pattern.compile("####[ \\t]*");
    private static final Pattern CALCULATOR = Pattern.compile("<<[^<>]*>>");
    private static final Pattern NUMBER = Pattern.compile("-?\\\\[dt]?frac\\{\\d+\\}\\{\\d+\\}"
            + "|(?<![\\w.,{])-?(?:\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.\\d+)?(?:/\\d+(?:\\.\\d+)?)?(?:\\s?%)?(?![\\w}])");
    private static final Pattern CHOICE_HEAD = Pattern.compile("^(?:\\\\text\\{)?\\(?([A-J])\\)?(?:\\}|[\\s.:,)]|$)");
    private static final Pattern CHOICE_IN_PARENS = Pattern.compile("\\(([A-J])\\)");
    private static final Pattern CHOICE_ALONE = Pattern.compile("^\\(?([A-Ja-j])\\)?\\.?$");
    /** Words that make "the answer is ..." a comment on the answer rather than the answer. */
    private static final Pattern NOT_AN_ANSWER = Pattern.compile(
            "(?i)(?:correct|incorrect|right|wrong|not|as follows|below|above|given|shown|clear|obvious|unclear|"
                    + "undefined|unknown|the same|consistent|reasonable|plausible|valid|invalid)\\b");

    private static final Pattern FILLER = Pattern.compile("(?i)^(?:indeed|therefore|thus|then|simply|just)\\s+");
    private static final Pattern PROSE = Pattern.compile("(?<![\\\\A-Za-z])[A-Za-z]{2,}\\s+[A-Za-z]{2,}(?![A-Za-z{])");
    private static final String[] BOX_COMMANDS = {"\\boxed", "\\fbox"};
    private static final int MAX_JOINED_BOXES = 20;
    private static final Pattern WORD = Pattern.compile("\\p{L}+");
    /** Words between two boxes that make the second a revision or a further step, not a second answer. */
    private static final java.util.Set<String> REVISION_WORDS = java.util.Set.of(
            "later",
            "then",
            "finally",
            "wait",
            "but",
            "so",
            "thus",
            "therefore",
            "hence",
            "now",
            "actually",
            "instead",
            "gives",
            "get",
            "gets",
            "obtain",
            "becomes",
            "next",
            "after",
            "not",
            "no",
            "is",
            "equals");

    private static final Pattern LABEL_BEFORE_BOX =
            Pattern.compile("(?:[A-Za-z]|\\\\[A-Za-z]+)(?:_\\{?\\w+\\}?)?(?:\\([a-z]\\))?\\s*=\\s*$");
    private static final Pattern LEADING_VALUE =
            Pattern.compile("([-+]?\\$?\\d[\\d,]*(?:\\.\\d+)?(?:/\\d+)?%?)(?=\\s*[(,;]|\\s+[A-Za-z])");
    private static final Pattern TEX_THOUSANDS = Pattern.compile("(\\d)(?:,\\s*\\\\!\\s*|\\{,\\})(?=\\d{3})");
    private static final Pattern COPULA = Pattern.compile("(?i)(?:\\b(?:is|are|equals|was|be)\\b|=)");
    /** "2,74" and "1000,99": a comma not followed by exactly three digits is a decimal comma. */
    private static final Pattern DECIMAL_COMMA = Pattern.compile("(?<![\\d,.])(\\d+),(\\d{1,2}|\\d{4,})(?![\\d,])");

    private static final Pattern[] MATH_GROUPS = {
        // bounded lengths keep the search linear on text full of unclosed openers
        Pattern.compile("(?s)\\$\\$(.{1,300}?)\\$\\$"),
        Pattern.compile("(?s)\\\\\\[(.{1,300}?)\\\\\\]"),
        Pattern.compile("\\\\\\(([^\\n]{1,300}?)\\\\\\)"),
        Pattern.compile("(?<![\\\\$])\\$([^$\\n]{1,300}?)(?<!\\\\)\\$(?!\\$)")
    };

    private AnswerExtractor() {}

    /** The final answer of a model response; {@link Extraction.Rule#NONE} when there is none. */
    public static Extraction fromResponse(String response) {
        return fromResponse(response, false, false);
    }

    /**
     * The final answer of a model response, with the choices of {@link GraderSettings}: whether a
     * response without markers is read by its last math group first, and whether "2,74" is a decimal.
     */
    static Extraction fromResponse(String response, boolean latexGroups, boolean decimalComma) {
        if (response == null || response.isBlank()) {
            return Extraction.none();
        }
        Located best = explicitAnswer(response);
        if (best != null) {
            return new Extraction(best.text, best.rule);
        }
        if (isBareAnswer(response)) {
            return new Extraction(response.strip(), Extraction.Rule.WHOLE_TEXT);
        }
        // A display group that ends the response is its answer even for a numeric reference; any
        // other math group only with the math-group setting, before the last-number fallback.
        MathGroup group = lastMathGroup(response);
        if (group != null && (latexGroups || group.display && endsResponse(response, group))) {
            return new Extraction(group.text, Extraction.Rule.LATEX_GROUP);
        }
        return lastNumber(response, decimalComma)
                .map(n -> new Extraction(n, Extraction.Rule.LAST_NUMBER))
                .orElse(Extraction.none());
    }

    /**
     * Whether a response without markers is itself an answer rather than prose: one short line that,
     * once normalized (units and text wrappers removed), is mathematics without words, or a single
     * word ("Evelyn", "even").
     */
    static boolean isBareAnswer(String response) {
        String t = response.strip();
        if (t.isEmpty() || t.length() > 100 || t.contains("\n")) {
            return false;
        }
        String normalized = LatexNormalizer.normalize(t);
        if (normalized.isEmpty()) {
            return false;
        }
        if (!AnswerParser.isText(normalized)) {
            return true;
        }
        return normalized.chars().noneMatch(Character::isDigit) && !normalized.contains(" ");
    }

    /** The reference answer of a gold text: a GSM8K or MATH solution, or a bare answer. */
    public static Extraction fromGold(String gold) {
        if (gold == null || gold.isBlank()) {
            return Extraction.none();
        }
        int hash = gold.lastIndexOf("####");
        if (hash >= 0) {
            String rest = gold.substring(hash + 4).strip();
            int eol = rest.indexOf('\n');
            return new Extraction((eol >= 0 ? rest.substring(0, eol) : rest).strip(), Extraction.Rule.HASH_MARKER);
        }
        Located box = lastBox(gold);
        if (box != null) {
            return new Extraction(box.text, Extraction.Rule.BOXED);
        }
        return new Extraction(gold.strip(), Extraction.Rule.WHOLE_TEXT);
    }

    /**
     * A multiple-choice letter (A to J) from a response: from the last box, else after the last
     * "answer is" / "Answer:", else the last "(X)" in the text, else a response that is only a letter.
     */
    public static Extraction choiceFromResponse(String response) {
        if (response == null || response.isBlank()) {
            return Extraction.none();
        }
        Located explicit = explicitAnswer(response);
        if (explicit != null) {
            Matcher m = CHOICE_HEAD.matcher(explicit.text.strip());
            if (m.find()) {
                return choice(m.group(1));
            }
        }
        Matcher parens = CHOICE_IN_PARENS.matcher(response);
        String last = null;
        while (parens.find()) {
            last = parens.group(1);
        }
        if (last != null) {
            return choice(last);
        }
        Matcher alone = CHOICE_ALONE.matcher(response.length() > 100 ? "" : LatexNormalizer.normalize(response));
        return alone.matches() ? choice(alone.group(1)) : Extraction.none();
    }

    /** The content of the last non-empty {@code \boxed{...}} or {@code \fbox{...}}. */
    public static Optional<String> lastBoxed(String text) {
        Located box = text == null ? null : lastBox(text);
        return box == null ? Optional.empty() : Optional.of(box.text);
    }

    /** Whether a reference answer is a multiple-choice letter such as "C", "(C)" or {@code \text{(C)}}. */
    static boolean isChoiceLetter(String answer) {
        String s = LatexNormalizer.normalize(answer);
        return CHOICE_LETTER.matcher(s).matches();
    }

    // ---------------------------------------------------------------------------------------------

    /** An answer found at {@code start}; for a box, where its command starts and its group ends. */
    private record Located(String text, int start, Extraction.Rule rule, int commandStart, int end) {
        Located(String text, int start, Extraction.Rule rule) {
            this(text, start, rule, start, start);
        }
    }

    private static Extraction choice(String letter) {
        return new Extraction(letter.toUpperCase(), Extraction.Rule.CHOICE);
    }

    private static Located explicitAnswer(String response) {
        Located box = lastBox(response);
        if (box != null) {
            return box;
        }
        Located hash = lastMarker(response, HASH, Extraction.Rule.HASH_MARKER, false);
        if (hash != null) {
            return hash;
        }
        return later(
                lastMarker(response, ANSWER_IS, Extraction.Rule.ANSWER_IS, true),
                lastMarker(response, ANSWER_LINE, Extraction.Rule.ANSWER_LINE, true));
    }

    private static Located later(Located a, Located b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return b.start > a.start ? b : a;
    }

    /**
     * The last box, joined with the boxes just before it when only a separator stands between them
     * (",", ";", "and", {@code \quad}, a label such as "y_2 =", or at most four words such as "for
     * part (a) and"): "\\boxed{1}, \\boxed{2}" is the answer "1, 2". A sentence end or a number
     * between two boxes separates them.
     */
    private static Located lastBox(String text) {
        Located last = lastSingleBox(text, text.length());
        if (last == null) {
            return null;
        }
        StringBuilder joined = new StringBuilder(last.text);
        int commandStart = last.commandStart;
        for (int n = 1; n < MAX_JOINED_BOXES; n++) {
            Located previous = lastSingleBox(text, commandStart - 1);
            if (previous == null
                    || previous.end > commandStart
                    || !isBoxSeparator(text.substring(previous.end, commandStart))) {
                break;
            }
            joined.insert(0, previous.text + ", ");
            commandStart = previous.commandStart;
        }
        return new Located(joined.toString(), last.start, Extraction.Rule.BOXED, last.commandStart, last.end);
    }

    private static boolean isBoxSeparator(String gap) {
        if (gap.length() > 80) {
            return false;
        }
        String g = SPACING_IN_GAP
                .matcher(TEXT_IN_GAP.matcher(gap).replaceAll(" $1 "))
                .replaceAll(" ");
        g = LABEL_BEFORE_BOX.matcher(g).replaceAll("");
        if (g.contains("\n\n") || SENTENCE_IN_GAP.matcher(g).matches()) {
            return false;
        }
        Matcher words = WORD.matcher(g);
        int count = 0;
        while (words.find()) {
            if (REVISION_WORDS.contains(words.group().toLowerCase(java.util.Locale.ROOT))) {
                return false; // "\\boxed{2} and later \\boxed{3}": the later box revises the earlier
            }
            count++;
        }
        return count <= 4;
    }

    private static Located lastSingleBox(String text, int before) {
        Located found = null;
        int[] closing = null;
        for (String command : BOX_COMMANDS) {
            // From the end: the first box found is the last one, and reading no earlier box keeps
            // deeply nested boxes linear instead of quadratic.
            int from = before;
            int at;
            while (from >= 0 && (at = text.lastIndexOf(command, from)) >= 0) {
                int i = at + command.length();
                from = at - 1;
                if (i < text.length() && Character.isLetter(text.charAt(i))) {
                    continue; // a longer command such as \boxedsomething
                }
                String content = null;
                int start = i;
                int end = i;
                int j = i;
                while (j < text.length() && text.charAt(j) == ' ') {
                    j++;
                }
                if (j < text.length() && text.charAt(j) == '{') {
                    if (closing == null) {
                        closing = Braces.closingBraces(text);
                    }
                    int close = closing[j];
                    if (close > j) {
                        content = text.substring(j + 1, close);
                        start = j + 1;
                        end = close + 1;
                    }
                } else if (j > i) {
                    // "\boxed 5": the argument runs to the next space or dollar sign
                    int k = j;
                    while (k < text.length() && !Character.isWhitespace(text.charAt(k)) && text.charAt(k) != '$') {
                        k++;
                    }
                    content = text.substring(j, k);
                    start = j;
                    end = k;
                }
                if (content != null && !content.isBlank()) {
                    if (found == null || start > found.start) {
                        found = new Located(content.strip(), start, Extraction.Rule.BOXED, at, end);
                    }
                    break;
                }
            }
        }
        return found;
    }

    private static Located lastMarker(String text, Pattern marker, Extraction.Rule rule, boolean sentence) {
        Matcher m = marker.matcher(text);
        List<Integer> starts = new ArrayList<>();
        while (m.find()) {
            starts.add(m.end());
        }
        // the last marker that states an answer: read from the end, so that each is read at most once
        for (int k = starts.size() - 1; k >= 0; k--) {
            int start = starts.get(k);
            // the rest of the line, at most one answer's length
            int limit = Math.min(text.length(), start + AnswerEquivalence.MAX_ANSWER_CHARS + 1);
            int eol = start;
            while (eol < limit && text.charAt(eol) != '\n') {
                eol++;
            }
            String rest = text.substring(start, eol);
            String answer = sentence ? firstSentence(rest) : rest.strip();
            answer = answer.replace("**", "").strip();
            answer = FILLER.matcher(answer).replaceFirst("");
            answer = leadingValue(valueAfterCopula(answer));
            if (!answer.isEmpty() && !NOT_AN_ANSWER.matcher(answer).lookingAt()) {
                return new Located(answer, start, rule);
            }
        }
        return null;
    }

    /**
     * "The largest $n$ is 34" states its answer after the verb: a sentence after an answer marker
     * that reads as words is read from its last "is", "are", "equals" or "=" on.
     */
    private static String valueAfterCopula(String answer) {
        if (answer.length() > 200 || !AnswerParser.isText(LatexNormalizer.normalize(answer))) {
            return answer;
        }
        Matcher m = COPULA.matcher(answer);
        int end = -1;
        while (m.find()) {
            end = m.end();
        }
        if (end < 0) {
            return answer;
        }
        String tail = answer.substring(end).strip();
        String normalized = LatexNormalizer.normalize(tail);
        return normalized.isEmpty() || AnswerParser.isText(normalized) ? answer : tail;
    }

    /**
     * A math group of a response; {@code display} for {@code $$..$$}, {@code \\[..\\]} and
     * {@code \\(..\\)}, which are never currency.
     */
    private record MathGroup(String text, int start, int end, boolean display) {}

    /**
     * "34 (we needed 3 steps)" and "12 apples, which is 4 more than 8": an answer stated first and
     * followed by prose with later, unrelated numbers is its leading number.
     */
    private static String leadingValue(String answer) {
        Matcher m = LEADING_VALUE.matcher(answer);
        if (!m.lookingAt() || m.end() == answer.length() || answer.length() > 300) {
            return answer;
        }
        String rest = answer.substring(m.end());
        return AnswerParser.isText(rest) ? m.group(1) : answer;
    }

    /**
     * The last math group of a response, null when there is none. An inline group does not run over
     * a line break; a {@code $..$} group holding prose is currency ("$18 and the tip is $2").
     */
    private static MathGroup lastMathGroup(String text) {
        MathGroup found = null;
        for (int k = 0; k < MATH_GROUPS.length; k++) {
            Matcher m = MATH_GROUPS[k].matcher(text);
            boolean display = k < MATH_GROUPS.length - 1;
            int from = 0;
            while (from < text.length() && m.find(from)) {
                String content = m.group(1).strip();
                boolean currency = !display && PROSE.matcher(content).find();
                if ((found == null || m.start() > found.start) && !content.isEmpty() && !currency) {
                    found = new MathGroup(content, m.start(), m.end(), display);
                }
                // after currency ("$5 for the pen, so $x = 5$") its closing sign may open the next group
                from = currency ? m.start() + 1 : m.end();
            }
        }
        return found;
    }

    /** Whether nothing but punctuation and spaces follows a math group. */
    private static boolean endsResponse(String text, MathGroup group) {
        for (int i = group.end; i < text.length(); i++) {
            if (!Character.isWhitespace(text.charAt(i)) && ".,;!".indexOf(text.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    /** A leading $...$ group whole, else the text up to the first sentence end. */
    private static String firstSentence(String rest) {
        String s = rest.strip();
        if (s.startsWith("$")) {
            int open = s.startsWith("$$") ? 2 : 1;
            int close = unescaped(s, open == 2 ? "$$" : "$", open);
            // "$18 and the tip is $2" is currency, not a math group
            if (close > 0 && !PROSE.matcher(s.substring(open, close)).find()) {
                return s.substring(open, close).strip();
            }
        }
        int depth = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '{' || c == '(' || c == '[') {
                depth++;
            } else if (c == '}' || c == ')' || c == ']') {
                depth--;
            } else if (c == '.' && depth <= 0) {
                boolean end = i + 1 == s.length() || Character.isWhitespace(s.charAt(i + 1));
                if (end) {
                    return s.substring(0, i).strip();
                }
            }
        }
        return s;
    }

    /** Index of {@code token} at or after {@code from} that is not escaped as {@code \$}; -1 if none. */
    private static int unescaped(String s, String token, int from) {
        int i = s.indexOf(token, from);
        while (i > 0 && s.charAt(i - 1) == '\\') {
            i = s.indexOf(token, i + 1);
        }
        return i;
    }

    private static Optional<String> lastNumber(String response, boolean decimalComma) {
        String text = CALCULATOR.matcher(response).replaceAll(" ");
        text = LatexNormalizer.UNIT_SUPERSCRIPT.matcher(text).replaceAll("$1 ");
        text = TEX_THOUSANDS.matcher(text).replaceAll("$1,"); // "16,\\!386.20" and "16{,}386.20"
        if (decimalComma) {
            text = DECIMAL_COMMA.matcher(text).replaceAll("$1.$2");
        }
        Matcher m = NUMBER.matcher(text);
        String last = null;
        while (m.find()) {
            last = m.group();
        }
        return Optional.ofNullable(last).map(String::strip);
    }
}
