package lyceum.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DatasetsTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "gsm8k, test, 1319, gsm8k-test-1",
        "gsm8k, train, 7473, gsm8k-train-1",
        "math500, test, 500, test/precalculus/807.json",
        "svamp, test, 1000, chal-1"
    })
    void loadsEveryProblemOfABundledSplitWithDistinctIds(String name, String split, int size, String firstId) {
        List<DatasetProblem> problems = Datasets.load(name, split);
        assertThat(problems).hasSize(size);
        assertThat(problems.get(0).problemId()).isEqualTo(firstId);
        assertThat(problems.stream().map(DatasetProblem::problemId).distinct()).hasSize(size);
    }

    @Test
    void loadsGsm8kWithStepDifficulty() {
        List<DatasetProblem> test = Datasets.load("gsm8k", "test");
        List<DatasetProblem> train = Datasets.load("gsm8k", "train");
        DatasetProblem first = test.get(0);
        assertThat(first.dataset()).isEqualTo("gsm8k");
        assertThat(first.question()).startsWith("Janet\u2019s ducks lay 16 eggs per day.");
        assertThat(first.referenceAnswer()).isEqualTo("18");
        assertThat(first.referenceRationale()).endsWith("#### 18");
        assertThat(first.difficulty()).isEqualTo(2.0);
        assertThat(first.difficultyBucket()).isEqualTo(2);
        assertThat(first.split()).isEqualTo("test");
        assertThat(first.source()).isEqualTo("gsm8k/test.jsonl");
        assertThat(first.sourceLine()).isEqualTo(1);
        assertThat(test.get(1318).sourceLine()).isEqualTo(1319);
        assertThat(train).allSatisfy(p -> assertThat(p.difficultyBucket()).isBetween(1, 8));
    }

    @Test
    void loadsMath500WithLevels() {
        List<DatasetProblem> math = Datasets.load("math500", "test");
        DatasetProblem first = math.get(0);
        assertThat(first.referenceAnswer()).isEqualTo("\\left( 3, \\frac{\\pi}{2} \\right)");
        assertThat(first.difficultyBucket()).isEqualTo(2);
        Map<Integer, Long> byLevel =
                math.stream().collect(Collectors.groupingBy(DatasetProblem::difficultyBucket, Collectors.counting()));
        assertThat(byLevel).isEqualTo(Map.of(1, 43L, 2, 90L, 3, 105L, 4, 128L, 5, 134L));
    }

    @Test
    void loadsSvampWithOperatorDifficultyAndDerivedRationale() {
        List<DatasetProblem> svamp = Datasets.load("svamp", "test");
        DatasetProblem first = svamp.get(0);
        assertThat(first.question())
                .isEqualTo("Each pack of dvds costs 76 dollars. If there is a discount of 25 dollars on each pack"
                        + " How much do you have to pay to buy each pack?");
        assertThat(first.referenceAnswer()).isEqualTo("51");
        assertThat(first.referenceRationale()).isEqualTo("76 - 25 = 51\n#### 51");
        assertThat(first.difficulty()).isEqualTo(1.0);
        assertThat(svamp).anySatisfy(p -> assertThat(p.difficulty()).isEqualTo(2.0));
        assertThat(DatasetFormat.Svamp.tidy("( ( 692.0 + 692.0 ) - 458.0 )")).isEqualTo("(692 + 692) - 458");
    }

    @Test
    void unknownNamesAndSplitsAreRefusedWithTheChoices() {
        assertThat(Datasets.names()).containsExactly("gsm8k", "math500", "svamp");
        assertThat(Datasets.splits("gsm8k")).containsExactly("test", "train");
        assertThatThrownBy(() -> Datasets.load("mnist", "test")).hasMessageContaining("gsm8k");
        assertThatThrownBy(() -> Datasets.load("math500", "train")).hasMessageContaining("[test]");
    }

    @Test
    void loadsABundledFormatFromAFile() throws IOException {
        Path file = dir.resolve("gsm-extra.jsonl");
        Files.writeString(file, "{\"question\": \"1+1?\", \"answer\": \"1+1=<<1+1=2>>2\\n#### 2\"}\n");
        List<DatasetProblem> problems = Datasets.load("gsm8k", "dev", file);
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.referenceAnswer()).isEqualTo("2");
            assertThat(p.split()).isEqualTo("dev");
            assertThat(p.source()).isEqualTo("gsm-extra.jsonl");
        });
    }

    @Test
    void aMalformedLineNamesFileLineAndField() throws IOException {
        Path file = dir.resolve("broken.jsonl");
        Files.writeString(
                file,
                String.join(
                                "\n",
                                "{\"question\": \"ok?\", \"answer\": \"yes\\n#### 1\"}",
                                "",
                                "{\"question\": \"no answer marker\", \"answer\": \"just text\"}")
                        + "\n");
        assertThatThrownBy(() -> Datasets.load("gsm8k", "test", file))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessage("broken.jsonl line 3, field \"answer\": has no \"#### N\" final answer")
                .satisfies(e -> {
                    DatasetFormatException d = (DatasetFormatException) e;
                    assertThat(d.source()).isEqualTo("broken.jsonl");
                    assertThat(d.line()).isEqualTo(3);
                    assertThat(d.field()).isEqualTo("answer");
                });

        Path badJson = dir.resolve("bad.jsonl");
        Files.writeString(badJson, "{\"q\": \"a\", \"a\": \"1\"}\n{\"q\": \"b\", \"a\": \n");
        assertThatThrownBy(() -> Datasets.loadCustom(badJson, FieldMapping.of("q", "a"), "train"))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageStartingWith("bad.jsonl line 2: invalid JSON");

        Path missing = dir.resolve("missing.jsonl");
        Files.writeString(
                missing, "{\"problem\": \"p\", \"solution\": \"s\", \"answer\": \"1\", \"unique_id\": \"u\"}\n");
        assertThatThrownBy(() -> Datasets.load("math500", "test", missing))
                .hasMessage("missing.jsonl line 1, field \"level\": missing");
    }

    @Test
    void loadsCustomJsonlThroughAFieldMapping() throws IOException {
        Path file = dir.resolve("my-data.jsonl");
        Files.writeString(
                file,
                String.join(
                                "\n",
                                "{\"id\": 7, \"prompt\": \"What is 6*7?\", \"target\": 42, \"level\": \"Level 3\"}",
                                "{\"id\": \"b\", \"prompt\": \"Solve it\", \"target\": \"We get 2+2=4.\\nThen 4*2=8.\\n#### 8\"}",
                                "{\"prompt\": \"Boxed\", \"target\": \"so $\\\\boxed{\\\\frac{1}{2}}$\", \"why\": \"one\\ntwo\\nthree\"}")
                        + "\n");
        FieldMapping mapping = FieldMapping.of("prompt", "target")
                .withId("id")
                .withDifficulty("level")
                .withRationale("why");
        List<DatasetProblem> problems = Datasets.loadCustom(file, mapping, "train");
        assertThat(problems).hasSize(3);
        assertThat(problems.get(0))
                .isEqualTo(new DatasetProblem(
                        "my-data", "7", "What is 6*7?", "42", null, 3.0, 3, "train", "my-data.jsonl", 1));
        assertThat(problems.get(1).referenceAnswer()).isEqualTo("8");
        assertThat(problems.get(1).referenceRationale()).endsWith("#### 8");
        assertThat(problems.get(1).difficulty()).isEqualTo(2.0);
        assertThat(problems.get(2).problemId()).isEqualTo("my-data-3");
        assertThat(problems.get(2).referenceAnswer()).isEqualTo("\\frac{1}{2}");
        assertThat(problems.get(2).referenceRationale()).isEqualTo("one\ntwo\nthree");
        assertThat(problems.get(2).difficulty()).isEqualTo(3.0);

        Path wrongType = dir.resolve("wrong.jsonl");
        Files.writeString(wrongType, "{\"prompt\": [\"x\"], \"target\": 1}\n");
        assertThatThrownBy(() -> Datasets.loadCustom(wrongType, mapping, "train"))
                .hasMessage("wrong.jsonl line 1, field \"prompt\": must be a string, found array");
    }
}
