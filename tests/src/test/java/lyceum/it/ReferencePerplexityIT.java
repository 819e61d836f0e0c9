package lyceum.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import lyceum.events.ProblemEvent.ProblemRegistered;
import lyceum.events.ProblemEvent.ReferenceScored;
import lyceum.experiment.config.ExperimentConfig;
import lyceum.metrics.IterationMetrics;
import lyceum.metrics.Quantiles;
import lyceum.metrics.TailStats;
import lyceum.model.CheckpointStore;
import lyceum.model.LanguageModel;
import lyceum.model.TokenScores;
import lyceum.node.LyceumNode;
import lyceum.problem.Prompts;
import lyceum.projections.ReadSideProjections;
import lyceum.replay.JournalReader;
import lyceum.replay.Replay;
import lyceum.replay.ReplayOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The original data's perplexity, GSI's baseline for the accepted data's: a small experiment on the real
 * model scores every training problem's reference rationale under the iteration's sampling model, the
 * score is the one the model gives the rationale directly, and the tail statistics the read side stores
 * (and replay recomputes) report the original side of the perplexity comparison from those scores.
 */
@ExtendWith(ItFixture.class)
class ReferencePerplexityIT {
    private static final String ID = "reference-perplexity";
    private static final int TRAIN = 8;
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(300);

    @TempDir
    static Path tmp;

    static Config config;
    static JournalReader reader;
    static CheckpointStore checkpoints;
    static LyceumNode node;
    static ReadSideReader readSide;

    @BeforeAll
    static void start() {
        config = ItFixture.nodeConfig(
                ReferencePerplexityIT.class, tmp.resolve("node"), new HashMap<>(ItFixture.quickReadSide()));
        reader = JournalReader.open(config);
        readSide = ReadSideReader.open(config);
        checkpoints = new CheckpointStore(tmp.resolve("node").resolve("checkpoints"));
        node = ItFixture.startTinyModelNode(config, checkpoints, 40);
        ReadSideProjections.init(node.system());
    }

    @AfterAll
    static void stopAll() throws Exception {
        ItFixture.closeAll(node, reader, readSide);
    }

    @Test
    void everyReferenceIsScoredUnderTheSamplingModelAndTheTailReportsTheOriginalPerplexity() throws Exception {
        ExperimentConfig experiment = ItFixture.experiment(
                "  name = \"reference-perplexity\"",
                "  seed = 3",
                "  iterations = 1",
                "  dataset { held-in-count = 2, synthetic { train-count = " + TRAIN
                        + ", test-count = 2, min-steps = 1, max-steps = 3 } }",
                "  strategy { name = \"vanilla\", sample-num = 2, min-correct = 1, max-tokens = 48 }",
                "  acceptance.quota-per-problem = 2",
                "  training { initial-epochs = 1, epochs = 1 }",
                "  evaluation.max-tokens = 48",
                "  runtime { window = 8, generation-timeout = 60s, training-timeout = 120s }");
        ExperimentJournal journal = ItFixture.run(node, reader, ID, experiment, "reference-it", RUN_TIMEOUT);

        String m0 = journal.trainedModels().get(0);
        List<ReferenceScored> scores =
                journal.problemEvents(ReferenceScored.class).toList();
        assertThat(scores).hasSize(TRAIN).allSatisfy(s -> {
            assertThat(s.iteration()).isEqualTo(1);
            assertThat(s.modelVersion()).isEqualTo(m0);
            assertThat(s.meanLogProb()).isNotNull().isNegative();
            assertThat(s.failure()).isNull();
        });

        // The journaled score is the model's own for the rationale after the plain prompt, end token included.
        List<TokenScores.Completion> direct = new ArrayList<>();
        for (ReferenceScored s : scores) {
            ProblemRegistered p = journal.problemEvents(s.problemId(), ProblemRegistered.class)
                    .get(0);
            direct.add(new TokenScores.Completion(Prompts.plain(p.question()), p.referenceRationale(), true));
            assertThat(Prompts.plain(p.question()).length()
                            + p.referenceRationale().length()
                            + 1)
                    .as("prompt and rationale fit the context, so neither is cut")
                    .isLessThanOrEqualTo(ItFixture.TINY_MODEL.contextLength());
            assertThat(s.tokenCount()).isEqualTo(p.referenceRationale().length() + 1);
            assertThat(s.promptHash()).isEqualTo(Prompts.hash(Prompts.plain(p.question())));
        }
        try (LanguageModel model = checkpoints.load(m0)) {
            List<TokenScores.Scored> expected = TokenScores.score(model, direct, 0);
            for (int i = 0; i < scores.size(); i++) {
                assertThat(scores.get(i).meanLogProb())
                        .isCloseTo(expected.get(i).meanLogprob(), within(1e-4));
            }
        }

        // The read side's stored metrics equal a replay of the journal, and their original side is the scores'.
        List<IterationMetrics> stored = readSide.awaitCompleted(ID, 2, RUN_TIMEOUT);
        Replay.Result replayed = Replay.run(reader, ID, ReplayOptions.defaults(null));
        assertThat(replayed.metrics()).isEqualTo(stored);
        assertThat(journal.metrics()).isEqualTo(stored);

        IterationMetrics first = stored.get(1);
        assertThat(first.iteration()).isEqualTo(1);
        assertThat(first.perplexity().originalCount()).isEqualTo(TRAIN);
        double[] perplexities = scores.stream()
                .mapToDouble(s -> TailStats.perplexity(s.meanLogProb()))
                .toArray();
        assertThat(first.perplexity().original()).isEqualTo(Quantiles.of(perplexities));
        // M_0 was never sampled: its iteration has no scores, so no original perplexity.
        assertThat(stored.get(0).perplexity().originalCount()).isZero();
        assertThat(stored.get(0).perplexity().original()).isNull();
    }
}
