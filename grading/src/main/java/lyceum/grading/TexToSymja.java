// Stays whole: one recursive-descent translator whose grammar rules call each other.
package lyceum.grading;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Translates one LaTeX (or plain-text) expression into Symja input syntax, with explicit products
 * and parentheses, so that the symbolic engine never guesses at TeX. Decimals become exact
 * fractions ("0.5" is "(5/10)"), {@code \pi} is Pi, e is Euler's number, i is the imaginary unit,
 * and every other letter or Greek command is a variable renamed through a {@link Symbols} table
 * shared by both sides of a comparison, so that Symja's built-in names (N, D, C, E, I ...) and its
 * case-insensitive input never capture an answer's variable.
 *
 * <p>Conventions: juxtaposition is multiplication ("2x", "(x+1)(x-1)", "xy"); a superscript takes a
 * braced group or one token, where a run of digits counts as one token ("x^23" is x to the 23rd);
 * {@code \sin 2x} applies sin to the whole juxtaposed product 2x; {@code \sin^2 x} is (sin x)^2 and
 * {@code \sin^{-1}} is arcsin; {@code \log} is the natural logarithm, {@code \log_b} has base b;
 * {@code \sqrt[n]{x}} with odd n is the real root. Anything else (primes, sums, integrals, unknown
 * commands) is refused with {@link Unsupported}, and the caller falls back to string equality.
 */
final class TexToSymja {

    private static final Pattern DIGITS = Pattern.compile("\\d+");

    /** Thrown when an expression uses notation this translator does not read. */
    static final class Unsupported extends Exception {
        Unsupported(String message) {
            super(message, null, false, false);
        }
    }

    /** Variable names of one comparison, mapped to safe Symja symbols xv1, xv2, ... */
    static final class Symbols {
        private final Map<String, String> names = new LinkedHashMap<>();

        String symbol(String variable) {
            return names.computeIfAbsent(variable, v -> "xv" + (names.size() + 1));
        }

        List<String> symbols() {
            return List.copyOf(names.values());
        }
    }

    private static final Map<String, String> FUNCTIONS = Map.ofEntries(
            Map.entry("sin", "Sin"),
            Map.entry("cos", "Cos"),
            Map.entry("tan", "Tan"),
            Map.entry("cot", "Cot"),
            Map.entry("sec", "Sec"),
            Map.entry("csc", "Csc"),
            Map.entry("arcsin", "ArcSin"),
            Map.entry("arccos", "ArcCos"),
            Map.entry("arctan", "ArcTan"),
            Map.entry("sinh", "Sinh"),
            Map.entry("cosh", "Cosh"),
            Map.entry("tanh", "Tanh"),
            Map.entry("ln", "Log"),
            Map.entry("log", "Log"),
            Map.entry("exp", "Exp"));
    private static final Map<String, String> INVERSES = Map.of("Sin", "ArcSin", "Cos", "ArcCos", "Tan", "ArcTan");
    private static final Set<String> GREEK = Set.of(
            "alpha",
            "beta",
            "gamma",
            "delta",
            "epsilon",
            "varepsilon",
            "zeta",
            "eta",
            "theta",
            "vartheta",
            "iota",
            "kappa",
            "lambda",
            "mu",
            "nu",
            "xi",
            "rho",
            "sigma",
            "tau",
            "upsilon",
            "phi",
            "varphi",
            "chi",
            "psi",
            "omega",
            "Gamma",
            "Delta",
            "Theta",
            "Lambda",
            "Xi",
            "Sigma",
            "Phi",
            "Psi",
            "Omega");
    /** Plain-text words a model may write without a backslash. */
    private static final Map<String, String> PLAIN_WORDS = Map.of(
            "sqrt",
            "\\sqrt",
            "pi",
            "\\pi",
            "sin",
            "\\sin",
            "cos",
            "\\cos",
            "tan",
            "\\tan",
            "log",
            "\\log",
            "ln",
            "\\ln",
            "exp",
            "\\exp",
            "infinity",
            "\\infty",
            "inf",
            "\\infty");

    private enum Kind {
        NUMBER,
        LETTER,
        COMMAND,
        SYMBOL,
        END
    }

    /**
     * Deepest nesting of groups and signs read; deeper input ("{{{{...", "-(-(-(...") is refused
     * rather than overflowing the stack of this recursive descent. No real answer comes close.
     */
    static final int MAX_NESTING = 100;

    private record Token(Kind kind, String text) {}

    private final List<Token> tokens;
    private final Symbols symbols;
    private int pos;
    private int absDepth;
    private int nesting;

    private TexToSymja(List<Token> tokens, Symbols symbols) {
        this.tokens = tokens;
        this.symbols = symbols;
    }

    /** The Symja input for {@code latex}; variables are named through {@code symbols}. */
    static String translate(String latex, Symbols symbols) throws Unsupported {
        TexToSymja p = new TexToSymja(tokenize(latex), symbols);
        if (p.peek().kind == Kind.END) {
            throw new Unsupported("empty expression");
        }
        String result = p.expression();
        if (p.peek().kind != Kind.END) {
            throw new Unsupported("unexpected '" + p.peek().text + "'");
        }
        return result;
    }

    // ---- grammar ------------------------------------------------------------------------------

    private String expression() throws Unsupported {
        String left = term();
        while (true) {
            if (accept("+")) {
                left = "(" + left + ")+(" + term() + ")";
            } else if (accept("-")) {
                left = "(" + left + ")-(" + term() + ")";
            } else {
                return left;
            }
        }
    }

    private String term() throws Unsupported {
        String left = unary();
        while (true) {
            if (accept("*") || acceptCommand("cdot") || acceptCommand("times") || acceptCommand("ast")) {
                left = "(" + left + ")*(" + unary() + ")";
            } else if (accept("/") || acceptCommand("div")) {
                left = "(" + left + ")/(" + unary() + ")";
            } else if (startsFactor()) {
                left = "(" + left + ")*(" + power() + ")";
            } else {
                return left;
            }
        }
    }

    private String unary() throws Unsupported {
        enter();
        try {
            if (accept("-")) {
                return "-(" + unary() + ")";
            }
            if (accept("+")) {
                return unary();
            }
            return power();
        } finally {
            nesting--;
        }
    }

    private String power() throws Unsupported {
        String base = postfix(primary());
        if (accept("^")) {
            String exponent = superscript();
            return "(" + base + ")^(" + exponent + ")";
        }
        return base;
    }

    private String postfix(String operand) {
        String result = operand;
        while (true) {
            if (accept("!")) {
                result = "Factorial(" + result + ")";
            } else if (accept("%")) {
                result = "(" + result + ")/100";
            } else {
                return result;
            }
        }
    }

    private String superscript() throws Unsupported {
        if (accept("{")) {
            String e = expression();
            expect("}");
            return e;
        }
        if (accept("-")) {
            return "-(" + postfix(primary()) + ")";
        }
        return postfix(primary());
    }

    private String primary() throws Unsupported {
        enter();
        try {
            Token t = next();
            switch (t.kind) {
                case NUMBER:
                    return number(t.text);
                case LETTER:
                    return letter(t.text);
                case COMMAND:
                    return command(t.text);
                case SYMBOL:
                    return group(t.text);
                default:
                    throw new Unsupported("expression ends early");
            }
        } finally {
            nesting--;
        }
    }

    /** Every recursive path passes here or through {@link #unary}; callers decrement when done. */
    private void enter() throws Unsupported {
        if (++nesting > MAX_NESTING) {
            nesting--;
            throw new Unsupported("nested deeper than " + MAX_NESTING);
        }
    }

    private String group(String open) throws Unsupported {
        switch (open) {
            case "(":
                return closeWith(")");
            case "[":
                return closeWith("]");
            case "{":
                return closeWith("}");
            case "|":
                absDepth++;
                String inner = expression();
                expect("|");
                absDepth--;
                return "Abs(" + inner + ")";
            default:
                throw new Unsupported("unexpected '" + open + "'");
        }
    }

    private String closeWith(String close) throws Unsupported {
        String inner = expression();
        expect(close);
        return "(" + inner + ")";
    }

    private String number(String digits) {
        int dot = digits.indexOf('.');
        if (dot < 0) {
            return digits;
        }
        String whole = digits.substring(0, dot);
        String fraction = digits.substring(dot + 1);
        if (fraction.isEmpty()) {
            return whole.isEmpty() ? "0" : whole;
        }
        return "(" + (whole.isEmpty() ? "" : whole) + fraction + "/1" + "0".repeat(fraction.length()) + ")";
    }

    private String letter(String letter) throws Unsupported {
        String name = letter + subscript();
        if (name.equals("e")) {
            return "E";
        }
        if (name.equals("i")) {
            return "I";
        }
        return symbols.symbol(name);
    }

    private String subscript() throws Unsupported {
        if (!accept("_")) {
            return "";
        }
        Token t = next();
        if (t.kind == Kind.SYMBOL && t.text.equals("{")) {
            StringBuilder sb = new StringBuilder();
            while (!(peek().kind == Kind.SYMBOL && peek().text.equals("}"))) {
                Token inner = next();
                if (inner.kind == Kind.END) {
                    throw new Unsupported("unclosed subscript");
                }
                sb.append(inner.text);
            }
            next();
            return "_" + sb;
        }
        if (t.kind == Kind.END) {
            throw new Unsupported("empty subscript");
        }
        return "_" + t.text;
    }

    private String command(String name) throws Unsupported {
        switch (name) {
            case "pi":
                return "Pi";
            case "infty":
                return "Infinity";
            case "frac":
                return "((" + braced() + ")/(" + braced() + "))";
            case "binom":
                return "Binomial(" + braced() + "," + braced() + ")";
            case "sqrt":
                return root();
            case "lfloor":
                return "Floor(" + until("rfloor") + ")";
            case "lceil":
                return "Ceiling(" + until("rceil") + ")";
            case "lvert":
            case "vert":
                return "Abs(" + until(name.equals("lvert") ? "rvert" : "vert") + ")";
            default:
                break;
        }
        if (FUNCTIONS.containsKey(name)) {
            return function(FUNCTIONS.get(name));
        }
        if (GREEK.contains(name)) {
            return symbols.symbol("\\" + name + subscript());
        }
        throw new Unsupported("unknown command \\" + name);
    }

    private String until(String closingCommand) throws Unsupported {
        String inner = expression();
        if (!acceptCommand(closingCommand)) {
            throw new Unsupported("missing \\" + closingCommand);
        }
        return inner;
    }

    private String root() throws Unsupported {
        if (accept("[")) {
            String index = expression();
            expect("]");
            String radicand = braced();
            if (DIGITS.matcher(index).matches()) {
                int n = Integer.parseInt(index);
                return n % 2 == 1 ? "Surd(" + radicand + "," + n + ")" : "(" + radicand + ")^(1/" + n + ")";
            }
            return "(" + radicand + ")^(1/(" + index + "))";
        }
        return "Sqrt(" + braced() + ")";
    }

    /** A macro argument: a braced group or a single token. */
    private String braced() throws Unsupported {
        if (accept("{")) {
            String inner = expression();
            expect("}");
            return inner;
        }
        return primary();
    }

    private String function(String symja) throws Unsupported {
        String head = symja;
        String exponent = null;
        String base = null;
        if (symja.equals("Log") && accept("_")) {
            base = braced();
        }
        if (accept("^")) {
            String e = superscript();
            if (e.equals("-(1)") && INVERSES.containsKey(symja)) {
                head = INVERSES.get(symja);
            } else {
                exponent = e;
            }
        }
        String argument;
        if (peekSymbol("(")) {
            next();
            argument = closeWith(")");
        } else {
            // "\sin 2x" takes the juxtaposed product; it stops at operators and at another function.
            argument = power();
            while (startsFactor() && !startsFunction()) {
                argument = "(" + argument + ")*(" + power() + ")";
            }
        }
        String applied = base != null ? "Log(" + base + "," + argument + ")" : head + "(" + argument + ")";
        return exponent == null ? applied : "(" + applied + ")^(" + exponent + ")";
    }

    // ---- token helpers ------------------------------------------------------------------------

    private boolean startsFactor() {
        Token t = peek();
        switch (t.kind) {
            case NUMBER:
            case LETTER:
                return true;
            case COMMAND:
                return !Set.of("cdot", "times", "div", "ast", "rfloor", "rceil", "rvert", "vert", "pm", "mp")
                        .contains(t.text);
            case SYMBOL:
                return t.text.equals("(")
                        || t.text.equals("[")
                        || t.text.equals("{")
                        || t.text.equals("|") && absDepth == 0;
            default:
                return false;
        }
    }

    private boolean startsFunction() {
        Token t = peek();
        return t.kind == Kind.COMMAND && FUNCTIONS.containsKey(t.text);
    }

    private Token peek() {
        return tokens.get(pos);
    }

    private Token next() {
        Token t = tokens.get(pos);
        if (t.kind != Kind.END) {
            pos++;
        }
        return t;
    }

    private boolean peekSymbol(String symbol) {
        Token t = peek();
        return t.kind == Kind.SYMBOL && t.text.equals(symbol);
    }

    private boolean accept(String symbol) {
        if (peekSymbol(symbol)) {
            pos++;
            return true;
        }
        return false;
    }

    private boolean acceptCommand(String name) {
        Token t = peek();
        if (t.kind == Kind.COMMAND && t.text.equals(name)) {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(String symbol) throws Unsupported {
        if (!accept(symbol)) {
            throw new Unsupported("expected '" + symbol + "'");
        }
    }

    private static List<Token> tokenize(String latex) throws Unsupported {
        List<Token> out = new ArrayList<>();
        String s = latex;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (Character.isDigit(c) || c == '.' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1))) {
                int j = i;
                while (j < s.length() && Character.isDigit(s.charAt(j))) {
                    j++;
                }
                if (j < s.length() && s.charAt(j) == '.') {
                    j++;
                    while (j < s.length() && Character.isDigit(s.charAt(j))) {
                        j++;
                    }
                }
                out.add(new Token(Kind.NUMBER, s.substring(i, j)));
                i = j;
            } else if (c == '\\') {
                int j = i + 1;
                while (j < s.length() && Character.isLetter(s.charAt(j))) {
                    j++;
                }
                if (j == i + 1) {
                    throw new Unsupported("unsupported escape " + s.substring(i, Math.min(s.length(), i + 2)));
                }
                out.add(new Token(Kind.COMMAND, s.substring(i + 1, j)));
                i = j;
            } else if (Character.isLetter(c)) {
                int j = i;
                while (j < s.length() && Character.isLetter(s.charAt(j))) {
                    j++;
                }
                String word = s.substring(i, j);
                String known = PLAIN_WORDS.get(word.toLowerCase());
                if (known != null && word.length() > 1) {
                    out.add(new Token(Kind.COMMAND, known.substring(1)));
                } else {
                    out.add(new Token(Kind.LETTER, String.valueOf(c)));
                    j = i + 1;
                }
                i = j;
            } else if ("+-*/^_()[]{}|!%".indexOf(c) >= 0) {
                out.add(new Token(Kind.SYMBOL, String.valueOf(c)));
                i++;
            } else {
                throw new Unsupported("unsupported character '" + c + "'");
            }
        }
        out.add(new Token(Kind.END, ""));
        return out;
    }
}
