package lyceum.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import lyceum.grading.Grader;
import org.junit.jupiter.api.Test;

class SyntheticArithmeticTest {

    @Test
    void isDeterministicForASeedAndIndependentOfCount() {
        SyntheticArithmetic.Settings settings = SyntheticArithmetic.Settings.defaults(200, 7);
        List<DatasetProblem> a = SyntheticArithmetic.generate(settings);
        List<DatasetProblem> b = SyntheticArithmetic.generate(settings);
        assertThat(a).isEqualTo(b);
        List<DatasetProblem> firstTen = SyntheticArithmetic.generate(SyntheticArithmetic.Settings.defaults(10, 7));
        assertThat(a.subList(0, 10)).isEqualTo(firstTen);
        assertThat(SyntheticArithmetic.generate(SyntheticArithmetic.Settings.defaults(200, 8)))
                .isNotEqualTo(a);
        assertThat(a.get(0).problemId()).isEqualTo("synth-7-1");
        assertThat(a.stream().map(DatasetProblem::problemId).distinct()).hasSize(200);
    }

    @Test
    void everyRationaleChecksOutAndTheGraderReadsItsAnswer() {
        SyntheticArithmetic.Settings settings =
                new SyntheticArithmetic.Settings(500, 42, 1, 8, 30, EnumSet.allOf(SyntheticArithmetic.Op.class));
        Grader grader = Grader.standard();
        for (DatasetProblem p : SyntheticArithmetic.generate(settings)) {
            List<ArithmeticSteps.StepCheck> checks = ArithmeticSteps.check(p.referenceRationale());
            assertThat(checks).as(p.referenceRationale()).hasSize((int) p.difficulty());
            assertThat(checks).allMatch(ArithmeticSteps.StepCheck::correct);
            assertThat(ArithmeticSteps.isValid(p.referenceRationale())).isTrue();
            assertThat(p.difficultyBucket()).isEqualTo((int) p.difficulty()).isBetween(1, 8);
            for (ArithmeticSteps.StepCheck c : checks) {
                assertThat(c.step().claimed()).isBetween(0L, (long) settings.maxValue());
                if (c.step().op() == '*') {
                    assertThat(c.step().right()).isBetween(2L, 9L);
                } else {
                    assertThat(c.step().right()).isBetween(1L, 30L);
                }
            }
            assertThat(p.question()).matches("[\\x20-\\x7E]+").endsWith("have now?");
            assertThat(grader.grade(p.referenceAnswer(), p.referenceRationale()).equivalent())
                    .isTrue();
            assertThat(grader.extract(p.referenceRationale()).answer()).isEqualTo(p.referenceAnswer());
        }
    }

    @Test
    void rationaleFormatIsExact() {
        DatasetProblem p = SyntheticArithmetic.problem(
                SyntheticArithmetic.Settings.defaults(1, 3).withSteps(2, 2), 1, "train");
        String[] lines = p.referenceRationale().split("\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[0]).matches("\\d+ [-+*] \\d+ = \\d+");
        assertThat(lines[1]).matches("\\d+ [-+*] \\d+ = \\d+");
        assertThat(lines[2]).isEqualTo("#### " + p.referenceAnswer());
        assertThat(p.question())
                .matches(
                        "[A-Z][a-z]+ has \\d+ [a-z]+\\. (She|He) .+, then .+\\. How many does [A-Z][a-z]+ have now\\?");
    }

    @Test
    void theStepKnobControlsDifficultyAndQuestionsStayShort() {
        SyntheticArithmetic.Settings settings = SyntheticArithmetic.Settings.defaults(600, 1);
        List<DatasetProblem> problems = SyntheticArithmetic.generate(settings);
        Map<Integer, Long> buckets = problems.stream()
                .collect(Collectors.groupingBy(DatasetProblem::difficultyBucket, Collectors.counting()));
        assertThat(buckets.keySet()).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6);
        assertThat(buckets.values()).allMatch(n -> n > 60);
        assertThat(problems).allMatch(p -> p.question().length() <= 175);
        assertThat(problems.stream().filter(p -> p.difficulty() <= 4))
                .allMatch(p -> p.question().length() <= 145);
        // neighbouring problems draw independent step counts
        long repeats = 0;
        for (int i = 1; i < problems.size(); i++) {
            repeats += problems.get(i).difficulty() == problems.get(i - 1).difficulty() ? 1 : 0;
        }
        assertThat(repeats).isBetween(50L, 160L); // about one in six by chance
    }

    @Test
    void restrictedOperationsAreHonoured() {
        SyntheticArithmetic.Settings addOnly =
                new SyntheticArithmetic.Settings(100, 5, 3, 3, 9, EnumSet.of(SyntheticArithmetic.Op.ADD));
        for (DatasetProblem p : SyntheticArithmetic.generate(addOnly, "test")) {
            assertThat(ArithmeticSteps.parse(p.referenceRationale())).allMatch(s -> s.op() == '+');
            assertThat(p.split()).isEqualTo("test");
        }
        SyntheticArithmetic.Settings subtractOnly =
                new SyntheticArithmetic.Settings(100, 5, 2, 4, 50, EnumSet.of(SyntheticArithmetic.Op.SUBTRACT));
        assertThat(SyntheticArithmetic.generate(subtractOnly))
                .allSatisfy(p -> assertThat(ArithmeticSteps.isValid(p.referenceRationale()))
                        .isTrue());
        assertThatThrownBy(() ->
                        new SyntheticArithmetic.Settings(1, 1, 0, 3, 10, EnumSet.allOf(SyntheticArithmetic.Op.class)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() ->
                        new SyntheticArithmetic.Settings(1, 1, 1, 3, 10, EnumSet.noneOf(SyntheticArithmetic.Op.class)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
