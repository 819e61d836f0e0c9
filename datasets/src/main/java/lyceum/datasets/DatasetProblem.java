package lyceum.datasets;

import java.util.Objects;

/**
 * One problem of a dataset, with what an experiment journals about it.
 *
 * @param dataset            dataset name, e.g. "gsm8k", "math500", "svamp", "synthetic"
 * @param problemId          identifier, unique within the dataset
 * @param question           the problem text given to the model
 * @param referenceAnswer    the bare reference answer, e.g. "18" or {@code \frac{1}{2}}
 * @param referenceRationale the reference solution, or null when the dataset has none
 * @param difficulty         the dataset's difficulty measure (MATH level, reasoning steps, operators)
 * @param difficultyBucket   a small integer bucket of the difficulty, 1 = easiest; 0 = unknown
 * @param split              "train", "test", ...
 * @param source             the file the problem was read from
 * @param sourceLine         its 1-based line in that file
 */
public record DatasetProblem(
        String dataset,
        String problemId,
        String question,
        String referenceAnswer,
        String referenceRationale,
        double difficulty,
        int difficultyBucket,
        String split,
        String source,
        int sourceLine) {

    public DatasetProblem {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(problemId, "problemId");
        Objects.requireNonNull(question, "question");
        Objects.requireNonNull(referenceAnswer, "referenceAnswer");
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(source, "source");
    }
}
