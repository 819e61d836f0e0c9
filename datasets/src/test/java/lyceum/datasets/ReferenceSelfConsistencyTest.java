package lyceum.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import lyceum.grading.Grader;
import lyceum.grading.Verdict;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every reference answer of the bundled datasets grades as equivalent to itself written in its
 * dataset's own solution format. A failure here means the grader would reject a correct sample.
 */
class ReferenceSelfConsistencyTest {

    private static final Logger log = LoggerFactory.getLogger(ReferenceSelfConsistencyTest.class);
    private final Grader grader = Grader.standard();

    @Test
    void gsm8kSolutionsGradeEquivalentToTheirHashAnswers() {
        for (String split : List.of("test", "train")) {
            long start = System.nanoTime();
            List<String> failures = new ArrayList<>();
            List<DatasetProblem> problems = Datasets.load("gsm8k", split);
            for (DatasetProblem p : problems) {
                Verdict forward = grader.grade(p.referenceAnswer(), p.referenceRationale());
                Verdict backward = grader.grade(p.referenceRationale(), p.referenceAnswer());
                if (!forward.equivalent() || !backward.equivalent() || forward.usedSymja()) {
                    failures.add(p.problemId() + ": " + forward + " / " + backward);
                }
            }
            log.info("GSM8K {}: {} solutions self-consistent in {} ms", split, problems.size(), millisSince(start));
            assertThat(failures).isEmpty();
        }
    }

    @Test
    void math500LastBoxedAnswersGradeEquivalentToTheAnswerField() {
        long start = System.nanoTime();
        List<String> failures = new ArrayList<>();
        int symbolic = 0;
        List<DatasetProblem> problems = Datasets.load("math500", "test");
        for (DatasetProblem p : problems) {
            Verdict v = grader.grade(p.referenceAnswer(), p.referenceRationale());
            if (!v.equivalent()) {
                failures.add(p.problemId() + ": " + v);
            }
            if (v.usedSymja()) {
                symbolic++;
                log.info(
                        "MATH-500 {} needed Symja: '{}' vs '{}' ({})",
                        p.problemId(),
                        v.reference(),
                        v.extracted(),
                        v.rule());
            }
        }
        log.info(
                "MATH-500: {} solutions self-consistent, {} needed Symja, in {} ms",
                problems.size(),
                symbolic,
                millisSince(start));
        assertThat(failures).isEmpty();
        assertThat(problems).hasSize(500);
    }

    @Test
    void math500AnswersAreRecognisedInCommonRenderings() {
        long start = System.nanoTime();
        List<String> failures = new ArrayList<>();
        int checks = 0;
        int symbolic = 0;
        for (DatasetProblem p : Datasets.load("math500", "test")) {
            String a = p.referenceAnswer();
            List<String> renderings = List.of(
                    a.replace("\\frac", "\\dfrac"),
                    a.replace(" ", ""),
                    a.replace("\\left", "").replace("\\right", ""),
                    a.replaceAll("\\\\frac\\{([^{}]+)\\}\\{([^{}]+)\\}", "($1)/($2)"),
                    "Final Answer: The final answer is $" + a + "$. I hope it is correct.",
                    "Putting it together, we get $\\boxed{" + a + "}$.");
            for (String r : renderings) {
                Verdict v = grader.grade(a, r);
                checks++;
                symbolic += v.usedSymja() ? 1 : 0;
                if (!v.equivalent()) {
                    failures.add(a + " <> " + r + " read as '" + v.extracted() + "'");
                }
            }
        }
        log.info("MATH-500 renderings: {} checks, {} needed Symja, in {} ms", checks, symbolic, millisSince(start));
        assertThat(failures).isEmpty();
    }

    @Test
    void math500AnswersWithOneDigitChangedAreNotEquivalent() {
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (DatasetProblem p : Datasets.load("math500", "test")) {
            String a = p.referenceAnswer();
            if (a.contains("\\mbox") || a.contains("\\text{ ")) {
                continue; // units are ignored, exponents of units included
            }
            for (int i = 0; i < a.length(); i++) {
                char c = a.charAt(i);
                if (Character.isDigit(c)) {
                    String changed = a.substring(0, i) + (c == '9' ? '8' : (char) (c + 1)) + a.substring(i + 1);
                    checked++;
                    if (grader.gradeAnswer(a, changed).equivalent()) {
                        failures.add(a + " == " + changed);
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(1000);
        assertThat(failures).isEmpty();
    }

    @Test
    void svampAnswersGradeEquivalentToTheirFormattedFloats() {
        long start = System.nanoTime();
        List<String> failures = new ArrayList<>();
        List<DatasetProblem> problems = Datasets.load("svamp", "test");
        for (DatasetProblem p : problems) {
            String formatted = Double.toString(Double.parseDouble(p.referenceAnswer()));
            Verdict bare = grader.grade(formatted, p.referenceAnswer());
            Verdict solution = grader.grade(formatted, p.referenceRationale());
            Verdict sentence = grader.grade(p.referenceAnswer(), "The answer is " + formatted + ".");
            if (!bare.equivalent() || !solution.equivalent() || !sentence.equivalent()) {
                failures.add(p.problemId() + ": " + bare + " / " + solution + " / " + sentence);
            }
        }
        log.info("SVAMP: {} answers self-consistent in {} ms", problems.size(), millisSince(start));
        assertThat(failures).isEmpty();
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
