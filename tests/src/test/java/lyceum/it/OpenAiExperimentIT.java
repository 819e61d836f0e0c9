package lyceum.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import lyceum.engine.Generation;
import lyceum.engine.GenerationRequest;
import lyceum.engine.SamplingParams;
import lyceum.engine.TrainingExample;
import lyceum.engine.TrainingJob;
import lyceum.events.ProblemEvent;
import lyceum.events.ProblemEvent.ProblemRegistered;
import lyceum.events.ProblemEvent.Sampled;
import lyceum.experiment.config.ExperimentConfig;
import lyceum.model.CheckpointStore;
import lyceum.model.DjlGenerator;
import lyceum.model.DjlRuntime;
import lyceum.node.LyceumNode;
import lyceum.openai.CompletionServer;
import lyceum.problem.Prompts;
import lyceum.replay.JournalReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * An experiment with {@code model.backend = openai} against {@code lyceum serve}'s server on the node's
 * checkpoint folder: M_0 is trained by the node (the real model, tiny), then every evaluation and the
 * sampling of iteration 1 go over HTTP, and each journaled sample is the text the in-process engine
 * gives for its prompt and seed.
 */
@ExtendWith(ItFixture.class)
class OpenAiExperimentIT {
    private static final String ID = "openai-backend";
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(240);

    @TempDir
    static Path tmp;

    static Config config;
    static JournalReader reader;
    static CheckpointStore checkpoints;
    static CompletionServer server;
    static LyceumNode node;

    @BeforeAll
    static void start() throws Exception {
        config = ItFixture.nodeConfig(OpenAiExperimentIT.class, tmp.resolve("node"), Map.of());
        reader = JournalReader.open(config);
        checkpoints = new CheckpointStore(tmp.resolve("node").resolve("checkpoints"));
        // The server starts with a checkpoint of its own and serves the experiment's by version as they appear.
        String first = ItFixture.tinyTrainer(checkpoints, 60)
                .train(
                        new TrainingJob(
                                "warm-up",
                                0,
                                null,
                                List.of(new TrainingExample("w", "What is 1 + 1?\n", "#### 2")),
                                1,
                                1e-3,
                                1),
                        line -> {})
                .modelVersion();
        server = CompletionServer.start(
                new InetSocketAddress("127.0.0.1", 0),
                checkpoints,
                first,
                new DjlGenerator(checkpoints, DjlRuntime.defaultDevice(), 64),
                null,
                64);
        node = ItFixture.startTinyModelNode(config, checkpoints, 60);
    }

    @AfterAll
    static void stopAll() throws Exception {
        ItFixture.closeAll(node, server, reader);
    }

    @Test
    void anExperimentSamplesAndEvaluatesThroughAnOpenAiCompatibleServer() throws Exception {
        ExperimentConfig experiment = ItFixture.experiment(
                "  name = \"openai-backend\"",
                "  seed = 5",
                "  iterations = 1",
                "  dataset { held-in-count = 4, synthetic { train-count = 12, test-count = 6, min-steps = 1, max-steps = 2 } }",
                "  model { backend = \"openai\", endpoint = \"http://127.0.0.1:" + server.port()
                        + "\", concurrency = 4 }",
                "  strategy { name = \"vanilla\", sample-num = 3, min-correct = 1, max-tokens = 64 }",
                "  training { initial-epochs = 1, epochs = 1 }",
                "  evaluation.max-tokens = 64",
                "  runtime { window = 6, generation-timeout = 60s, training-timeout = 120s }");
        ExperimentJournal journal = ItFixture.run(node, reader, ID, experiment, "openai-it", RUN_TIMEOUT);

        String m0 = journal.trainedModels().get(0);
        List<Sampled> samples = journal.problemEvents(Sampled.class).toList();
        long evaluations = journal.problemEvents(ProblemEvent.Evaluated.class).count();
        assertThat(samples).hasSize(12 * 3).allMatch(s -> s.modelVersion().equals(m0) && s.iteration() == 1);
        // Every generation went over HTTP: 2 evaluations (M_0, M_1) of 10 problems and 36 samples.
        assertThat(evaluations).isEqualTo(2 * (6 + 4));
        assertThat(server.completions()).isGreaterThanOrEqualTo(samples.size() + evaluations);
        assertThat(server.peakInFlight()).isBetween(1, 4);

        List<GenerationRequest> again = new ArrayList<>();
        for (Sampled s : samples) {
            ProblemRegistered problem = journal.problemEvents(s.problemId(), ProblemRegistered.class)
                    .get(0);
            again.add(new GenerationRequest(
                    s.sampleId(),
                    Prompts.plain(problem.question()),
                    new SamplingParams(s.temperature(), s.topP(), s.maxTokens(), s.seed())));
        }
        try (DjlGenerator inProcess = new DjlGenerator(checkpoints, DjlRuntime.defaultDevice(), 64)) {
            List<Generation> expected = inProcess.generate(m0, again);
            assertThat(samples.stream().map(Sampled::text).toList())
                    .isEqualTo(expected.stream().map(Generation::text).toList());
        }
    }
}
