package lyceum.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import lyceum.events.ProblemEvent.Evaluated;
import lyceum.events.ProblemEvent.EvaluationSampled;
import lyceum.events.ProblemEvent.Hinted;
import lyceum.experiment.config.ExperimentConfig;
import lyceum.model.CheckpointStore;
import lyceum.node.LyceumNode;
import lyceum.replay.JournalReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * One configuration and seed run twice, under two experiment ids, on the real (tiny) model: the two
 * journals hold the same samples, feedback, verdicts, decisions and evaluation answers, and every
 * iteration's checkpoint has the same content hash. Reflection and sampled evaluation answers are in the
 * run because their seeds once came from ids that hold the experiment's name.
 */
@ExtendWith(ItFixture.class)
class DeterminismIT {

    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);
    private static final ExperimentConfig EXPERIMENT = ItFixture.experiment(
            "  name = \"determinism\"",
            "  seed = 13",
            "  iterations = 2",
            "  dataset { held-in-count = 4, synthetic { train-count = 12, test-count = 6, min-steps = 1, max-steps = 2 } }",
            "  strategy { name = \"reflection\", sample-num = 3, min-correct = 1, max-resample = 1, max-tokens = 64 }",
            "  training { initial-epochs = 1, epochs = 1, include-original = true }",
            "  evaluation { max-tokens = 64, samples = 2 }",
            "  runtime { window = 6, generation-timeout = 60s, training-timeout = 120s }");

    @TempDir
    static Path tmp;

    static JournalReader reader;
    static LyceumNode node;

    @BeforeAll
    static void start() {
        Config config = ItFixture.nodeConfig(DeterminismIT.class, tmp.resolve("node"), Map.of());
        reader = JournalReader.open(config);
        CheckpointStore checkpoints = new CheckpointStore(tmp.resolve("node").resolve("checkpoints"));
        node = ItFixture.startTinyModelNode(config, checkpoints, 40);
    }

    @AfterAll
    static void stop() throws Exception {
        ItFixture.closeAll(node, reader);
    }

    @Test
    void theSameConfigurationAndSeedWriteTheSameJournalAndCheckpoints() throws Exception {
        ExperimentJournal first = run("determinism-a");
        ExperimentJournal second = run("determinism-b");

        assertThat(first.sampleOutcomes()).isNotEmpty().isEqualTo(second.sampleOutcomes());
        assertThat(reflections(first)).isNotEmpty().isEqualTo(reflections(second));
        assertThat(evaluationAnswers(first)).isNotEmpty().isEqualTo(evaluationAnswers(second));
        // each iteration's model version is its checkpoint's content hash
        assertThat(first.trainedModels()).hasSize(3).isEqualTo(second.trainedModels());
    }

    private static ExperimentJournal run(String id) throws Exception {
        return ItFixture.run(node, reader, id, EXPERIMENT, "determinism-it", RUN_TIMEOUT);
    }

    /** Each reflection's text by its place (problem, iteration, round, slot order). */
    private static Map<String, String> reflections(ExperimentJournal journal) {
        Map<String, String> texts = new TreeMap<>();
        journal.problems().forEach((problem, events) -> {
            int n = 0;
            for (var e : events) {
                if (e instanceof Hinted h) {
                    texts.put(
                            problem + "~" + h.iteration() + "~" + h.round() + "~" + n++, h.kind() + " " + h.payload());
                }
            }
        });
        return texts;
    }

    /** Every greedy and sampled evaluation answer by its place, with its verdict. */
    private static Map<String, String> evaluationAnswers(ExperimentJournal journal) {
        Map<String, String> answers = new TreeMap<>();
        journal.problemEvents(Evaluated.class)
                .forEach(e -> answers.put(
                        e.problemId() + "~" + e.iteration() + "~" + e.evaluationSplit() + "~" + e.mode(),
                        e.modelVersion() + " " + e.correct() + " " + e.text()));
        journal.problemEvents(EvaluationSampled.class)
                .forEach(e -> answers.put(
                        e.problemId() + "~" + e.iteration() + "~" + e.evaluationSplit() + "~" + e.index(),
                        e.modelVersion() + " " + e.seed() + " " + e.correct() + " " + e.text()));
        return answers;
    }
}
