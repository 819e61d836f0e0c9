package lyceum.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.List;
import lyceum.experiment.config.ExperimentConfigLoader;
import org.junit.jupiter.api.Test;

class DatasetCheckTest {

    @Test
    void everyShippedDatasetAndTheSyntheticOneHaveValidDistinctIds() {
        for (String name : List.of("synthetic", "gsm8k", "math500", "svamp")) {
            ProblemCatalog.Problems problems = new DatasetCatalog()
                    .load(
                            "e",
                            ExperimentConfigLoader.parse(
                                    "experiment.dataset { name = \"" + name + "\", held-in-count = 0 }"));

            assertThat(problems.size()).as(name).isPositive();
            assertThatCode(() -> DatasetCheck.validate(problems)).as(name).doesNotThrowAnyException();
        }
    }

    @Test
    void theContentHashChangesWithAnyQuestionAndStaysForTheSameProblems() {
        TestDoubleCatalog catalog = new TestDoubleCatalog(3, 2);
        String before = DatasetCheck.contentHash(catalog.load("e", ExperimentConfigLoader.defaults()));
        String again = DatasetCheck.contentHash(catalog.load("e", ExperimentConfigLoader.defaults()));
        catalog.edit("!");
        String edited = DatasetCheck.contentHash(catalog.load("e", ExperimentConfigLoader.defaults()));

        assertThat(again).isEqualTo(before);
        assertThat(edited).isNotEqualTo(before);
    }

    @Test
    void idsWithSeparatorsOrPathsAreNotAllowed() {
        for (String id : List.of("a~b", "a|b", ".hidden", "/abs", "a b", "x".repeat(Ids.PROBLEM_MAX + 1), "")) {
            assertThat(Ids.problemIdError(id))
                    .as(id)
                    .isEqualTo("problem id '" + id + "' is not allowed: use " + Ids.PROBLEM_RULE);
        }
        for (String id : List.of("gsm8k-train-12", "test/precalculus/807.json", "chal-1", "synth-1-0", "_x.y")) {
            assertThat(Ids.problemIdError(id)).as(id).isNull();
        }
    }
}
