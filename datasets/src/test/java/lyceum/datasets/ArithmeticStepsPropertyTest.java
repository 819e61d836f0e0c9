package lyceum.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** The step checker on arbitrary model text: never throws; steps it reads check out exactly when true. */
class ArithmeticStepsPropertyTest {

    @Property(tries = 500)
    void arbitraryTextParsesWithoutThrowing(@ForAll("rationales") String text) {
        List<ArithmeticSteps.Step> steps = ArithmeticSteps.parse(text);
        List<ArithmeticSteps.StepCheck> checks = ArithmeticSteps.check(text);
        assertThat(checks).hasSameSizeAs(steps);
        int lines = text.split("\n", -1).length;
        assertThat(steps).allSatisfy(s -> assertThat(s.line()).isBetween(1, lines));
        ArithmeticSteps.finalAnswer(text);
        boolean valid = ArithmeticSteps.isValid(text);
        if (valid) {
            assertThat(checks).isNotEmpty().allMatch(ArithmeticSteps.StepCheck::correct);
        }
    }

    @Property(tries = 300)
    void aChainOfCorrectStepsIsValid(
            @ForAll @LongRange(min = -1_000_000, max = 1_000_000) long start,
            @ForAll("operations") List<Long> operands,
            @ForAll @IntRange(min = 0, max = 2) int op) {
        StringBuilder text = new StringBuilder("Let us compute.\n");
        long value = start;
        char[] ops = {'+', '-', '*'};
        for (long operand : operands) {
            char o = ops[(int) Math.floorMod(operand + op, 3)];
            long next = o == '+' ? value + operand : o == '-' ? value - operand : value * operand;
            text.append(value)
                    .append(' ')
                    .append(o)
                    .append(' ')
                    .append(operand)
                    .append(" = ")
                    .append(next)
                    .append('\n');
            value = next;
        }
        text.append("#### ").append(value);
        assertThat(ArithmeticSteps.isValid(text.toString())).isTrue();
        assertThat(ArithmeticSteps.parse(text.toString())).hasSize(operands.size());
        assertThat(ArithmeticSteps.isValid(text.toString().replace("#### " + value, "#### " + (value + 1))))
                .isFalse();
    }

    @Provide
    Arbitrary<List<Long>> operations() {
        return Arbitraries.longs().between(-99, 99).list().ofMinSize(1).ofMaxSize(6);
    }

    @Provide
    Arbitrary<String> rationales() {
        Arbitrary<String> line = Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(40),
                Arbitraries.strings().withChars("0123456789-+*x\u00d7= .#\t").ofMaxLength(40),
                Arbitraries.of(
                        "9223372036854775807 * 9 = 1",
                        "-9223372036854775808 - 1 = 0",
                        "99999999999999999999 + 1 = 2",
                        "#### 99999999999999999999",
                        "####",
                        "#### -",
                        "1 + 1 = 2",
                        "2 x 3 = 6",
                        "\u0000",
                        "\r",
                        ""));
        return line.list().ofMaxSize(12).map(lines -> String.join("\n", lines));
    }
}
