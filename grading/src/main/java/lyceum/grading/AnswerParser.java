// Stays whole: one parser; its reading order (below) decides what an answer is.
package lyceum.grading;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the structure of a normalized answer ({@link LatexNormalizer}) into a {@link MathAnswer}.
 *
 * <p>Reading order: a leading "x \in" is dropped; an approximation after an exact value is dropped;
 * matrices; unions ({@code \cup}); choice letters; whole bracketed groups (sets {@code \{..\}},
 * tuples, intervals); top-level ";" groups and comma lists (and "or"/"and" between mathematical
 * parts), with labelled items read as {@link MathAnswer.Labelled}; relations (=, <, \le, ...);
 * {@code \pm}; numbers in a base; percentages; words; otherwise one expression.
 *
 * <p>Brackets: "(a,b)" is a two-element {@link MathAnswer.Tuple}, which also stands for the open
 * interval; "[a,b]", "[a,b)" and "(a,b]" are intervals; three or more elements in round or square
 * brackets are a tuple. An inequality in one variable against constants ("x > 3", "2 < x \le 5") is
 * read as the interval it describes.
 */
final class AnswerParser {

    private static final Pattern NOT_LETTER_OR_DIGIT = Pattern.compile("[^\\p{L}\\p{N}]");
    private static final Pattern ENVIRONMENT_MARK = Pattern.compile("\\\\(?:begin|end)\\{[A-Za-z*]+\\}");
    private static final Pattern COMMAND = Pattern.compile("\\\\[A-Za-z]+");
    private static final Pattern ROW_BREAK = Pattern.compile("\\\\\\\\");
    private static final Pattern VARIABLE_NAME = Pattern.compile("(?:[A-Za-z]|\\\\[a-zA-Z]+)(?:_\\{?\\w+\\}?)?");
    private static final Pattern NAMED_CONSTANT = Pattern.compile("\\\\(?:pi|infty|e)");

    private static final Pattern IN_PREFIX = Pattern.compile("^[A-Za-z](?:_\\{?\\w+\\}?)?\\s*\\\\in\\s*");
    private static final Pattern MATRIX =
            Pattern.compile("^\\\\begin\\{([pbvBV]?matrix|array|smallmatrix)\\}(.*)\\\\end\\{\\1\\}$", Pattern.DOTALL);
    private static final Pattern CHOICE = Pattern.compile("^\\(?([A-J])\\)?$|^\\(([a-j])\\)$");
    private static final Pattern BASE = Pattern.compile("^([0-9A-Za-z]+)_\\{?(\\d+)\\}?$");
    private static final Pattern LETTER_RUN = Pattern.compile("(?<![\\\\A-Za-z])[A-Za-z]{3,}");
    private static final Pattern WORD_SPLIT = Pattern.compile("\\s+(?:or|and)\\s+|(?<=\\))\\s*(?:or|and)\\s*(?=\\()");
    private static final Pattern LEADING_CONJUNCTION = Pattern.compile("^(?:and|or)\\s+");
    /** A name: letters or a command, with a subscript and primes, e.g. x, AB, x_{1}, a_3, \\alpha, f'. */
    private static final String NAME = "(?:[A-Za-z]+|\\\\[A-Za-z]+)(?:_\\{[^{}]{1,20}\\}|_[A-Za-z0-9])?'*";
    /**
     * What names a quantity rather than computes it: "AB", "f(x)", "|AB|", "V_1:V_2", "(p,q)",
     * {@code \frac{NO}{BO}}, {@code S_{MBCN}}. The left side of "label = value" answers.
     */
    private static final Pattern LABEL = Pattern.compile(NAME + "(?:\\([^()=<>]{1,30}\\))?"
            + "|\\|" + NAME + "(?:\\([^()=<>]{1,30}\\))?\\|"
            + "|" + NAME + "(?:\\s*:\\s*" + NAME + ")+"
            + "|\\(\\s*" + NAME + "(?:\\s*,\\s*" + NAME + ")+\\s*\\)"
            + "|\\\\frac\\{" + NAME + "\\}\\{" + NAME + "\\}"
            + "|(?:m\\s*)?\\\\angle\\s*" + NAME);
    /** Names that are values or operations, never labels. */
    private static final Set<String> NOT_LABELS = Set.of(
            "\\pi",
            "e",
            "i",
            "\\infty",
            "\\sqrt",
            "\\frac",
            "\\sin",
            "\\cos",
            "\\tan",
            "\\log",
            "\\ln",
            "\\emptyset",
            "\\varnothing");

    private static final Set<String> FUNCTION_WORDS = Set.of(
            "sin",
            "cos",
            "tan",
            "cot",
            "sec",
            "csc",
            "log",
            "exp",
            "sqrt",
            "arcsin",
            "arccos",
            "arctan",
            "sinh",
            "cosh",
            "tanh",
            "lcm",
            "gcd",
            "det",
            "max",
            "min",
            "mod",
            "abs",
            "infty",
            "infinity",
            "frac");

    /** Relation operators, longest first; commands must not run on into letters. */
    private static final String[][] RELATIONS = {
        {"\\leqslant", "<="},
        {"\\geqslant", ">="},
        {"\\approx", "="},
        {"\\leq", "<="},
        {"\\geq", ">="},
        {"\\neq", "!="},
        {"\\le", "<="},
        {"\\ge", ">="},
        {"\\ne", "!="},
        {"\\lt", "<"},
        {"\\gt", ">"},
        {"<=", "<="},
        {">=", ">="},
        {"!=", "!="},
        {"=<", "<="},
        {"=>", ">="},
        {"<", "<"},
        {">", ">"},
        {"=", "="}
    };

    private AnswerParser() {}

    static MathAnswer parse(String normalized) {
        String s = normalized.strip();
        Matcher in = IN_PREFIX.matcher(s);
        if (in.find() && in.end() < s.length()) {
            s = s.substring(in.end()).strip();
        }
        s = withoutApproximation(s);
        Matcher matrix = MATRIX.matcher(s);
        if (matrix.matches()) {
            return matrix(matrix.group(2));
        }
        if ((s.startsWith("(") || s.startsWith("["))
                && Braces.wrapsWhole(s)
                && MATRIX.matcher(s.substring(1, s.length() - 1).strip()).matches()) {
            return parse(s.substring(1, s.length() - 1));
        }
        List<String> union = Braces.splitTopLevel(s, "\\cup");
        if (union.size() > 1) {
            List<MathAnswer> parts = union.stream().map(AnswerParser::parse).toList();
            if (parts.stream().allMatch(a -> a instanceof MathAnswer.Unordered)) {
                // a union of finite sets is the set of their elements
                Set<MathAnswer> elements = new java.util.LinkedHashSet<>();
                parts.forEach(a -> elements.addAll(((MathAnswer.Unordered) a).items()));
                return new MathAnswer.Unordered(List.copyOf(elements), true);
            }
            return new MathAnswer.Union(parts);
        }
        Matcher choice = CHOICE.matcher(s);
        if (choice.matches()) {
            String letter = choice.group(1) != null ? choice.group(1) : choice.group(2);
            return new MathAnswer.Choice(Character.toUpperCase(letter.charAt(0)));
        }
        MathAnswer bracketed = bracketed(s);
        if (bracketed != null) {
            return bracketed;
        }
        List<String> groups = Braces.splitTopLevel(s, ";");
        if (groups.size() > 1) {
            return unordered(groups, false);
        }
        List<String> items = Braces.splitTopLevel(s, ",");
        if (items.size() > 1) {
            return unordered(items, false);
        }
        List<String> alternatives = List.of(WORD_SPLIT.split(s));
        if (alternatives.size() > 1 && alternatives.stream().noneMatch(AnswerParser::isText)) {
            return unordered(alternatives, false);
        }
        MathAnswer relation = relation(s);
        if (relation != null) {
            return relation;
        }
        List<String> plusMinus = Braces.splitTopLevel(s, "\\pm");
        if (plusMinus.size() == 2) {
            String lhs = plusMinus.get(0).strip();
            String rhs = plusMinus.get(1).strip();
            String plus = lhs.isEmpty() ? rhs : lhs + "+(" + rhs + ")";
            return unordered(List.of(plus, lhs + "-(" + rhs + ")"), false);
        }
        Matcher base = BASE.matcher(s);
        if (base.matches() && !base.group(1).chars().allMatch(Character::isLetter)) {
            return new MathAnswer.BaseNumber(base.group(1).toUpperCase(Locale.ROOT), base.group(2));
        }
        if (s.endsWith("%")) {
            return new MathAnswer.Scalar(s.substring(0, s.length() - 1).strip(), true);
        }
        if (isText(s)) {
            return new MathAnswer.Text(
                    NOT_LETTER_OR_DIGIT.matcher(LatexNormalizer.foldCase(s)).replaceAll(""));
        }
        return new MathAnswer.Scalar(s, false);
    }

    /**
     * "x = 1/3 \\approx 0.33" is the exact value; "x \\approx 0.33" (nothing exact before it) is the
     * approximation as an assignment.
     */
    private static String withoutApproximation(String s) {
        List<String> parts = Braces.splitTopLevel(s, "\\approx");
        if (parts.size() < 2) {
            return s;
        }
        String head = parts.get(0).strip();
        if (head.isEmpty()) {
            return parts.get(parts.size() - 1).strip();
        }
        return isLabel(head) ? head + "=" + parts.get(parts.size() - 1).strip() : head;
    }

    /** Whether the text names a quantity ("AB", "f(x)", "|z|", "x_{1}") rather than computing one. */
    static boolean isLabel(String s) {
        String t = s.strip();
        return t.length() <= 60
                && LABEL.matcher(t).matches()
                && !NOT_LABELS.contains(t)
                && !FUNCTION_WORDS.contains(t.toLowerCase(Locale.ROOT));
    }

    /** An equation that gives a labelled value, "AB = 4" or "x = 5+5 = 10": its label, else null. */
    static String label(MathAnswer a) {
        if (a instanceof MathAnswer.Relation r
                && r.isEquation()
                && isLabel(r.sides().get(0))) {
            return LatexNormalizer.compact(r.sides().get(0));
        }
        return null;
    }

    /** The value a labelled equation gives: its last side. */
    static MathAnswer labelledValue(MathAnswer.Relation r) {
        return parse(r.sides().get(r.sides().size() - 1));
    }

    /** Whether the text states an inequality ("-2 \\le x \\le 7", "x > 3") rather than writing an interval. */
    static boolean readsAsInequality(String normalized) {
        MathAnswer answer = relation(normalized.strip());
        return answer != null
                && !(answer instanceof MathAnswer.Relation r
                        && r.ops().stream().allMatch(o -> o.equals("=") || o.equals("!=")));
    }

    /** Whether a string reads as words: it has a run of three or more letters that is not a function name. */
    static boolean isText(String s) {
        if (s.equalsIgnoreCase("no") || s.equalsIgnoreCase("yes")) {
            return true;
        }
        Matcher m = LETTER_RUN.matcher(ENVIRONMENT_MARK.matcher(s).replaceAll(" "));
        while (m.find()) {
            if (!FUNCTION_WORDS.contains(m.group().toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    /** Whether an expression is free of variables: no letters once commands such as \pi are removed. */
    static boolean isConstant(String latex) {
        String withoutCommands = COMMAND.matcher(latex).replaceAll("");
        return withoutCommands.chars().noneMatch(Character::isLetter);
    }

    private static MathAnswer bracketed(String s) {
        if (s.length() < 2) {
            return null;
        }
        if (s.startsWith("\\{") && s.endsWith("\\}") && Braces.wrapsWhole(s)) {
            return unordered(Braces.splitTopLevel(s.substring(2, s.length() - 2), ","), true);
        }
        char open = s.charAt(0);
        char close = s.charAt(s.length() - 1);
        if (open == '{' && close == '}' && Braces.wrapsWhole(s)) {
            return parse(s.substring(1, s.length() - 1));
        }
        if ((open != '(' && open != '[') || (close != ')' && close != ']') || !Braces.wrapsWhole(s)) {
            return null;
        }
        String inner = s.substring(1, s.length() - 1);
        List<String> items = Braces.splitTopLevel(inner, ",");
        if (items.size() == 1) {
            items = Braces.splitTopLevel(inner, ";"); // "(0;-2;6)": a semicolon between coordinates
        }
        if (items.size() == 1) {
            return open == '(' && close == ')' || open == '[' && close == ']' ? parse(items.get(0)) : null;
        }
        List<MathAnswer> parsed = items.stream().map(AnswerParser::parse).toList();
        if (parsed.size() == 2 && (open == '[' || close == ']')) {
            return new MathAnswer.Interval(parsed.get(0), parsed.get(1), open == '[', close == ']');
        }
        return open == close - 1 || open == '[' && close == ']' ? new MathAnswer.Tuple(parsed, open) : null;
    }

    /**
     * A list of answers. Labelled items ("AB=4, CD=5") with distinct labels make a
     * {@link MathAnswer.Labelled}; items that all label the same name ("x=1, x=2") are that name's
     * values; a label on some items only ("(x,y) = (5,8) and (8,5)", "n=1, 2, 3") is dropped.
     */
    private static MathAnswer unordered(List<String> items, boolean braced) {
        List<MathAnswer> parsed = new ArrayList<>();
        for (String item : items) {
            String text = LEADING_CONJUNCTION.matcher(item.strip()).replaceFirst("");
            if (text.isBlank()) {
                continue;
            }
            MathAnswer a = parse(text);
            // "1 \pm \sqrt{5}" inside a list contributes both of its values to the list.
            if (a instanceof MathAnswer.Unordered u && !u.braced()) {
                parsed.addAll(u.items());
            } else {
                parsed.add(a);
            }
        }
        List<String> labels = parsed.stream().map(AnswerParser::label).toList();
        long labelled = labels.stream().filter(l -> l != null).count();
        if (labelled == 0) {
            return new MathAnswer.Unordered(List.copyOf(parsed), braced);
        }
        List<MathAnswer> values = parsed.stream()
                .map(a -> label(a) != null ? labelledValue((MathAnswer.Relation) a) : a)
                .toList();
        boolean distinct = labels.stream().distinct().count() == labels.size();
        if (labelled == parsed.size() && distinct && parsed.size() > 1 && !braced) {
            return new MathAnswer.Labelled(labels, values);
        }
        List<MathAnswer> flat = new ArrayList<>();
        for (MathAnswer v : values) {
            if (v instanceof MathAnswer.Unordered u && !u.braced()) {
                flat.addAll(u.items());
            } else {
                flat.add(v);
            }
        }
        return new MathAnswer.Unordered(List.copyOf(flat), braced);
    }

    private static MathAnswer matrix(String body) {
        String b = body.strip();
        if (b.startsWith("{")) {
            int close = Braces.matchingBrace(b, 0); // an array's column specification
            b = close > 0 ? b.substring(close + 1) : b;
        }
        List<List<MathAnswer>> rows = new ArrayList<>();
        for (String row : ROW_BREAK.split(b)) {
            if (row.isBlank()) {
                continue;
            }
            List<MathAnswer> cells = new ArrayList<>();
            for (String cell : row.split("&")) {
                cells.add(parse(cell.strip()));
            }
            rows.add(List.copyOf(cells));
        }
        return new MathAnswer.Matrix(List.copyOf(rows));
    }

    /** An inequality as written, not read as an interval: for comparing "x < 2" with "-x > -2". */
    static MathAnswer.Relation writtenRelation(String normalized) {
        return relation(normalized.strip(), false) instanceof MathAnswer.Relation r ? r : null;
    }

    private static MathAnswer relation(String s) {
        return relation(s, true);
    }

    private static MathAnswer relation(String s, boolean asInterval) {
        List<String> sides = new ArrayList<>();
        List<String> ops = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(' || c == '[' || c == '{') {
                depth++;
                continue;
            }
            if (c == ')' || c == ']' || c == '}') {
                depth--;
                continue;
            }
            if (depth != 0) {
                continue;
            }
            String[] found = null;
            for (String[] op : RELATIONS) {
                String token = op[0];
                if (s.startsWith(token, i)
                        && !(token.startsWith("\\")
                                && i + token.length() < s.length()
                                && Character.isLetter(s.charAt(i + token.length())))) {
                    found = op;
                    break;
                }
            }
            if (found != null) {
                sides.add(s.substring(start, i).strip());
                ops.add(found[1]);
                start = i + found[0].length();
                i = start - 1;
            } else if (c == '\\') {
                // skip the rest of a command name, so that "\left" is never read as "\le"
                int j = i + 1;
                while (j < s.length() && Character.isLetter(s.charAt(j))) {
                    j++;
                }
                i = Math.max(i, j - 1);
            }
        }
        if (ops.isEmpty()) {
            return null;
        }
        sides.add(s.substring(start).strip());
        if (sides.stream().anyMatch(String::isEmpty)) {
            return null;
        }
        MathAnswer interval = asInterval ? intervalFromInequality(sides, ops) : null;
        return interval != null ? interval : new MathAnswer.Relation(List.copyOf(sides), List.copyOf(ops));
    }

    /** "x > 3" is (3, \infty); "2 < x \le 5" is (2, 5]; the variable may stand on either side. */
    private static MathAnswer intervalFromInequality(List<String> sides, List<String> ops) {
        if (ops.stream().anyMatch(o -> o.equals("=") || o.equals("!="))) {
            return null;
        }
        boolean ascending = ops.stream().allMatch(o -> o.startsWith("<"));
        boolean descending = ops.stream().allMatch(o -> o.startsWith(">"));
        if (!ascending && !descending) {
            return null;
        }
        MathAnswer absolute = absoluteValueInequality(sides, ops, ascending);
        if (absolute != null) {
            return absolute;
        }
        if (sides.size() == 2) {
            boolean variableLeft = isBounded(sides.get(0)) && isConstant(sides.get(1));
            boolean variableRight = isBounded(sides.get(1)) && isConstant(sides.get(0));
            if (!variableLeft && !variableRight) {
                return null;
            }
            String bound = variableLeft ? sides.get(1) : sides.get(0);
            boolean closed = ops.get(0).endsWith("=");
            boolean upper = variableLeft == ascending; // x < c or c > x bounds x from above
            return upper ? interval("-\\infty", bound, false, closed) : interval(bound, "\\infty", closed, false);
        }
        if (sides.size() == 3 && isBounded(sides.get(1)) && isConstant(sides.get(0)) && isConstant(sides.get(2))) {
            int lo = ascending ? 0 : 2;
            int hi = ascending ? 2 : 0;
            boolean loClosed = ops.get(ascending ? 0 : 1).endsWith("=");
            boolean hiClosed = ops.get(ascending ? 1 : 0).endsWith("=");
            return interval(sides.get(lo), sides.get(hi), loClosed, hiClosed);
        }
        return null;
    }

    /** What an inequality against constants bounds: a variable or a named quantity ("f(x)", "AB"). */
    private static boolean isBounded(String side) {
        return isVariable(side) || isLabel(side) && !side.strip().startsWith("|");
    }

    /**
     * "1 \\le |z| \\le 3/2" is [-3/2,-1] \\cup [1,3/2]; "|x| < 3" is (-3,3); "|x| \\ge 2" is
     * (-\\infty,-2] \\cup [2,\\infty). Bounds are taken as written: a lower bound is assumed non-negative.
     */
    private static MathAnswer absoluteValueInequality(List<String> sides, List<String> ops, boolean ascending) {
        int middle = sides.size() == 3 ? 1 : isAbsolute(sides.get(0)) ? 0 : 1;
        if (!isAbsolute(sides.get(middle))
                || sides.stream().filter(AnswerParser::isAbsolute).count() != 1
                || !sides.stream().filter(x -> !isAbsolute(x)).allMatch(AnswerParser::isConstant)) {
            return null;
        }
        String low;
        String high;
        boolean lowClosed;
        boolean highClosed;
        if (sides.size() == 3) {
            low = sides.get(ascending ? 0 : 2);
            high = sides.get(ascending ? 2 : 0);
            lowClosed = ops.get(ascending ? 0 : 1).endsWith("=");
            highClosed = ops.get(ascending ? 1 : 0).endsWith("=");
        } else {
            boolean upper = (middle == 0) == ascending; // |x| < c or c > |x|
            String bound = sides.get(1 - middle);
            boolean closed = ops.get(0).endsWith("=");
            if (upper) {
                return interval("-(" + bound + ")", bound, closed, closed);
            }
            return new MathAnswer.Union(List.of(
                    interval("-\\infty", "-(" + bound + ")", false, closed),
                    interval(bound, "\\infty", closed, false)));
        }
        return new MathAnswer.Union(List.of(
                interval("-(" + high + ")", "-(" + low + ")", highClosed, lowClosed),
                interval(low, high, lowClosed, highClosed)));
    }

    private static boolean isAbsolute(String side) {
        String t = side.strip();
        return t.length() > 2
                && t.startsWith("|")
                && t.endsWith("|")
                && t.indexOf('|', 1) == t.length() - 1
                && (isVariable(t.substring(1, t.length() - 1)) || isLabel(t.substring(1, t.length() - 1)));
    }

    private static MathAnswer interval(String low, String high, boolean lowClosed, boolean highClosed) {
        MathAnswer lo = parse(low);
        MathAnswer hi = parse(high);
        return lowClosed || highClosed
                ? new MathAnswer.Interval(lo, hi, lowClosed, highClosed)
                : new MathAnswer.Tuple(List.of(lo, hi), '(');
    }

    /** A single variable name: a letter, a Greek letter command, optionally with a subscript. */
    static boolean isVariable(String s) {
        return VARIABLE_NAME.matcher(s.strip()).matches()
                && !NAMED_CONSTANT.matcher(s.strip()).matches();
    }
}
