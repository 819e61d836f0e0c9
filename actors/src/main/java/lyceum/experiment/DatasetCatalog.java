package lyceum.experiment;

import java.nio.file.Path;
import java.util.List;
import lyceum.datasets.DatasetProblem;
import lyceum.datasets.Datasets;
import lyceum.datasets.FieldMapping;
import lyceum.datasets.SyntheticArithmetic;
import lyceum.events.ProblemEvent.ProblemRegistered;
import lyceum.experiment.config.ExperimentConfig;

/**
 * Problems from the datasets Lyceum ships, a custom JSONL file, or the synthetic generator. Train and
 * test problems never overlap: a dataset without a train split (MATH-500) is cut in two, its first
 * part training and the rest test.
 */
public final class DatasetCatalog implements ProblemCatalog {

    @Override
    public Problems load(String experimentId, ExperimentConfig config) {
        ExperimentConfig.Dataset d = config.dataset();
        List<DatasetProblem> train;
        List<DatasetProblem> test;
        switch (d.name()) {
            case "synthetic" -> {
                ExperimentConfig.Synthetic s = d.synthetic();
                var ops =
                        SyntheticArithmetic.Settings.defaults(1, config.seed()).ops();
                train = SyntheticArithmetic.generate(
                        new SyntheticArithmetic.Settings(
                                s.trainCount(), config.seed(), s.minSteps(), s.maxSteps(), s.maxOperand(), ops),
                        "train");
                test = SyntheticArithmetic.generate(
                        new SyntheticArithmetic.Settings(
                                s.testCount(),
                                config.seed() + 1_000_003L,
                                s.minSteps(),
                                s.maxSteps(),
                                s.maxOperand(),
                                ops),
                        "test");
            }
            case "custom" -> {
                FieldMapping mapping = FieldMapping.of(d.questionField(), d.answerField());
                if (!d.rationaleField().isBlank()) {
                    mapping = mapping.withRationale(d.rationaleField());
                }
                if (!d.difficultyField().isBlank()) {
                    mapping = mapping.withDifficulty(d.difficultyField());
                }
                if (!d.idField().isBlank()) {
                    mapping = mapping.withId(d.idField());
                }
                List<DatasetProblem> all = Datasets.loadCustom(Path.of(d.path()), mapping, "train");
                int cut = d.trainCount() > 0 ? Math.min(d.trainCount(), all.size()) : all.size() * 4 / 5;
                train = all.subList(0, cut);
                test = all.subList(cut, all.size());
            }
            default -> {
                List<String> splits = Datasets.splits(d.name());
                if (splits.contains("train")) {
                    train = Datasets.load(d.name(), "train");
                    test = Datasets.load(d.name(), "test");
                } else {
                    List<DatasetProblem> all = Datasets.load(d.name(), splits.get(0));
                    int cut = d.trainCount() > 0 ? Math.min(d.trainCount(), all.size()) : all.size() / 2;
                    train = all.subList(0, cut);
                    test = all.subList(cut, all.size());
                }
            }
        }
        if (d.trainCount() > 0 && train.size() > d.trainCount()) {
            train = train.subList(0, d.trainCount());
        }
        if (d.testCount() > 0 && test.size() > d.testCount()) {
            test = test.subList(0, d.testCount());
        }
        return new Problems(
                train.stream()
                        .map(p -> registration(experimentId, p, "train", config))
                        .toList(),
                test.stream()
                        .map(p -> registration(experimentId, p, "test", config))
                        .toList());
    }

    private static ProblemRegistered registration(
            String experimentId, DatasetProblem p, String split, ExperimentConfig config) {
        return new ProblemRegistered(
                experimentId,
                p.problemId(),
                p.question(),
                p.referenceAnswer(),
                p.referenceRationale(),
                p.difficulty(),
                p.difficultyBucket(),
                split,
                p.dataset(),
                p.source(),
                p.sourceLine(),
                config.grading().toMap());
    }
}
