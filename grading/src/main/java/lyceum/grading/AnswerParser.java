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
 * <p>Reading order: a leading "x \in" is dropped; matrices; unions ({@code \cup}); choice letters;
 * whole bracketed groups (sets {@code \{..\}}, tuples, intervals); top-level comma lists (and
 * "or"/"and" between mathematical parts); relations (=, <, \le, ...); {@code \pm}; numbers in a base;
 * percentages; words; otherwise one expression.
 *
 * <p>Brackets: "(a,b)" is a two-element {@link MathAnswer.Tuple}, which also stands for the open
 * interval; "[a,b]", "[a,b)" and "(a,b]" are intervals; three or more elements in round or square
 * brackets are a tuple. An inequality in one variable against constants ("x > 3", "2 < x \le 5") is
 * read as the interval it describes.
 */
final class AnswerParser {

    private static final Pattern IN_PREFIX = Pattern.compile("^[A-Za-z](?:_\\{?\\w+\\}?)?\\s*\\\\in\\s*");
    private static final Pattern MATRIX = Pattern.compile(
            "^\\\\begin\\{([pbvBV]?matrix|array|smallmatrix)\\}(.*)\\\\end\\{\\1\\}$", Pattern.DOTALL);
    private static final Pattern CHOICE = Pattern.compile("^\\(?([A-J])\\)?$|^\\(([a-j])\\)$");
    private static final Pattern BASE = Pattern.compile("^([0-9A-Za-z]+)_\\{?(\\d+)\\}?$");
    private static final Pattern LETTER_RUN = Pattern.compile("(?<![\\\\A-Za-z])[A-Za-z]{3,}");
    private static final Pattern WORD_SPLIT = Pattern.compile("\\s+(?:or|and)\\s+");
    private static final Set<String> FUNCTION_WORDS = Set.of(
            "sin", "cos", "tan", "cot", "sec", "csc", "log", "exp", "sqrt", "arcsin", "arccos", "arctan", "sinh",
            "cosh", "tanh", "lcm", "gcd", "det", "max", "min", "mod", "abs", "infty", "infinity", "frac");

    /** Relation operators, longest first; commands must not run on into letters. */
    private static final String[][] RELATIONS = {
            {"\\leqslant", "<="}, {"\\geqslant", ">="}, {"\\approx", "="}, {"\\leq", "<="}, {"\\geq", ">="},
            {"\\neq", "!="}, {"\\le", "<="}, {"\\ge", ">="}, {"\\ne", "!="}, {"\\lt", "<"}, {"\\gt", ">"},
            {"<=", "<="}, {">=", ">="}, {"!=", "!="}, {"=<", "<="}, {"=>", ">="}, {"<", "<"}, {">", ">"}, {"=", "="}};

    private AnswerParser() {
    }

    static MathAnswer parse(String normalized) {
        String s = normalized.strip();
        Matcher in = IN_PREFIX.matcher(s);
        if (in.find() && in.end() < s.length()) {
            s = s.substring(in.end()).strip();
        }
        Matcher matrix = MATRIX.matcher(s);
        if (matrix.matches()) {
            return matrix(matrix.group(2));
        }
        if (s.startsWith("(") && Braces.wrapsWhole(s) && MATRIX.matcher(s.substring(1, s.length() - 1).strip()).matches()) {
            return parse(s.substring(1, s.length() - 1));
        }
        List<String> union = Braces.splitTopLevel(s, "\\cup");
        if (union.size() > 1) {
            return new MathAnswer.Union(union.stream().map(AnswerParser::parse).toList());
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
            return new MathAnswer.Text(LatexNormalizer.foldCase(s).replaceAll("[^\\p{L}\\p{N}]", ""));
        }
        return new MathAnswer.Scalar(s, false);
    }

    /** Whether a string reads as words: it has a run of three or more letters that is not a function name. */
    static boolean isText(String s) {
        if (s.equalsIgnoreCase("no") || s.equalsIgnoreCase("yes")) {
            return true;
        }
        Matcher m = LETTER_RUN.matcher(s.replaceAll("\\\\(?:begin|end)\\{[A-Za-z*]+\\}", " "));
        while (m.find()) {
            if (!FUNCTION_WORDS.contains(m.group().toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    /** Whether an expression is free of variables: no letters once commands such as \pi are removed. */
    static boolean isConstant(String latex) {
        String withoutCommands = latex.replaceAll("\\\\[A-Za-z]+", "");
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
        List<String> items = Braces.splitTopLevel(s.substring(1, s.length() - 1), ",");
        if (items.size() == 1) {
            return open == '(' && close == ')' || open == '[' && close == ']' ? parse(items.get(0)) : null;
        }
        List<MathAnswer> parsed = items.stream().map(AnswerParser::parse).toList();
        if (parsed.size() == 2 && (open == '[' || close == ']')) {
            return new MathAnswer.Interval(parsed.get(0), parsed.get(1), open == '[', close == ']');
        }
        return open == close - 1 || open == '[' && close == ']' ? new MathAnswer.Tuple(parsed, open) : null;
    }

    private static MathAnswer unordered(List<String> items, boolean braced) {
        List<MathAnswer> parsed = new ArrayList<>();
        for (String item : items) {
            if (item.isBlank()) {
                continue;
            }
            MathAnswer a = parse(item);
            // "1 \pm \sqrt{5}" inside a list contributes both of its values to the list.
            if (a instanceof MathAnswer.Unordered u && !u.braced()) {
                parsed.addAll(u.items());
            } else {
                parsed.add(a);
            }
        }
        return new MathAnswer.Unordered(List.copyOf(parsed), braced);
    }

    private static MathAnswer matrix(String body) {
        String b = body.strip();
        if (b.startsWith("{")) {
            int close = Braces.matchingBrace(b, 0); // an array's column specification
            b = close > 0 ? b.substring(close + 1) : b;
        }
        List<List<MathAnswer>> rows = new ArrayList<>();
        for (String row : b.split("\\\\\\\\")) {
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

    private static MathAnswer relation(String s) {
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
                if (s.startsWith(token, i) && !(token.startsWith("\\") && i + token.length() < s.length()
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
        MathAnswer interval = intervalFromInequality(sides, ops);
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
        if (sides.size() == 2) {
            boolean variableLeft = isVariable(sides.get(0)) && isConstant(sides.get(1));
            boolean variableRight = isVariable(sides.get(1)) && isConstant(sides.get(0));
            if (!variableLeft && !variableRight) {
                return null;
            }
            String bound = variableLeft ? sides.get(1) : sides.get(0);
            boolean closed = ops.get(0).endsWith("=");
            boolean upper = variableLeft == ascending; // x < c or c > x bounds x from above
            return upper ? interval("-\\infty", bound, false, closed) : interval(bound, "\\infty", closed, false);
        }
        if (sides.size() == 3 && isVariable(sides.get(1)) && isConstant(sides.get(0)) && isConstant(sides.get(2))) {
            int lo = ascending ? 0 : 2;
            int hi = ascending ? 2 : 0;
            boolean loClosed = ops.get(ascending ? 0 : 1).endsWith("=");
            boolean hiClosed = ops.get(ascending ? 1 : 0).endsWith("=");
            return interval(sides.get(lo), sides.get(hi), loClosed, hiClosed);
        }
        return null;
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
        return s.strip().matches("(?:[A-Za-z]|\\\\[a-zA-Z]+)(?:_\\{?\\w+\\}?)?")
                && !s.strip().matches("\\\\(?:pi|infty|e)");
    }
}
