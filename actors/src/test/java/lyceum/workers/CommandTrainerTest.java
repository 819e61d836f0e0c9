package lyceum.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import lyceum.config.LyceumConfig;
import lyceum.engine.TrainedModel;
import lyceum.engine.TrainingExample;
import lyceum.engine.TrainingJob;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real /bin/sh trainers from test resources, run on a real exported training set. */
class CommandTrainerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ActorTestKit testKit = ActorTestKit.create();

    @TempDir
    Path dir;

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    private static String script(String name) {
        try {
            return Path.of(CommandTrainerTest.class
                            .getResource("/training-commands/" + name)
                            .toURI())
                    .toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static TrainingCommand command(String script, Duration timeout) {
        return new TrainingCommand(
                List.of("sh", script(script), "{data}", "{output}", "{base}", "{base_path}"), timeout);
    }

    private Path trainingSet(int records) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < records; i++) {
            lines.add(JSON.writeValueAsString(
                    new TrainingExample("exp~p" + i + "~1~0~0", "What is " + i + " + 1?\n", "#### " + (i + 1))));
        }
        Files.createDirectories(dir.resolve("experiments"));
        return Files.write(dir.resolve("experiments").resolve("iteration-1-train.jsonl"), lines);
    }

    private TrainingJob job(Path data, String base) throws Exception {
        return new TrainingJob("exp", 1, base, TrainingWorker.readExamples(data), 2, 1e-3, 7);
    }

    @Test
    void aCommandTrainsOnTheExportedSetAndReportsItsCheckpoint() throws Exception {
        Path data = trainingSet(5);
        List<String> log = new CopyOnWriteArrayList<>();

        TrainedModel model = new CommandTrainer(command("count-and-save.sh", Duration.ofSeconds(30)), data)
                .train(job(data, "0123456789abcdef"), log::add);

        Path checkpoint = Path.of(model.checkpointPath());
        assertThat(checkpoint.getParent().getParent()).isEqualTo(data.getParent());
        assertThat(Files.readString(checkpoint.resolve("config.json")))
                .contains("\"examples\": 5")
                .contains("\"base\": \"0123456789abcdef\"")
                .contains("\"base_path\": \"\"");
        assertThat(Files.readAllLines(checkpoint.resolve("samples.txt")))
                .hasSize(5)
                .first()
                .asString()
                .contains("exp~p0~1~0~0");
        assertThat(model.modelVersion()).matches("[0-9a-f]{16}").isEqualTo(CommandTrainer.contentHash(checkpoint));
        assertThat(model.exampleCount()).isEqualTo(5);
        assertThat(model.lossSummary()).isEqualTo(Map.of("firstLoss", 2.5, "finalLoss", 0.75));
        assertThat(log)
                .contains("training on 5 examples from base '0123456789abcdef'", "stderr: progress goes to stderr too");

        TrainedModel again = new CommandTrainer(command("count-and-save.sh", Duration.ofSeconds(30)), data)
                .train(job(data, "0123456789abcdef"), line -> {});
        assertThat(again.checkpointPath()).isNotEqualTo(model.checkpointPath());
        assertThat(again.modelVersion()).isEqualTo(model.modelVersion());
    }

    @Test
    void aFailingCommandIsReportedWithItsExitCodeAndStderr() throws Exception {
        Path data = trainingSet(2);

        assertThatThrownBy(() -> new CommandTrainer(command("failing.sh", Duration.ofSeconds(30)), data)
                        .train(job(data, null), line -> {}))
                .isInstanceOf(CommandTrainer.TrainingCommandFailed.class)
                .hasMessageContaining("failing.sh")
                .hasMessageContaining("exited with code 3")
                .hasMessageContaining("CUDA out of memory");
    }

    @Test
    void aCommandWithoutAReportOrPastItsTimeoutFails() throws Exception {
        Path data = trainingSet(2);
        TrainingCommand silent =
                new TrainingCommand(List.of("sh", script("silent.sh"), "{output}"), Duration.ofSeconds(30));
        assertThatThrownBy(() -> new CommandTrainer(silent, data).train(job(data, null), line -> {}))
                .isInstanceOf(CommandTrainer.TrainingCommandFailed.class)
                .hasMessageContaining("silent.sh")
                .hasMessageContaining("reported no checkpoint");

        TrainingCommand slow =
                new TrainingCommand(List.of("sh", script("slow.sh"), "{output}"), Duration.ofMillis(500));
        long started = System.nanoTime();
        assertThatThrownBy(() -> new CommandTrainer(slow, data).train(job(data, null), line -> {}))
                .isInstanceOf(CommandTrainer.TrainingCommandFailed.class)
                .hasMessageContaining("slow.sh")
                .hasMessageContaining("timed out after PT0.5S");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
    }

    /** Lyceum's defaults, which the node configurations below add their profiles to. */
    private static final Config DEFAULTS = LyceumConfig.load(Optional.empty());

    /** The node's configuration: profiles named after the test scripts they run. */
    private static TrainerProfiles profiles() {
        return TrainerProfiles.fromConfig(
                ConfigFactory.parseString("""
        lyceum.trainers {
          count-and-save { command = ["sh", "%s", "{data}", "{output}", "{base}", "{base_path}"], timeout = 30s }
          failing.command = ["sh", "%s", "{data}", "{output}"]
        }
        """.formatted(script("count-and-save.sh"), script("failing.sh")))
                        .withFallback(DEFAULTS));
    }

    @Test
    void aNodesProfilesAreReadFromItsConfiguration() {
        TrainerProfiles profiles = profiles();

        assertThat(profiles.names()).containsExactly("count-and-save", "failing");
        assertThat(profiles.get("count-and-save")).contains(command("count-and-save.sh", Duration.ofSeconds(30)));
        assertThat(profiles.get("failing").orElseThrow().timeout())
                .isEqualTo(DEFAULTS.getDuration(TrainerProfiles.DEFAULT_TIMEOUT));
        assertThat(TrainerProfiles.fromConfig(ConfigFactory.empty()).names()).isEmpty();
    }

    @Test
    void aNodesConfigFileAddsProfilesToLyceumsDefaultsWhichHoldNone(@TempDir Path confDir) throws IOException {
        Path file = Files.writeString(
                confDir.resolve("lyceum.conf"),
                "lyceum.trainers.trl { command = [\"python\", \"train.py\", \"{data}\", \"{output}\"], timeout = 6h }\n");

        assertThat(TrainerProfiles.fromConfig(LyceumConfig.load(Optional.empty()))
                        .names())
                .isEmpty();
        assertThat(TrainerProfiles.fromConfig(LyceumConfig.load(Optional.of(file)))
                        .get("trl"))
                .contains(
                        new TrainingCommand(List.of("python", "train.py", "{data}", "{output}"), Duration.ofHours(6)));
    }

    @Test
    void aProfileWithoutATimeoutTakesTheDefaultOfTheChainWhichANodeFileMayChange(@TempDir Path confDir)
            throws IOException {
        String profile = "lyceum.trainers.trl.command = [\"python\", \"train.py\", \"{data}\", \"{output}\"]\n";
        // the default gpu.conf and the README document
        assertThat(TrainerProfiles.fromConfig(LyceumConfig.load(
                                Optional.of(Files.writeString(confDir.resolve("plain.conf"), profile))))
                        .get("trl")
                        .orElseThrow()
                        .timeout())
                .isEqualTo(Duration.ofMinutes(60));
        Path longer =
                Files.writeString(confDir.resolve("longer.conf"), profile + "lyceum.trainer-defaults.timeout = 3h\n");
        assertThat(TrainerProfiles.fromConfig(LyceumConfig.load(Optional.of(longer)))
                        .get("trl")
                        .orElseThrow()
                        .timeout())
                .isEqualTo(Duration.ofHours(3));

        Path zero = Files.writeString(confDir.resolve("zero.conf"), profile + "lyceum.trainer-defaults.timeout = 0s\n");
        assertThatThrownBy(() -> TrainerProfiles.fromConfig(LyceumConfig.load(Optional.of(zero))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(zero + ":2")
                .hasMessageContaining("lyceum.trainer-defaults.timeout must be positive");
    }

    @Test
    void aProfileWithoutAnOutputOrAnArgvIsRefusedNamingIt(@TempDir Path confDir) throws IOException {
        Path noOutput = Files.writeString(
                confDir.resolve("gpu.conf"),
                "lyceum.trainers {\n  trl.command = [\"accelerate\", \"launch\", \"train.py\", \"{data}\"]\n}\n");
        assertThatThrownBy(() -> TrainerProfiles.fromConfig(
                        ConfigFactory.parseFile(noOutput.toFile()).withFallback(DEFAULTS)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lyceum.trainers.trl.command")
                .hasMessageContaining(noOutput + ":2")
                .hasMessageContaining("{output}");

        assertThatThrownBy(
                        () -> TrainerProfiles.fromConfig(ConfigFactory.parseString("lyceum.trainers.trl.command = []")
                                .withFallback(DEFAULTS)))
                .hasMessageContaining("lyceum.trainers.trl.command")
                .hasMessageContaining("argv");
        assertThatThrownBy(
                        () -> TrainerProfiles.fromConfig(ConfigFactory.parseString("lyceum.trainers.trl.timeout = 1h")
                                .withFallback(DEFAULTS)))
                .hasMessageContaining("lyceum.trainers.trl")
                .hasMessageContaining("command");
        assertThatThrownBy(() -> TrainerProfiles.fromConfig(ConfigFactory.parseString(
                                "lyceum.trainers.trl { command = [\"t\", \"{output}\"], timeout = 0s }")
                        .withFallback(DEFAULTS)))
                .hasMessageContaining("lyceum.trainers.trl.timeout")
                .hasMessageContaining("positive");
    }

    /** A gpu node's training worker with a trainer of its own, and a probe for the results of its jobs. */
    private record GpuNode(
            TestDoubleTrainer own, ActorRef<TrainingWorker.Command> worker, TestProbe<TrainingWorker.Result> replies) {

        /** Sends the job answering to {@link #replies} and waits for its result, of the {@code expected} type. */
        <T extends TrainingWorker.Result> T run(
                Function<TestProbe<TrainingWorker.Result>, TrainingWorker.Train> job, Class<T> expected) {
            worker.tell(job.apply(replies));
            return replies.expectMessageClass(expected, Duration.ofSeconds(30));
        }
    }

    /** A gpu node with the profiles of its configuration. */
    private static GpuNode gpuNode(String name) {
        return gpuNode(name, profiles());
    }

    private static GpuNode gpuNode(String name, TrainerProfiles profiles) {
        TestDoubleTrainer own = new TestDoubleTrainer();
        return new GpuNode(own, testKit.spawn(TrainingWorker.create(own, profiles, name)), testKit.createTestProbe());
    }

    @Test
    void aTrainingWorkerRunsTheProfileTheJobNamesInsteadOfItsOwnTrainer() throws Exception {
        Path data = trainingSet(3);
        GpuNode node = gpuNode("node-t");

        TrainingWorker.Trained trained = node.run(
                r -> train(1, "0123456789abcdef", data, 2, 1e-3, 7, "count-and-save", null, null, r),
                TrainingWorker.Trained.class);
        assertThat(trained.model().exampleCount()).isEqualTo(3);
        assertThat(trained.model().modelVersion())
                .isEqualTo(CommandTrainer.contentHash(Path.of(trained.model().checkpointPath())));
        assertThat(node.own().jobs()).isEmpty();
        assertThat(node.own().devicesFreed())
                .as("the node's devices are freed for the external trainer")
                .isEqualTo(1);

        TrainingWorker.Trained tuned = node.run(
                r -> train(2, trained.model().modelVersion(), data, 2, 1e-3, 8, "count-and-save", null, null, r),
                TrainingWorker.Trained.class);
        assertThat(Files.readString(Path.of(tuned.model().checkpointPath()).resolve("config.json")))
                .as("a fine-tune is given its base's checkpoint")
                .contains("\"base_path\": \"" + trained.model().checkpointPath() + "\"");

        TrainingWorker.TrainingFailed failed = node.run(
                r -> train(3, trained.model().modelVersion(), data, 2, 1e-3, 9, "failing", null, null, r),
                TrainingWorker.TrainingFailed.class);
        assertThat(failed.error()).contains("failing.sh", "exited with code 3", "CUDA out of memory");
        assertThat(failed.permanent()).isFalse();

        node.run(r -> train(4, null, data, 2, 1e-3, 10, null, null, null, r), TrainingWorker.Trained.class);
        assertThat(node.own().jobs()).hasSize(1);
    }

    @Test
    void aTrainingSetThatChangedSinceItWasJournaledIsRefusedForGood() throws Exception {
        Path data = trainingSet(3);
        String journaled = TrainingSetHash.of(data);
        GpuNode node = gpuNode("node-h");

        node.run(r -> train(1, null, data, 2, 1e-3, 7, null, journaled, null, r), TrainingWorker.Trained.class);

        Files.writeString(data, Files.readString(data).replace("What is 1 + 1", "What is 1 + 7"));
        TrainingWorker.TrainingFailed failed = node.run(
                r -> train(2, null, data, 2, 1e-3, 8, null, journaled, null, r), TrainingWorker.TrainingFailed.class);
        assertThat(failed.permanent()).isTrue();
        assertThat(failed.error()).contains(data.toString(), journaled, "changed");
        assertThat(node.own().jobs()).hasSize(1);
    }

    @Test
    void aProfileTheNodeDoesNotHoldIsAPermanentFailureNamingItAndNothingRuns() throws Exception {
        Path data = trainingSet(2);
        GpuNode node = gpuNode("node-u");

        TrainingWorker.TrainingFailed refused = node.run(
                r -> train(1, null, data, 2, 1e-3, 7, "curl-evil", null, null, r), TrainingWorker.TrainingFailed.class);

        assertThat(refused.permanent()).isTrue();
        assertThat(refused.error())
                .contains("'curl-evil'", "lyceum.trainers.curl-evil", "node-u", "count-and-save", "failing");
        assertThat(refused.workerNode()).isEqualTo("node-u");
        assertThat(node.own().jobs()).isEmpty();
        try (var files = Files.list(data.getParent())) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .containsExactly(data.getFileName().toString());
        }
    }

    @Test
    void aRealTrainersPlaceholdersReachItsArgvAndItReadsTheSetInItsFormat() throws Exception {
        TrainingDataFormat format = TrainingDataFormat.SHAREGPT;
        Path experiment = dir.resolve("experiments").resolve("exp");
        Path data = format.dataFile(experiment, 1);
        Files.createDirectories(data.getParent());
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            lines.add(format.line(
                    new TrainingExample("exp~p" + i + "~1~0~0", "What is " + i + " + 1?\n", "#### " + (i + 1))));
        }
        Files.write(data, lines);
        Files.writeString(
                data.resolveSibling(TrainingDataFormat.DATASET_INFO),
                format.datasetInfo().orElseThrow());
        String journaled = TrainingSetHash.of(format.files(data));
        TrainerProfiles profiles =
                TrainerProfiles.fromConfig(ConfigFactory.parseString("""
        lyceum.trainers.real.command = ["sh", "%s", "{output}", "{data}", "--base-model", "{base_model}",
          "--base", "{base}", "--base-path", "{base_path}", "--iteration", "{iteration}", "--epochs", "{epochs}",
          "--lr", "{learning_rate}", "--seed", "{seed}"]
        """.formatted(script("test-double-argv.sh")))
                        .withFallback(DEFAULTS));
        GpuNode node = gpuNode("node-r", profiles);

        // M_0 with no epochs or learning rate in the experiment: the trainer's own defaults apply
        TrainingWorker.Trained first = node.run(
                r -> train(0, null, data, 0, 0.0, 11, "real", journaled, format, r), TrainingWorker.Trained.class);
        Path firstCheckpoint = Path.of(first.model().checkpointPath());
        assertThat(Files.readAllLines(firstCheckpoint.resolve("argv.txt")))
                .containsExactly(
                        firstCheckpoint.getParent().toString(),
                        data.toAbsolutePath().toString(),
                        "--base-model",
                        "Qwen/Qwen2.5-1.5B-Instruct",
                        "--base",
                        "",
                        "--base-path",
                        "",
                        "--iteration",
                        "0",
                        "--epochs",
                        "",
                        "--lr",
                        "",
                        "--seed",
                        "11");
        assertThat(first.model().exampleCount()).isEqualTo(3);
        assertThat(Files.readAllLines(firstCheckpoint.resolve("beside-data.txt")))
                .contains("dataset_info.json", "train.jsonl");
        JsonNode line = JSON.readTree(Files.readString(firstCheckpoint.resolve("first-line.json")));
        assertThat(line.get("conversations").get(1).get("value").asText()).isEqualTo("#### 1");
        // its output and the index of what it trained are the experiment's, not the set's folder
        assertThat(firstCheckpoint.getParent().getParent()).isEqualTo(experiment.toAbsolutePath());
        assertThat(Files.readString(experiment
                        .resolve("trained-models")
                        .resolve(first.model().modelVersion())))
                .isEqualTo(firstCheckpoint.toString());

        // M_1 from M_0, with the experiment's epochs and learning rate
        TrainingWorker.Trained second = node.run(
                r -> train(1, first.model().modelVersion(), data, 3, 2e-5, 12, "real", journaled, format, r),
                TrainingWorker.Trained.class);
        List<String> argv =
                Files.readAllLines(Path.of(second.model().checkpointPath()).resolve("argv.txt"));
        assertThat(argv.subList(4, argv.size()))
                .containsExactly(
                        "--base",
                        first.model().modelVersion(),
                        "--base-path",
                        firstCheckpoint.toString(),
                        "--iteration",
                        "1",
                        "--epochs",
                        "3",
                        "--lr",
                        "2.0E-5",
                        "--seed",
                        "12");

        // a dataset_info.json changed after the set was journaled is not trained on
        Files.writeString(data.resolveSibling(TrainingDataFormat.DATASET_INFO), "{}");
        TrainingWorker.TrainingFailed changed = node.run(
                r -> train(2, null, data, 1, 1e-5, 13, "real", journaled, format, r),
                TrainingWorker.TrainingFailed.class);
        assertThat(changed.permanent()).isTrue();
    }

    @Test
    void aSetNotInTheJobsFormatFailsNamingTheFileAndLine() throws Exception {
        Path data = trainingSet(2); // Lyceum's own format
        assertThatThrownBy(() -> TrainingWorker.readExamples(data, TrainingDataFormat.TRL_CONVERSATIONAL))
                .hasMessageContaining(data + ":1")
                .hasMessageContaining("not a trl-conversational training example");
    }

    /** A job of experiment "exp"; {@code format} null: Lyceum's own, with no base model named. */
    private static TrainingWorker.Train train(
            int iteration,
            String baseVersion,
            Path data,
            int epochs,
            double learningRate,
            long seed,
            String profile,
            String journaledHash,
            TrainingDataFormat format,
            TestProbe<TrainingWorker.Result> replies) {
        return new TrainingWorker.Train(
                "exp",
                iteration,
                baseVersion,
                data.toString(),
                epochs,
                learningRate,
                seed,
                profile,
                journaledHash,
                format == null ? null : format.key(),
                format == null ? null : "Qwen/Qwen2.5-1.5B-Instruct",
                replies.ref());
    }
}
