package lyceum.experiment;

import java.util.List;
import java.util.stream.IntStream;
import lyceum.events.ProblemEvent.ProblemRegistered;
import lyceum.experiment.config.ExperimentConfig;

/**
 * {@code train} problems "train-0".. and {@code test} problems "test-0"..; difficulty bucket = number % 3.
 * {@link #withTrainIds} gives train problems the ids given instead, as lines 1.. of "custom.jsonl", and
 * {@link #edit} changes every question from then on, as an edited dataset file would.
 */
final class TestDoubleCatalog implements ProblemCatalog {

    private final int train;
    private final int test;
    private final List<String> trainIds;
    private volatile String edit = "";

    TestDoubleCatalog(int train, int test) {
        this(train, test, null);
    }

    private TestDoubleCatalog(int train, int test, List<String> trainIds) {
        this.train = train;
        this.test = test;
        this.trainIds = trainIds;
    }

    static TestDoubleCatalog withTrainIds(List<String> ids, int test) {
        return new TestDoubleCatalog(ids.size(), test, ids);
    }

    void edit(String suffix) {
        this.edit = suffix;
    }

    static int number(String problemId) {
        return Integer.parseInt(problemId.substring(problemId.indexOf('-') + 1));
    }

    private ProblemRegistered problem(String experimentId, String split, int n) {
        boolean named = trainIds != null && split.equals("train");
        return new ProblemRegistered(
                experimentId,
                named ? trainIds.get(n) : split + "-" + n,
                "What is " + n + " + 1?" + edit,
                String.valueOf(n + 1),
                n + " + 1 = " + (n + 1) + "\n#### " + (n + 1),
                n % 3,
                n % 3,
                split,
                "test-double",
                named ? "custom.jsonl" : "test-double:" + n,
                n + 1);
    }

    @Override
    public Problems load(String experimentId, ExperimentConfig config) {
        return new Problems(
                IntStream.range(0, train)
                        .mapToObj(n -> problem(experimentId, "train", n))
                        .toList(),
                IntStream.range(0, test)
                        .mapToObj(n -> problem(experimentId, "test", n))
                        .toList());
    }
}
