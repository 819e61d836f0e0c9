package lyceum.grading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Whole responses against gold texts: the verdict a sample gets. */
class GraderTest {

    private final Grader grader = Grader.standard();

    @Test
    void everyVerdictNamesTheGraderVersion() {
        assertThat(Grader.VERSION).startsWith("lyceum-grader/");
        assertThat(grader.grade("18", "The answer is 18.").graderVersion()).isEqualTo(Grader.VERSION);
        assertThat(grader.grade("18", "no idea").graderVersion()).isEqualTo(Grader.VERSION);
        assertThat(grader.gradeAnswer("1/2", "0.5").graderVersion()).isEqualTo(Grader.VERSION);
    }

    @Test
    void gradesGsm8kStyleResponsesAgainstGsm8kSolutions() {
        String gold = "Janet sells 16 - 3 - 4 = <<16-3-4=9>>9 duck eggs a day.\n"
                + "She makes 9 * 2 = $<<9*2=18>>18 every day at the farmer\u2019s market.\n#### 18";
        Verdict right = grader.grade(gold, "She has 16-3-4 = 9 eggs left and earns 9*2 = $18.\nThe answer is $18.");
        assertThat(right.equivalent()).isTrue();
        assertThat(right.extracted()).isEqualTo("$18");
        assertThat(right.reference()).isEqualTo("18");
        Verdict wrong = grader.grade(gold, "She earns 9*3 = 27 dollars.\n#### 27");
        assertThat(wrong.equivalent()).isFalse();
        assertThat(wrong.extracted()).isEqualTo("27");
        assertThat(wrong.rule()).isEqualTo("different");
    }

    @Test
    void gradesMathResponsesAgainstMathSolutions() {
        String gold = "We have $r = \\sqrt{0^2 + 3^2} = 3.$ ... Therefore, the polar coordinates are "
                + "$\\boxed{\\left( 3, \\frac{\\pi}{2} \\right)}.$";
        assertThat(grader.grade(gold, "So $(r,\\theta) = \\boxed{(3, \\pi/2)}$.")
                        .equivalent())
                .isTrue();
        assertThat(grader.grade(gold, "So $(r,\\theta) = \\boxed{(\\pi/2, 3)}$.")
                        .equivalent())
                .isFalse();
        assertThat(grader.grade(
                                "\\frac{14}{3}",
                                "Final Answer: The final answer is $4\\frac{2}{3}$. I hope it is correct.")
                        .equivalent())
                .isTrue();
    }

    @Test
    void goldMayBeANumber() {
        assertThat(grader.grade("51.0", "The answer is 51").equivalent()).isTrue();
        assertThat(grader.grade("0.5", "The answer is 1/2.").equivalent()).isTrue();
    }

    @Test
    void multipleChoiceReferencesReadALetterFromTheResponse() {
        Verdict v = grader.grade("(B)", "Options (A) and (C) are too small, so the answer is (B).");
        assertThat(v.equivalent()).isTrue();
        assertThat(v.extracted()).isEqualTo("B");
        assertThat(grader.grade("\\text{(C)}", "The answer is B.").equivalent()).isFalse();
    }

    @Test
    void noAnswerIsAVerdictNotAnException() {
        for (String response :
                new String[] {"", "   ", null, "I cannot solve this.", "\\boxed{", "}{)(][", "\\frac{"}) {
            Verdict v = grader.grade("42", response);
            assertThat(v.equivalent()).isFalse();
            assertThat(v.graderVersion()).isEqualTo(Grader.VERSION);
        }
        Verdict none = grader.grade("42", "I cannot solve this.");
        assertThat(none.extracted()).isEmpty();
        assertThat(none.rule()).isEqualTo("no-answer");
        assertThat(grader.grade(null, "42").rule()).isEqualTo("no-reference");
    }

    @Test
    void garbageAnswersNeverThrow() {
        String[] garbage = {
            "\\frac{}{}",
            "\\sqrt[]{}",
            "((((",
            "x^^2",
            "\\left(",
            "1/0",
            "0/0",
            "\\infty - \\infty",
            "\\begin{pmatrix}",
            "\\{\\}",
            "[,]",
            "(,)",
            "= =",
            "< 3",
            "x \\in",
            "\\pm",
            "%",
            "_8",
            "e^{e^{e^{e^{9}}}}",
            "\\sqrt{-1}^{\\sqrt{-1}}",
            "99999999999999999999^99999999999",
            "\\log_0 0"
        };
        for (String g : garbage) {
            for (String p : garbage) {
                assertThatCode(() -> grader.gradeAnswer(g, p)).doesNotThrowAnyException();
            }
        }
        assertThat(grader.gradeAnswer("1/0", "2").equivalent()).isFalse();
    }

    @Test
    void symjaPrintsNothingToStandardOutput() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            grader.gradeAnswer("\\frac{1}{0}", "x/0");
            grader.gradeAnswer("\\infty - \\infty", "0");
            grader.gradeAnswer("\\sqrt{x^2}", "|x|");
            grader.gradeAnswer("2^{10^{10}}", "2^{10^{10}}+1");
        } finally {
            System.setOut(original);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void aPathologicalComparisonEndsWithinTheTimeLimitAndSaysSo() {
        Grader impatient = Grader.withEngine(SymjaEngine.create(1, Duration.ofMillis(300)));
        assertThat(impatient.equivalent("x^2+2x+1", "(x+1)^2")).isTrue(); // starts the engine
        long start = System.nanoTime();
        Verdict v = impatient.gradeAnswer("(x+1)^{3000}", "(x+2)^{3000}");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(v.equivalent()).isFalse();
        assertThat(v.rule()).isEqualTo("symja-timeout");
        assertThat(millis).isLessThan(2_000);
        // a fresh worker replaces the abandoned one
        assertThat(impatient.equivalent("\\sqrt{12}", "2\\sqrt{3}")).isTrue();
    }

    @Test
    void manyTimedOutComparisonsLeaveTheWorkerThreadsBounded() throws Exception {
        // A second: ample for the simple comparisons even on a loaded machine, far short of the overruns.
        SymjaEngine engine = SymjaEngine.create(2, Duration.ofSeconds(1));
        Grader impatient = Grader.withEngine(engine);
        assertThat(impatient.equivalent("x^2+2x+1", "(x+1)^2")).isTrue(); // starts the engine
        long before = symjaThreads();
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            List<Future<Verdict>> verdicts = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                int n = 3000 + i;
                verdicts.add(callers.submit(() -> impatient.gradeAnswer("(x+1)^{" + n + "}", "(x+2)^{" + n + "}")));
            }
            for (Future<Verdict> v : verdicts) {
                assertThat(v.get().rule()).isEqualTo("symja-timeout");
                // Counted while overrun comparisons may still be winding down: never more threads than workers.
                assertThat(symjaThreads()).as("Symja worker threads").isLessThanOrEqualTo(before + 2);
            }
        } finally {
            callers.shutdownNow();
        }
        // The pool still has its workers once the overruns have ended.
        assertThat(impatient.equivalent("\\sqrt{12}", "2\\sqrt{3}")).isTrue();
    }

    private static long symjaThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("lyceum-symja-"))
                .count();
    }

    @Test
    void concurrentGradingAgreesWithSequentialGrading() throws Exception {
        String[][] pairs = {
            {"x^2+2x+1", "(x+1)^2"},
            {"\\sqrt{12}", "2\\sqrt{3}"},
            {"x^2", "x^3"},
            {"1,2", "2,1"},
            {"\\frac{1}{\\sqrt{2}}", "\\frac{\\sqrt2}{2}"},
            {"(1,2)", "(2,1)"},
            {"y=2x+1", "2x+1"},
            {"\\pi", "3.14"}
        };
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> futures = new ArrayList<>();
            for (int round = 0; round < 4; round++) {
                for (String[] p : pairs) {
                    futures.add(pool.submit(() -> grader.equivalent(p[0], p[1])));
                }
            }
            for (int i = 0; i < futures.size(); i++) {
                String[] p = pairs[i % pairs.length];
                assertThat(futures.get(i).get()).as(p[0] + " vs " + p[1]).isEqualTo(grader.equivalent(p[0], p[1]));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void cheapRulesNeverStartTheSymbolicEngine() {
        SymjaEngine engine = SymjaEngine.create(1, SymjaEngine.DEFAULT_TIMEOUT);
        Grader own = Grader.withEngine(engine);
        assertThat(own.grade("#### 1,250", "The answer is $1250.00.").equivalent())
                .isTrue();
        assertThat(own.equivalent("\\frac{1}{2}", "0.5")).isTrue();
        assertThat(own.equivalent("50\\%", "0.5")).isTrue();
        assertThat(own.equivalent("(1,2)", "(2,1)")).isFalse();
        assertThat(own.equivalent("\\text{Monday}", "monday")).isTrue();
        assertThat(engine.calls()).isZero();
        assertThat(own.equivalent("\\sqrt{8}", "2\\sqrt{2}")).isTrue();
        assertThat(engine.calls()).isPositive();
    }

    @Test
    void verdictsAreReproducible() {
        String[][] pairs = {
            {"x^2+2x+1", "(x+1)^2"},
            {"\\frac{8}{3}", "2.6667"},
            {"x > 3", "3 < x"},
            {"\\pi", "3.14"},
            {"1 \\pm \\sqrt{19}", "1-\\sqrt{19}, 1+\\sqrt{19}"},
            {"y=2x+1", "2x+1"},
            {"\\sqrt{x^2}", "x"}
        };
        Grader other = Grader.withEngine(SymjaEngine.create(1, SymjaEngine.DEFAULT_TIMEOUT));
        for (String[] p : pairs) {
            assertThat(other.gradeAnswer(p[0], p[1])).isEqualTo(grader.gradeAnswer(p[0], p[1]));
        }
    }

    @Test
    void symbolicVerdictsSayTheyUsedSymja() {
        Verdict symbolic = grader.gradeAnswer("x^2+2x+1", "(x+1)^2");
        assertThat(symbolic.usedSymja()).isTrue();
        assertThat(symbolic.rule()).isEqualTo("symbolic");
        Verdict numeric = grader.gradeAnswer("0.5", "1/2");
        assertThat(numeric.usedSymja()).isFalse();
        assertThat(numeric.rule()).isEqualTo("exact-number");
    }

    @Test
    void settingsAreChosenPerDatasetAndNamedWhenUnknown() {
        assertThat(GraderSettings.forDataset("gsm8k")).isEqualTo(GraderSettings.NUMERIC);
        assertThat(GraderSettings.forDataset("math500")).isEqualTo(GraderSettings.MATH);
        assertThat(GraderSettings.MATH.with("decimalComma", true).decimalComma())
                .isTrue();
        assertThatCode(() -> GraderSettings.MATH.with("decimalComa", true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("decimalComa");
    }

    @Test
    void aNumericReferenceReadsAProseResponseByItsLastNumberUnderEitherSetting() {
        String response = "She pays $5 for the pen, so $x = 5$ and the change is 15.";
        assertThat(grader.grade("15", response).extracted()).isEqualTo("15");
        assertThat(Grader.withSettings(GraderSettings.NUMERIC)
                        .grade("15", response)
                        .extracted())
                .isEqualTo("15");
        assertThat(grader.grade("x=5", response).extracted()).isEqualTo("x = 5");
        assertThat(Grader.withSettings(GraderSettings.NUMERIC)
                        .grade("x=5", response)
                        .extracted())
                .isEqualTo("15");
    }
}
