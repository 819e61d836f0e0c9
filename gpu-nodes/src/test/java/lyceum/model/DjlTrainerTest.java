package lyceum.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import lyceum.engine.Generation;
import lyceum.engine.GenerationRequest;
import lyceum.engine.SamplingParams;
import lyceum.engine.TrainedModel;
import lyceum.engine.TrainingExample;
import lyceum.engine.TrainingJob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DjlTrainerTest {
    /** Big enough to learn two-digit addition of a few hundred problems in seconds. */
    private static final ModelConfig LEARNER = new ModelConfig(
            CharTokenizer.standard().size(),
            64,
            64,
            4,
            2,
            256,
            ModelConfig.defaults().positionEncoding());

    @TempDir
    Path root;

    private DjlTrainer trainer(CheckpointStore store, ModelConfig config) {
        return new DjlTrainer(
                store,
                DjlRuntime.defaultDevice(),
                config,
                TrainingSettings.defaults().withBatchSize(16));
    }

    @Test
    void learnsArithmeticRationalesFromScratchThenFineTunesFromTheCheckpoint() throws Exception {
        CheckpointStore store = new CheckpointStore(root);
        List<TrainingExample> examples = TinyModels.additions(300, 20, 1);
        List<String> progress = new ArrayList<>();
        TrainedModel trained =
                trainer(store, LEARNER).train(new TrainingJob("exp", 0, null, examples, 24, 4e-3, 7), progress::add);

        double first = trained.lossSummary().get("firstLoss");
        double last = trained.lossSummary().get("finalEpochLoss");
        assertThat(first).isGreaterThan(3.5);
        assertThat(last).isLessThan(first / 8);
        assertThat(progress).anyMatch(line -> line.matches("step \\d+/\\d+ epoch .* loss .* tokens/s \\d+"));
        assertThat(trained.exampleCount()).isEqualTo(300);
        assertThat(Path.of(trained.checkpointPath())).isEqualTo(root.resolve(trained.modelVersion()));

        List<GenerationRequest> prompts = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            prompts.add(new GenerationRequest("q" + i, examples.get(i).prompt(), SamplingParams.greedy(40)));
        }
        try (DjlGenerator generator = new DjlGenerator(store, DjlRuntime.defaultDevice(), 8)) {
            List<Generation> answers = generator.generate(trained.modelVersion(), prompts);
            int exact = 0;
            int matchingCharacters = 0;
            int characters = 0;
            for (int i = 0; i < prompts.size(); i++) {
                String expected = examples.get(i).completion();
                String actual = answers.get(i).text();
                exact += actual.equals(expected) ? 1 : 0;
                for (int c = 0; c < expected.length(); c++) {
                    matchingCharacters += c < actual.length() && actual.charAt(c) == expected.charAt(c) ? 1 : 0;
                }
                characters += expected.length();
            }
            assertThat(matchingCharacters).isGreaterThan(characters * 9 / 10);
            assertThat(exact).isGreaterThanOrEqualTo(prompts.size() / 4);
            assertThat(answers).allMatch(answer -> !answer.truncated());

            TrainedModel tuned = trainer(store, ModelConfig.defaults())
                    .train(
                            new TrainingJob("exp", 1, trained.modelVersion(), examples.subList(0, 32), 1, 1e-3, 8),
                            line -> {});
            assertThat(tuned.modelVersion()).isNotEqualTo(trained.modelVersion());
            CheckpointManifest manifest = store.manifest(tuned.modelVersion());
            assertThat(manifest.parentModelVersion()).isEqualTo(trained.modelVersion());
            // A fine-tune keeps its base's shape, whatever the trainer would build from scratch.
            assertThat(manifest.config()).isEqualTo(LEARNER);
            List<Generation> tunedAnswers = generator.generate(tuned.modelVersion(), prompts.subList(0, 4));
            assertThat(tunedAnswers)
                    .extracting(Generation::text)
                    .isEqualTo(generator.generateNaive(tuned.modelVersion(), prompts.subList(0, 4)).stream()
                            .map(Generation::text)
                            .toList());
        }
    }

    @Test
    void theSameJobTrainsTheSameCheckpoint() throws Exception {
        CheckpointStore store = new CheckpointStore(root);
        List<TrainingExample> examples = TinyModels.additions(48, 50, 2);
        DjlTrainer trainer = trainer(store, TinyModels.CONFIG);
        String first = trainer.train(new TrainingJob("exp", 0, null, examples, 2, 3e-3, 99), line -> {})
                .modelVersion();
        // Another trainer, which has run nothing, so the job really trains again.
        String again = trainer(store, TinyModels.CONFIG)
                .train(new TrainingJob("exp", 0, null, examples, 2, 3e-3, 99), line -> {})
                .modelVersion();
        String otherSeed = trainer.train(new TrainingJob("exp", 0, null, examples, 2, 3e-3, 100), line -> {})
                .modelVersion();
        assertThat(again).isEqualTo(first);
        assertThat(otherSeed).isNotEqualTo(first);
    }

    @Test
    void anIdenticalJobOfAnotherExperimentReusesTheCheckpointAndAnyDifferenceTrainsAgain() throws Exception {
        CheckpointStore store = new CheckpointStore(root);
        List<TrainingExample> examples = TinyModels.additions(48, 50, 2);
        DjlTrainer trainer = trainer(store, TinyModels.CONFIG);
        TrainedModel first = trainer.train(new TrainingJob("exp-a", 0, null, examples, 2, 3e-3, 99), line -> {});

        // Other sample ids and experiment, the same texts: the same job.
        List<TrainingExample> renamed = examples.stream()
                .map(e -> new TrainingExample("other-" + e.sampleId(), e.prompt(), e.completion()))
                .toList();
        List<String> progress = new ArrayList<>();
        TrainedModel reused = trainer.train(new TrainingJob("exp-b", 0, null, renamed, 2, 3e-3, 99), progress::add);
        assertThat(reused).isEqualTo(first);
        assertThat(progress).noneMatch(line -> line.startsWith("step "));
        assertThat(progress).anyMatch(line -> line.contains("trained here before by an identical job"));

        List<TrainingExample> oneChanged = new ArrayList<>(examples);
        TrainingExample last = oneChanged.remove(oneChanged.size() - 1);
        oneChanged.add(new TrainingExample(last.sampleId(), last.prompt(), last.completion() + " "));
        List<String> retrained = new ArrayList<>();
        TrainedModel changed =
                trainer.train(new TrainingJob("exp-b", 0, null, oneChanged, 2, 3e-3, 99), retrained::add);
        assertThat(retrained).anyMatch(line -> line.startsWith("step "));
        assertThat(changed.modelVersion()).isNotEqualTo(first.modelVersion());

        // A checkpoint gone from the store is trained again, to the same version.
        org.apache.commons.io.FileUtils.deleteDirectory(
                store.directoryOf(first.modelVersion()).toFile());
        List<String> again = new ArrayList<>();
        TrainedModel rebuilt = trainer.train(new TrainingJob("exp-c", 0, null, examples, 2, 3e-3, 99), again::add);
        assertThat(again).anyMatch(line -> line.startsWith("step "));
        assertThat(rebuilt.modelVersion()).isEqualTo(first.modelVersion());
    }
}
