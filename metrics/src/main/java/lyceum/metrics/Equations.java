package lyceum.metrics;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Equations of the form "a op b [op c ...] = r" in a rationale, normalised so that the same computation
 * written differently counts once (the "Distinct Equations" logical diversity of Wu et al. 2024).
 * Normalisation: numbers lose "$", thousands separators and trailing zeros ("1,200.50" becomes
 * "1200.5"); x, ×, · become "*"; ÷ becomes "/"; − becomes "-"; when every operator is "+" (or every one
 * is "*") the operands are sorted, since the order does not change the computation. Parentheses and
 * variables are not recognised: such equations are not counted. The first operand and the result may
 * carry a minus sign.
 */
public final class Equations {

    private static final String NUMBER = "\\$?\\d+(?:,\\d{3})*(?:\\.\\d+)?%?";
    private static final String OPERATORS = "-+*/×÷x·−";
    private static final String OPERATOR = "[" + OPERATORS + "]";
    // a signed first operand and result; no match may start inside a word, a number or after a sign
    static final Pattern EQUATION = Pattern.compile("(?<![\\w.$\\-−])(-?" + NUMBER + ")((?:\\s*" + OPERATOR + "\\s*"
            + NUMBER + ")+)" + "\\s*=\\s*(-?" + NUMBER + ")(?![\\w])");
    // the operations after the first operand: operator, number, operator, number ...
    private static final Pattern TERM = Pattern.compile("(" + NUMBER + ")|(" + OPERATOR + ")");

    private static final Comparator<String> OPERAND_ORDER =
            Comparator.comparing(Equations::numericValue).thenComparing(s -> s);
    /** {@link #OPERAND_ORDER} for whole numbers as {@link #number} writes them (no leading zeros). */
    private static final Comparator<String> WHOLE_NUMBER_ORDER =
            Comparator.comparingInt(String::length).thenComparing(s -> s);

    private Equations() {}

    /** The normalised equations found in {@code text}, in order of appearance, for example "3+4=7". */
    public static List<String> normalised(String text) {
        return normalised(text, new HashMap<>());
    }

    /**
     * As {@link #normalised(String)}, with the normal form of each equation as written kept in {@code
     * byMatch} for the next text: a problem's samples mostly repeat the same few equations, and the
     * normal form is a function of the matched text alone.
     */
    static List<String> normalised(String text, Map<String, String> byMatch) {
        List<String> equations = new ArrayList<>();
        if (text.indexOf('=') < 0) {
            return equations;
        }
        // What find() does, tried only where a match can start (a sign, "$" or a digit not inside a word,
        // number or after a sign): most characters of a rationale cannot, and trying the pattern there
        // was most of the cost.
        Matcher m = EQUATION.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
        int length = text.length();
        int from = 0;
        while (from < length) {
            int start = from;
            while (start < length && !canStart(text, start)) {
                start++;
            }
            if (start == length) {
                break;
            }
            if (!operatorFollowsNumber(text, start)) {
                from = start + 1;
                continue;
            }
            m.region(start, length);
            if (m.lookingAt()) {
                String match = m.group();
                String normal = byMatch.get(match);
                if (normal == null) {
                    normal = normalise(m.group(1), m.group(2), m.group(3));
                    byMatch.put(match, normal);
                }
                equations.add(normal);
                from = m.end();
            } else {
                from = start + 1;
            }
        }
        return equations;
    }

    /** Whether an equation may start at {@code i}: the pattern's first character and its look-behind. */
    private static boolean canStart(String text, int i) {
        char ch = text.charAt(i);
        if (ch != '-' && ch != '$' && (ch < '0' || ch > '9')) {
            return false;
        }
        if (i == 0) {
            return true;
        }
        char before = text.charAt(i - 1);
        boolean word = before == '_'
                || (before >= '0' && before <= '9')
                || (before >= 'a' && before <= 'z')
                || (before >= 'A' && before <= 'Z');
        return !word && before != '.' && before != '$' && before != '-' && before != '\u2212';
    }

    /**
     * Whether, past an optional sign, the run of number characters from {@code i} is followed (after
     * white space) by an operator: the first operand of every match is such a run, so where it is not,
     * the pattern need not be tried. Most numbers in a rationale are not the start of an equation.
     */
    private static boolean operatorFollowsNumber(String text, int i) {
        int length = text.length();
        if (text.charAt(i) == '-') {
            i++;
        }
        while (i < length && isNumberChar(text.charAt(i))) {
            i++;
        }
        while (i < length && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i < length && OPERATORS.indexOf(text.charAt(i)) >= 0;
    }

    private static boolean isNumberChar(char ch) {
        return (ch >= '0' && ch <= '9') || ch == ',' || ch == '.' || ch == '$' || ch == '%';
    }

    private static String normalise(String firstOperand, String operations, String result) {
        List<String> operands = new ArrayList<>();
        List<String> operators = new ArrayList<>();
        operands.add(number(firstOperand));
        Matcher t = TERM.matcher(operations);
        while (t.find()) {
            if (t.group(2) != null) {
                operators.add(operator(t.group(2)));
            } else {
                operands.add(number(t.group(1)));
            }
        }
        boolean allPlus = true;
        boolean allTimes = true;
        for (String operator : operators) {
            allPlus &= operator.equals("+");
            allTimes &= operator.equals("*");
        }
        if (allPlus || allTimes) {
            operands.sort(operands.stream().allMatch(Equations::isDigits) ? WHOLE_NUMBER_ORDER : OPERAND_ORDER);
        }
        StringBuilder out = new StringBuilder(operands.get(0));
        for (int i = 0; i < operators.size(); i++) {
            out.append(operators.get(i)).append(operands.get(i + 1));
        }
        return out.append('=').append(number(result)).toString();
    }

    private static String number(String raw) {
        if (isDigits(raw)) {
            // what BigDecimal gives a whole number: its digits without leading zeros
            int first = 0;
            while (first < raw.length() - 1 && raw.charAt(first) == '0') {
                first++;
            }
            return raw.substring(first);
        }
        boolean percent = raw.endsWith("%");
        String digits = raw.replace("$", "").replace(",", "").replace("%", "");
        String plain = new BigDecimal(digits).stripTrailingZeros().toPlainString();
        return percent ? plain + "%" : plain;
    }

    private static boolean isDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return !s.isEmpty();
    }

    private static BigDecimal numericValue(String normalisedNumber) {
        return new BigDecimal(normalisedNumber.replace("%", ""));
    }

    private static String operator(String raw) {
        return switch (raw) {
            case "x", "×", "·", "*" -> "*";
            case "÷", "/" -> "/";
            case "−", "-" -> "-";
            default -> raw;
        };
    }
}
