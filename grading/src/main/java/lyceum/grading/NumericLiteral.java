package lyceum.grading;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A plain number as written in an answer, read exactly: integers, decimals, thousands separators,
 * fractions ("3/4", {@code \frac{3}{4}}), mixed numbers ("2 1/2", {@code 2\frac{1}{2}}, read as
 * 2 + 1/2 as MATH writes them), scientific notation ("1.5e3", {@code 1.5\times10^{3}},
 * {@code 10^{3}}), repeating decimals ({@code 0.\overline{3}} is 1/3) and small integer powers
 * ({@code 2^{10}}).
 *
 * @param value             the exact value
 * @param decimalPlaces     digits after the decimal point when written as a decimal, else 0
 * @param significantDigits significant digits of a decimal (leading zeros excluded), else 0
 */
record NumericLiteral(Rational value, int decimalPlaces, int significantDigits) {

    private static final String NUM = "(\\d+(?:\\.\\d*)?|\\.\\d+)";
    private static final Pattern DECIMAL = Pattern.compile("([-+]?)" + NUM);
    private static final Pattern THOUSANDS = Pattern.compile("([-+]?)([1-9]\\d{0,2}(?:,\\d{3})+(?:\\.\\d+)?)");
    private static final Pattern SLASH = Pattern.compile("([-+]?)" + NUM + "/([-+]?)" + NUM);
    private static final Pattern FRAC =
            Pattern.compile("([-+]?)\\\\frac\\{([-+]?)" + NUM + "\\}\\{([-+]?)" + NUM + "\\}");
    private static final Pattern MIXED_SLASH = Pattern.compile("([-+]?)\\s*(\\d+)\\s+(\\d+)\\s*/\\s*(\\d+)");
    private static final Pattern MIXED_FRAC =
            Pattern.compile("([-+]?)\\s*(\\d+)\\s*\\\\frac\\s*\\{(\\d+)\\}\\{(\\d+)\\}");
    private static final Pattern E_NOTATION = Pattern.compile("([-+]?)" + NUM + "[eE]([-+]?\\d{1,4})");
    private static final Pattern TIMES_TEN =
            Pattern.compile("([-+]?)" + NUM + "(?:\\\\times|\\\\cdot|\\*|x)10\\^\\{?([-+]?\\d{1,4})\\}?");
    private static final Pattern REPEATING = Pattern.compile("([-+]?)(\\d*)\\.(\\d*)\\\\overline\\{(\\d+)\\}");
    private static final Pattern POWER = Pattern.compile("([-+]?)(\\d{1,6})\\^\\{?([-+]?\\d{1,4})\\}?");
    private static final Pattern LEADING_ZEROS = Pattern.compile("^0+");

    /** Powers are expanded exactly only up to this many decimal digits. */
    private static final int MAX_POWER_DIGITS = 400;

    /** Whether this literal may stand for a rounded value (see {@link AnswerEquivalence}). */
    boolean isRoundedDecimal() {
        return decimalPlaces > 0 && significantDigits >= AnswerEquivalence.ROUNDED_DECIMAL_MIN_DIGITS;
    }

    static Optional<NumericLiteral> parse(String latex) {
        String s = latex.strip();
        Matcher m;
        if ((m = MIXED_SLASH.matcher(s)).matches() || (m = MIXED_FRAC.matcher(s)).matches()) {
            Rational whole = Rational.of(new BigInteger(m.group(2)));
            BigInteger den = new BigInteger(m.group(4));
            if (den.signum() == 0) {
                return Optional.empty();
            }
            Rational r = whole.plus(new Rational(new BigInteger(m.group(3)), den));
            return Optional.of(exact(sign(m.group(1), r)));
        }
        s = s.replace(" ", "");
        try {
            if ((m = DECIMAL.matcher(s)).matches()) {
                return Optional.of(decimal(m.group(1), m.group(2)));
            }
            if ((m = THOUSANDS.matcher(s)).matches()) {
                return Optional.of(decimal(m.group(1), m.group(2).replace(",", "")));
            }
            if ((m = SLASH.matcher(s)).matches()) {
                return fraction(m.group(1), m.group(2), m.group(3), m.group(4), "");
            }
            if ((m = FRAC.matcher(s)).matches()) {
                return fraction(m.group(1), m.group(3), m.group(4), m.group(5), m.group(2));
            }
            if ((m = E_NOTATION.matcher(s)).matches() || (m = TIMES_TEN.matcher(s)).matches()) {
                Rational mantissa = Rational.of(new BigDecimal(m.group(2)));
                return Optional.of(exact(sign(m.group(1), mantissa.times(tenTo(Integer.parseInt(m.group(3)))))));
            }
            if ((m = REPEATING.matcher(s)).matches()) {
                return Optional.of(exact(sign(m.group(1), repeating(m.group(2), m.group(3), m.group(4)))));
            }
            if ((m = POWER.matcher(s)).matches()) {
                BigInteger base = new BigInteger(m.group(2));
                int exponent = Integer.parseInt(m.group(3));
                if (base.signum() == 0
                        || Math.abs(exponent) * Math.log10(Math.max(2, base.doubleValue())) > MAX_POWER_DIGITS) {
                    return Optional.empty();
                }
                Rational r = Rational.of(base.pow(Math.abs(exponent)));
                if (exponent < 0) {
                    r = new Rational(BigInteger.ONE, base.pow(-exponent));
                }
                return Optional.of(exact(sign(m.group(1), r)));
            }
        } catch (NumberFormatException | ArithmeticException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static NumericLiteral decimal(String sign, String digits) {
        BigDecimal d = new BigDecimal(digits.endsWith(".") ? digits.substring(0, digits.length() - 1) : digits);
        int places = Math.max(0, d.scale());
        String significant = LEADING_ZEROS.matcher(digits.replace(".", "")).replaceFirst("");
        int sig = places > 0 ? significant.length() : 0;
        return new NumericLiteral(sign(sign, Rational.of(d)), places, sig);
    }

    private static Optional<NumericLiteral> fraction(
            String sign, String num, String denSign, String den, String numSign) {
        Rational n = Rational.of(new BigDecimal(num));
        Rational d = Rational.of(new BigDecimal(den));
        if (d.numerator().signum() == 0) {
            return Optional.empty();
        }
        Rational r = sign(numSign, n).dividedBy(sign(denSign, d));
        return Optional.of(exact(sign(sign, r)));
    }

    /** 0.1\overline{6}: the whole and fixed digits, plus the repeating block over 10^k (10^r - 1). */
    private static Rational repeating(String whole, String fixed, String block) {
        Rational head = Rational.of(new BigDecimal((whole.isEmpty() ? "0" : whole) + "." + fixed + "0"));
        BigInteger nines = BigInteger.TEN.pow(block.length()).subtract(BigInteger.ONE);
        Rational tail = new Rational(new BigInteger(block), nines.multiply(BigInteger.TEN.pow(fixed.length())));
        return head.plus(tail);
    }

    private static Rational tenTo(int exponent) {
        return exponent >= 0
                ? Rational.of(BigInteger.TEN.pow(exponent))
                : new Rational(BigInteger.ONE, BigInteger.TEN.pow(-exponent));
    }

    private static Rational sign(String sign, Rational r) {
        return "-".equals(sign) ? r.negate() : r;
    }

    private static NumericLiteral exact(Rational r) {
        return new NumericLiteral(r, 0, 0);
    }
}
