package lyceum.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import lyceum.PersistenceTestConfig;
import lyceum.engine.TrainingJob;
import lyceum.events.ExperimentEvent;
import lyceum.events.ExperimentEvent.Evaluated;
import lyceum.events.ExperimentEvent.ExperimentCancelled;
import lyceum.events.ExperimentEvent.ExperimentFailed;
import lyceum.events.ExperimentEvent.ExperimentFinished;
import lyceum.events.ExperimentEvent.ExperimentStarted;
import lyceum.events.ExperimentEvent.IterationStarted;
import lyceum.events.ExperimentEvent.ModelTrained;
import lyceum.events.ExperimentEvent.Phase;
import lyceum.events.ExperimentEvent.PhaseProgressed;
import lyceum.events.ExperimentEvent.SamplingFinished;
import lyceum.events.ExperimentEvent.TrainingStarted;
import lyceum.events.IterationCounts;
import lyceum.experiment.config.ConfigJson;
import lyceum.experiment.config.ExperimentConfig;
import lyceum.experiment.config.ExperimentConfigLoader;
import lyceum.problem.ProblemActor;
import lyceum.workers.ReceptionistListing;
import lyceum.workers.TestDoubleTrainer;
import lyceum.workers.TrainerProfiles;
import lyceum.workers.TrainingWorker;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.SerializationTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentActorTest {

    private static final Duration RUN = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
    private static final int TRAIN = 10;
    private static final int TEST = 4;
    private static final int QUOTA = 2;
    private static final AtomicInteger EXPERIMENTS = new AtomicInteger();

    private static ActorTestKit testKit;
    private static TestDoubleTrainer trainer;

    @TempDir
    Path dataDir;

    @BeforeAll
    static void start() {
        testKit = ActorTestKit.create("experiment-actor", PersistenceTestConfig.config());
        trainer = new TestDoubleTrainer();
        ActorRef<TrainingWorker.Command> worker =
                testKit.spawn(TrainingWorker.create(trainer, profiles(), "node-train"));
        ReceptionistListing.awaitListed(testKit, TrainingWorker.KEY, worker);
    }

    /** The gpu node's own trainer profiles, as its configuration defines them. */
    private static TrainerProfiles profiles() {
        try {
            String script = Path.of(ExperimentActorTest.class
                            .getResource("/training-commands/count-and-save.sh")
                            .toURI())
                    .toString();
            String recorder = Path.of(ExperimentActorTest.class
                            .getResource("/training-commands/test-double-argv.sh")
                            .toURI())
                    .toString();
            return TrainerProfiles.fromConfig(ConfigFactory.parseMap(Map.of(
                            "lyceum.trainers.count-and-save.command",
                                    List.of("sh", script, "{data}", "{output}", "{base}", "{base_path}"),
                            "lyceum.trainers.record-argv.command",
                                    List.of(
                                            "sh",
                                            recorder,
                                            "{output}",
                                            "{data}",
                                            "{base_model}",
                                            "{epochs}",
                                            "{learning_rate}"),
                            "lyceum.trainers.out-of-memory.command",
                                    List.of("sh", "-c", "echo out of memory >&2; exit 3", "{output}")))
                    .withFallback(lyceum.config.LyceumConfig.load(java.util.Optional.empty())));
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    /** An experiment of these lines (HOCON inside {@code experiment { }}). */
    private static ExperimentConfig experiment(String... lines) {
        return ExperimentConfigLoader.parse("experiment {\n" + String.join("\n", lines) + "\n}");
    }

    /**
     * Two held-in problems, four samples a problem and the test gateway's quota; {@code more} adds keys or
     * overrides them (HOCON merges objects, a later value wins).
     */
    private static ExperimentConfig config(String name, int iterations, String... more) {
        List<String> lines = new ArrayList<>(List.of(
                "  name = \"" + name + "\"",
                "  iterations = " + iterations,
                "  dataset.held-in-count = 2",
                "  strategy { sample-num = 4, min-correct = 1 }",
                "  acceptance.quota-per-problem = " + QUOTA,
                "  runtime { window = 4, progress-every = 2 }"));
        lines.addAll(List.of(more));
        return experiment(lines.toArray(String[]::new));
    }

    private final class Run {
        final String id;
        final TestDoubleCatalog catalog;
        final TestDoubleProblemGateway gateway = new TestDoubleProblemGateway(QUOTA);
        final EventSourcedBehaviorTestKit<ExperimentActor.Command, ExperimentEvent, ExperimentActor.State> kit;

        Run() {
            this(TRAIN, TEST);
        }

        Run(int train, int test) {
            this("exp-" + EXPERIMENTS.incrementAndGet(), new TestDoubleCatalog(train, test));
        }

        Run(String id, TestDoubleCatalog catalog) {
            this.id = id;
            this.catalog = catalog;
            kit = EventSourcedBehaviorTestKit.create(
                    testKit.system(),
                    ExperimentActor.create(id, new ExperimentActor.Dependencies(gateway, catalog, dataDir)));
        }

        ExperimentActor.CancelReply cancel(String reason) {
            return kit.<ExperimentActor.CancelReply>runCommand(r -> new ExperimentActor.Cancel("ada@lab", reason, r))
                    .reply();
        }

        ExperimentActor.Status status() {
            return kit.<ExperimentActor.Status>runCommand(ExperimentActor.GetStatus::new)
                    .reply();
        }

        ExperimentActor.StartReply start(ExperimentConfig config) {
            return kit.<ExperimentActor.StartReply>runCommand(r -> new ExperimentActor.Start(config, "test-version", r))
                    .reply();
        }

        /**
         * Starts a one-iteration experiment whose train problems from train-5 on are held in iteration 1, and
         * returns the sampling cursor journaled below them (watermark 4).
         */
        PhaseProgressed startHeldMidSampling(String name) {
            gateway.hold((iteration, n) -> iteration == 1 && n >= 5);
            start(config(name, 1));
            return awaitEvent(PhaseProgressed.class, p -> p.phase() == Phase.SAMPLING && p.watermark() == 4);
        }

        List<Object> journal() {
            return kit.persistenceTestKit().persistedInStorage("Experiment|" + id);
        }

        List<Object> awaitEnd() {
            TestProbe<Object> waiter = testKit.createTestProbe();
            return waiter.awaitAssert(RUN, Duration.ofMillis(50), () -> {
                List<Object> events = journal();
                assertThat(events).isNotEmpty();
                assertThat(events.get(events.size() - 1))
                        .isInstanceOfAny(ExperimentFinished.class, ExperimentFailed.class, ExperimentCancelled.class);
                return events;
            });
        }

        <T> T awaitEvent(Class<T> type, Predicate<T> matching) {
            TestProbe<Object> waiter = testKit.createTestProbe();
            return waiter.awaitAssert(RUN, Duration.ofMillis(20), () -> {
                T found = ofType(journal(), type).stream()
                        .filter(matching)
                        .reduce((a, b) -> b)
                        .orElse(null);
                assertThat(found).as("a matching %s", type.getSimpleName()).isNotNull();
                return found;
            });
        }
    }

    private static <T> List<T> ofType(List<Object> events, Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** The first sampling's end: iteration 1's, in the one-iteration experiments. */
    private static SamplingFinished firstSampling(List<Object> events) {
        return ofType(events, SamplingFinished.class).get(0);
    }

    /** Train problems 0 to {@code problems - 1} were each asked once to sample iteration 1. */
    private static void assertSampledOnce(Run run, int problems) {
        for (int n = 0; n < problems; n++) {
            assertThat(run.gateway.calls("sample", "train-" + n, 1))
                    .as("train-%d", n)
                    .isEqualTo(1);
        }
    }

    /** An event by name and, where it has one, its iteration (a failure: its reason). */
    private static String describe(Object event) {
        String name = event.getClass().getSimpleName();
        JsonNode detail = JSON.valueToTree(event).get(event instanceof ExperimentFailed ? "reason" : "iteration");
        return detail == null ? name : name + "(" + detail.asText() + ")";
    }

    /** The events that move the experiment on, the cursors left out. */
    private static List<String> milestones(List<Object> events) {
        return events.stream()
                .filter(e -> !(e instanceof PhaseProgressed))
                .map(ExperimentActorTest::describe)
                .toList();
    }

    /** One iteration trained by the gpu node's trainer profile {@code profile}. */
    private static ExperimentConfig profileExperiment(String profile) {
        return experiment(
                "  name = \"profile-" + profile + "\"",
                "  iterations = 1",
                "  dataset.held-in-count = 2",
                "  model { backend = \"openai\", endpoint = \"http://127.0.0.1:9\" }",
                "  strategy { sample-num = 4, min-correct = 1 }",
                "  training { backend = \"command\", profile = \"" + profile + "\" }",
                "  runtime { window = 4, progress-every = 2, max-attempts = 5 }");
    }

    @Test
    void aTrainerProfileTrainsEachIterationAndItsCheckpointIsTheModel() throws Exception {
        Run run = new Run();
        int jobsBefore = trainer.jobs().size();
        ExperimentConfig config = profileExperiment("count-and-save");

        assertThat(run.start(config)).isEqualTo(new ExperimentActor.Started(run.id));
        List<Object> events = run.awaitEnd();

        List<ModelTrained> models = ofType(events, ModelTrained.class);
        assertThat(events.get(events.size() - 1)).isInstanceOf(ExperimentFinished.class);
        assertThat(models).hasSize(2);
        for (ModelTrained m : models) {
            Path checkpoint = Path.of(m.checkpointPath());
            assertThat(checkpoint).startsWith(dataDir.resolve("experiments").resolve(run.id));
            assertThat(m.modelVersion()).isEqualTo(lyceum.workers.CommandTrainer.contentHash(checkpoint));
            assertThat(m.lossSummary()).containsEntry("finalLoss", 0.75);
        }
        TrainingStarted second = ofType(events, TrainingStarted.class).get(1);
        assertThat(Files.readString(Path.of(models.get(1).checkpointPath()).resolve("config.json")))
                .contains("\"examples\": " + second.exampleCount())
                .contains("\"base\": \"" + models.get(0).modelVersion() + "\"")
                .contains("\"base_path\": \"" + models.get(0).checkpointPath() + "\"");
        assertThat(ofType(events, IterationStarted.class).get(1).samplingModelVersion())
                .isEqualTo(models.get(0).modelVersion());
        assertThat(trainer.jobs()).hasSize(jobsBefore);
    }

    @Test
    void aRealTrainerGetsItsBaseModelAndASharegptSetWithItsDatasetInfoUnderTheJournaledHash() throws Exception {
        Run run = new Run();
        ExperimentConfig config = experiment(
                "  name = \"sharegpt\"",
                "  iterations = 1",
                "  dataset.held-in-count = 2",
                "  model { base = \"Qwen/Qwen2.5-1.5B-Instruct\" }",
                "  strategy { sample-num = 4, min-correct = 1 }",
                "  training { backend = \"command\", profile = \"record-argv\", data-format = \"sharegpt\", epochs = 3 }",
                "  runtime { window = 4, progress-every = 2 }");

        assertThat(run.start(config)).isEqualTo(new ExperimentActor.Started(run.id));
        List<Object> events = run.awaitEnd();

        assertThat(events.get(events.size() - 1)).isInstanceOf(ExperimentFinished.class);
        List<TrainingStarted> trainings = ofType(events, TrainingStarted.class);
        List<ModelTrained> models = ofType(events, ModelTrained.class);
        assertThat(trainings).hasSize(2);
        for (int t = 0; t < 2; t++) {
            Path data = Path.of(trainings.get(t).datasetPath());
            assertThat(data)
                    .isEqualTo(dataDir.resolve("experiments")
                            .resolve(run.id)
                            .resolve("iteration-" + t + "-train")
                            .resolve("train.jsonl"));
            List<Path> files = lyceum.workers.TrainingDataFormat.SHAREGPT.files(data);
            assertThat(trainings.get(t).datasetHash()).isEqualTo(lyceum.workers.TrainingSetHash.of(files));
            assertThat(Files.readString(files.get(1)))
                    .contains("\"file_name\" : \"train.jsonl\"", "\"formatting\" : \"sharegpt\"");
            assertThat(Files.readAllLines(data))
                    .hasSize(trainings.get(t).exampleCount())
                    .allSatisfy(line -> assertThat(line).startsWith("{\"conversations\":[{\"from\":\"human\""));
            Path checkpoint = Path.of(models.get(t).checkpointPath());
            // M_0 gets no epochs from the experiment (initial-epochs unset), M_1 its 3; never the small model's rate
            assertThat(Files.readAllLines(checkpoint.resolve("argv.txt")))
                    .containsExactly(
                            checkpoint.getParent().toString(),
                            data.toAbsolutePath().toString(),
                            "Qwen/Qwen2.5-1.5B-Instruct",
                            t == 0 ? "" : "3",
                            "");
        }
    }

    @Test
    void aTrainerProfileTheGpuNodeDoesNotDefineFailsTheExperimentNamingIt() {
        Run run = new Run();
        // Five attempts with backoff would outlast the run's wait: only a permanent failure ends it in time.
        ExperimentConfig config = profileExperiment("rm-rf");

        assertThat(run.start(config)).isEqualTo(new ExperimentActor.Started(run.id));
        List<Object> events = run.awaitEnd();

        ExperimentFailed failed = (ExperimentFailed) events.get(events.size() - 1);
        assertThat(failed.reason()).contains("trainer profile 'rm-rf'", "node-train", "count-and-save");
        assertThat(ofType(events, ModelTrained.class)).isEmpty();
    }

    @Test
    void aTwoIterationExperimentRunsEveryPhaseInOrderToTheEnd() throws IOException {
        Run run = new Run();

        assertThat(run.start(config("two-iterations", 2))).isEqualTo(new ExperimentActor.Started(run.id));
        List<Object> events = run.awaitEnd();

        assertThat(milestones(events))
                .containsExactly(
                        "ExperimentStarted",
                        "ProblemsRegistered",
                        "IterationStarted(0)",
                        "TrainingStarted(0)",
                        "ModelTrained(0)",
                        "Evaluated(0)",
                        "IterationCompleted(0)",
                        "IterationStarted(1)",
                        "SamplingFinished(1)",
                        "TrainingStarted(1)",
                        "ModelTrained(1)",
                        "Evaluated(1)",
                        "IterationCompleted(1)",
                        "IterationStarted(2)",
                        "SamplingFinished(2)",
                        "TrainingStarted(2)",
                        "ModelTrained(2)",
                        "Evaluated(2)",
                        "IterationCompleted(2)",
                        "ExperimentFinished");
        assertThat(ofType(events, ExperimentEvent.ProblemsRegistered.class)
                        .get(0)
                        .problemsPerSplit())
                .isEqualTo(Map.of("train", TRAIN, "test", TEST));
        assertThat(ofType(events, IterationStarted.class))
                .extracting(IterationStarted::samplingModelVersion)
                .containsExactly(null, "m-0-10", "m-1-13");
        assertThat(ofType(events, ExperimentFinished.class).get(0).finalModelVersion())
                .isEqualTo(TestDoubleTrainer.modelVersion(2, 14));
        assertThat(ofType(events, PhaseProgressed.class)).isNotEmpty().allSatisfy(p -> {
            long below = switch (p.phase()) {
                case REGISTERING ->
                    p.counters().problemsPerSplit().values().stream()
                            .mapToLong(Integer::longValue)
                            .sum();
                case SAMPLING -> p.counters().problems();
                default ->
                    p.counters().splits().values().stream()
                            .mapToLong(IterationCounts.SplitCounts::greedy)
                            .sum();
            };
            assertThat(below)
                    .as("a cursor counts exactly the problems below its watermark")
                    .isEqualTo(p.watermark());
        });
    }

    @Test
    void anEvaluationWithSampledAnswersCountsThemPerSplit() {
        Run run = new Run();
        ExperimentConfig sampledOnly = experiment(
                "  iterations = 1", "  dataset.held-in-count = 2", "  evaluation { greedy = false, samples = 3 }");

        run.start(sampledOnly);
        List<Object> events = run.awaitEnd();

        Evaluated first = ofType(events, Evaluated.class).get(0);
        assertThat(first.accuracyBySplit()).isEmpty();
        assertThat(first.counters().splits()).containsOnlyKeys("held-out", "held-in");
        assertThat(first.counters().splits().get("held-out"))
                .isEqualTo(new IterationCounts.SplitCounts(0, 0, 0, 3L * TEST, 0));
        assertThat(first.counters().splits().get("held-in"))
                .isEqualTo(new IterationCounts.SplitCounts(0, 0, 0, 3L * 2, 0));
        assertThat(run.gateway.totalCalls("evaluate")).isEqualTo(2 * (TEST + 2));
    }

    @Test
    void evaluationCountersKeepTheGreedyOnesAsTheyWereAndAddSampledOnes() {
        var summary = new ProblemActor.EvaluationSummary("p", 1, "held-out", true, 4, 0, false, false, false, 0, null);

        assertThat(ProblemWalks.evaluated("held-out", ExperimentConfig.Evaluation.greedyOnly(64), summary))
                .isEqualTo(new IterationCounts(
                        0, 0, 0, Map.of("held-out", new IterationCounts.SplitCounts(0, 1, 1, 0, 0))));
        assertThat(ProblemWalks.evaluated("held-out", new ExperimentConfig.Evaluation(64, true, 4, 0.7, 0.95), summary))
                .isEqualTo(new IterationCounts(
                        0, 0, 0, Map.of("held-out", new IterationCounts.SplitCounts(0, 1, 1, 4, 0))));
    }

    /**
     * {@code journals/string-keyed-counters.json}: the journal (and last snapshot) of this experiment as the
     * coordinator wrote them with string-keyed counters, Jackson CBOR bytes as the journal stores them.
     */
    private static ExperimentConfig stringKeyedCountersExperiment() {
        return config("legacy-counters", 2, "  evaluation { samples = 3 }");
    }

    @Test
    void aJournalWithStringKeyedCountersReadsAsTheTypedCountsTheSameRunJournalsNow() throws IOException {
        var serialization = org.apache.pekko.serialization.SerializationExtension.get(
                testKit.system().classicSystem());
        var fixture = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(ExperimentActorTest.class.getResource("/journals/string-keyed-counters.json"));
        java.util.function.Function<com.fasterxml.jackson.databind.JsonNode, Object> read = n -> serialization
                .deserialize(
                        java.util.Base64.getDecoder().decode(n.get("bytes").asText()),
                        n.get("serializerId").asInt(),
                        n.get("manifest").asText())
                .get();
        List<ExperimentEvent> before = new java.util.ArrayList<>();
        fixture.get("events").forEach(n -> before.add((ExperimentEvent) read.apply(n)));

        Run run = new Run();
        run.start(stringKeyedCountersExperiment());
        List<ExperimentEvent> now =
                run.awaitEnd().stream().map(ExperimentEvent.class::cast).toList();

        assertThat(milestones(List.copyOf(before))).isEqualTo(milestones(List.copyOf(now)));
        assertThat(ofType(List.copyOf(before), SamplingFinished.class))
                .extracting(SamplingFinished::counters)
                .isEqualTo(ofType(List.copyOf(now), SamplingFinished.class).stream()
                        .map(SamplingFinished::counters)
                        .toList())
                .first()
                .isEqualTo(new IterationCounts(10, 0, 40, Map.of()));
        assertThat(ofType(List.copyOf(before), Evaluated.class))
                .extracting(Evaluated::counters, Evaluated::accuracyBySplit)
                .isEqualTo(ofType(List.copyOf(now), Evaluated.class).stream()
                        .map(e -> org.assertj.core.groups.Tuple.tuple(e.counters(), e.accuracyBySplit()))
                        .toList());
        assertThat(ofType(List.copyOf(before), Evaluated.class)
                        .get(0)
                        .counters()
                        .splits())
                .isEqualTo(Map.of(
                        "held-out", new IterationCounts.SplitCounts(0, TEST, 2, 3L * TEST, 0),
                        "held-in", new IterationCounts.SplitCounts(0, 2, 1, 3L * 2, 0)));
        ExperimentActor.Status statusBefore = ExperimentActor.Status.fromJournal("exp-legacy", before);
        ExperimentActor.Status statusNow = ExperimentActor.Status.fromJournal(run.id, now);
        assertThat(statusBefore).usingRecursiveComparison().ignoringFields("id").isEqualTo(statusNow);
        assertThat(statusBefore.latestSampling().problems()).isEqualTo(TRAIN);

        ExperimentActor.State snapshot = (ExperimentActor.State) read.apply(fixture.get("snapshot"));
        ExperimentActor.State folded = ExperimentActor.State.empty();
        for (ExperimentEvent e : before) {
            folded = folded.apply(e);
        }
        assertThat(snapshot).isEqualTo(folded);
    }

    @Test
    void aFinishedExperimentRecoversTheSameStateAndItsStateSurvivesJackson() {
        Run run = new Run();
        run.start(config("recovery", 2));
        run.awaitEnd();
        ExperimentActor.State finished = run.kit.getState();

        assertThat(finished.runState()).isEqualTo(ExperimentActor.RunState.FINISHED);
        assertThat(finished.models()).isEqualTo(Map.of(0, "m-0-10", 1, "m-1-13", 2, "m-2-14"));
        assertThat(finished.sampling()).containsOnlyKeys(1, 2);
        assertThat(run.kit.restart().state()).isEqualTo(finished);
        new SerializationTestKit(testKit.system()).verifySerialization(finished, true);

        ExperimentActor.Status status = run.kit
                .<ExperimentActor.Status>runCommand(ExperimentActor.GetStatus::new)
                .reply();
        assertThat(status.state()).isEqualTo("finished");
        assertThat(status.iteration()).isEqualTo(2);
        assertThat(status.latestSampling()).isEqualTo(finished.sampling().get(2));
        assertThat(status.latestAccuracy()).containsEntry("held-out", 0.5);
    }

    @Test
    void aLongExperimentIsSnapshottedAndRecoversFromTheSnapshot() {
        // the journal snapshots every 200 events: a cursor per problem sampled or evaluated passes that
        Run run = new Run(200, 20);
        run.start(
                ExperimentConfigLoader.parse(
                        "experiment { name = \"long\", iterations = 1, dataset.held-in-count = 0, runtime.progress-every = 1 }"));
        List<Object> events = run.awaitEnd();
        assertThat(events).hasSizeGreaterThan(200);

        var snapshots = run.kit.snapshotTestKit().orElseThrow().persistedInStorage("Experiment|" + run.id);
        assertThat(snapshots)
                .isNotEmpty()
                .allSatisfy(s -> assertThat(s.second()).isInstanceOf(ExperimentActor.State.class));
        ExperimentActor.State finished = run.kit.getState();
        assertThat(run.kit.restart().state()).isEqualTo(finished);
    }

    @Test
    void samplingCountersSumEveryTrainProblemOnce() {
        Run run = new Run();
        run.start(config("counters", 1));

        SamplingFinished sampling = firstSampling(run.awaitEnd());

        // train problem n has (n + 1) % 4 correct of 4 in iteration 1, and keeps at most 2 of them
        assertThat(sampling.iteration()).isEqualTo(1);
        assertThat(sampling.counters()).isEqualTo(new IterationCounts(10, 0, 40, Map.of()));
        assertSampledOnce(run, TRAIN);
    }

    @Test
    void eachIterationTrainsOnTheTrainingSetFileItWrote() throws IOException {
        Run run = new Run();
        int jobsBefore = trainer.jobs().size();
        run.start(config("training-sets", 1));
        List<Object> events = run.awaitEnd();

        List<TrainingStarted> trainings = ofType(events, TrainingStarted.class);
        Path experimentDir = dataDir.resolve("experiments").resolve(run.id);
        assertThat(trainings.get(0).datasetPath())
                .isEqualTo(experimentDir.resolve("iteration-0-train.jsonl").toString());
        assertThat(Files.readAllLines(Path.of(trainings.get(0).datasetPath()))).hasSize(TRAIN);
        assertThat(trainings.get(0).exampleCount()).isEqualTo(TRAIN);
        assertThat(trainings.get(0).baseModelVersion()).isNull();
        assertThat(Files.readAllLines(Path.of(trainings.get(1).datasetPath()))).hasSize(13);
        assertThat(trainings.get(1).exampleCount()).isEqualTo(13);
        assertThat(trainings.get(1).baseModelVersion()).isEqualTo("m-0-10");
        assertThat(trainings.get(1).datasetHash())
                .isEqualTo(TrainingSetFile.sha256(Path.of(trainings.get(1).datasetPath())));
        assertThat(experimentDir.resolve("iteration-1-train.jsonl.part")).doesNotExist();

        List<TrainingJob> jobs =
                trainer.jobs().subList(jobsBefore, trainer.jobs().size());
        assertThat(jobs).extracting(TrainingJob::experimentId).containsOnly(run.id);
        assertThat(jobs).extracting(j -> j.examples().size()).containsExactly(TRAIN, 13);
        assertThat(jobs).extracting(TrainingJob::epochs).containsExactly(6, 2);
        assertThat(ofType(events, ModelTrained.class))
                .extracting(ModelTrained::trainerNode)
                .containsOnly("node-train");
    }

    @Test
    void theFineTunesAfterM0TrainAtTheirOwnLearningRate() {
        Run run = new Run();
        int jobsBefore = trainer.jobs().size();
        run.start(
                config("fine-tune-rate", 2, "  training { learning-rate = 0.003, fine-tune-learning-rate = 0.0005 }"));
        run.awaitEnd();

        List<TrainingJob> jobs =
                trainer.jobs().subList(jobsBefore, trainer.jobs().size());
        assertThat(jobs).extracting(TrainingJob::learningRate).containsExactly(0.003, 0.0005, 0.0005);
    }

    @Test
    void withARationaleShareOnlyTheFirstProblemsTrainOnTheirReference() throws IOException {
        Run run = new Run();
        ExperimentConfig star = config("star", 1, "  dataset.rationale-share = 0.3");
        run.start(star);
        List<Object> events = run.awaitEnd();

        List<TrainingStarted> trainings = ofType(events, TrainingStarted.class);
        List<String> m0 = Files.readAllLines(Path.of(trainings.get(0).datasetPath()));
        assertThat(m0).hasSize(3);
        assertThat(m0.get(2)).contains("reference~train-2");
        assertThat(String.join("\n", m0)).doesNotContain("train-3");
        // the answer-only problems still give their accepted samples
        assertThat(Files.readAllLines(Path.of(trainings.get(1).datasetPath()))).hasSize(13);
    }

    @Test
    void evaluationReportsAccuracyPerSplit() {
        Run run = new Run();
        run.start(config("evaluation", 1));

        List<Evaluated> evaluations = ofType(run.awaitEnd(), Evaluated.class);

        // even problems are answered correctly: test-0 and test-2 of 4; held-in train-0 of train-0, train-1
        assertThat(evaluations).hasSize(2).allSatisfy(e -> {
            assertThat(e.accuracyBySplit()).isEqualTo(Map.of("held-out", 0.5, "held-in", 0.5));
            assertThat(e.counters().splits().get("held-out").greedy()).isEqualTo(4);
            assertThat(e.counters().splits().get("held-in").greedy()).isEqualTo(2);
        });
        assertThat(evaluations.get(1).modelVersion()).isEqualTo("m-1-13");
    }

    @Test
    void registrationAsksNoProblemAndEachProblemIsRegisteredByItsFirstCommand() {
        Run run = new Run();
        run.start(config("lazy", 1));
        List<Object> events = run.awaitEnd();

        assertThat(ofType(events, ExperimentEvent.ProblemsRegistered.class))
                .singleElement()
                .extracting(ExperimentEvent.ProblemsRegistered::problemsPerSplit)
                .isEqualTo(Map.of("train", TRAIN, "test", TEST));
        assertThat(ofType(events, PhaseProgressed.class)).noneMatch(p -> p.phase() == Phase.REGISTERING);
        // what each problem was first asked carried its registration: the test double checks it
        assertThat(run.gateway.registrations()).hasSize(TRAIN + TEST).allSatisfy((problemId, registration) -> {
            assertThat(registration.problemId()).isEqualTo(problemId);
            assertThat(registration.experimentId()).isEqualTo(run.id);
            assertThat(registration.split()).isEqualTo(problemId.startsWith("train-") ? "train" : "test");
        });
    }

    @Test
    void aRegistrationWalkAnOlderCoordinatorJournaledPartWayCountsEachProblemOnce() {
        ExperimentConfig config = config("older", 1);
        for (int watermark : List.of(0, 7, TRAIN, TRAIN + 2)) {
            Run run = new Run();
            Map<String, IterationCounts.SplitCounts> below = new java.util.TreeMap<>();
            if (watermark > 0) {
                below.put("train", new IterationCounts.SplitCounts(Math.min(watermark, TRAIN), 0, 0, 0, 0));
            }
            if (watermark > TRAIN) {
                below.put("test", new IterationCounts.SplitCounts(watermark - TRAIN, 0, 0, 0, 0));
            }
            run.kit
                    .persistenceTestKit()
                    .persistForRecovery(
                            "Experiment|" + run.id,
                            List.of(
                                    new ExperimentStarted(
                                            run.id,
                                            "older",
                                            ConfigJson.write(config),
                                            ConfigJson.hash(config),
                                            "older-version",
                                            0L,
                                            null),
                                    new PhaseProgressed(
                                            run.id,
                                            0,
                                            Phase.REGISTERING,
                                            watermark,
                                            new IterationCounts(0, 0, 0, below))));
            run.kit.restart();

            List<Object> events = run.awaitEnd();
            assertThat(ofType(events, ExperimentEvent.ProblemsRegistered.class))
                    .as("watermark %d", watermark)
                    .singleElement()
                    .extracting(ExperimentEvent.ProblemsRegistered::problemsPerSplit)
                    .isEqualTo(Map.of("train", TRAIN, "test", TEST));
            assertThat(milestones(events)).contains("ExperimentFinished");
        }
    }

    @Test
    void aRestartMidSamplingResumesAtTheJournaledWatermarkAndCountsNothingTwice() {
        Run uninterrupted = new Run();
        uninterrupted.start(config("resume", 1));
        SamplingFinished expected = firstSampling(uninterrupted.awaitEnd());

        Run run = new Run();
        PhaseProgressed cursor = run.startHeldMidSampling("resume");
        TestProbe<Object> waiter = testKit.createTestProbe();
        waiter.awaitAssert(RUN, () -> assertThat(run.gateway.heldCalls()).isEqualTo(4)); // train-5 .. train-8

        run.kit.restart();
        waiter.awaitAssert(
                RUN, () -> assertThat(run.gateway.calls("sample", "train-4", 1)).isEqualTo(2));
        run.gateway.release(); // answers held before and after the restart: train-5 .. train-8 answer twice
        List<Object> events = run.awaitEnd();

        assertThat(cursor.counters().problems()).isEqualTo(4);
        SamplingFinished resumed = firstSampling(events);
        assertThat(resumed.counters()).isEqualTo(expected.counters());
        assertThat(ofType(events, ExperimentStarted.class)).hasSize(1);
        assertThat(milestones(events)).containsSubsequence("SamplingFinished(1)", "ExperimentFinished");
        assertSampledOnce(run, 4); // the problems below the watermark
    }

    @Test
    void aRepeatedStartIsAcknowledgedWithoutEventsAndAnotherConfigIsRejected() {
        Run run = new Run();
        run.gateway.hold((iteration, n) -> true);
        ExperimentConfig config = config("once", 1);

        var first = run.kit.<ExperimentActor.StartReply>runCommand(
                r -> new ExperimentActor.Start(config, "test-version", r));
        var again = run.kit.<ExperimentActor.StartReply>runCommand(
                r -> new ExperimentActor.Start(config, "test-version", r));
        var other = run.kit.<ExperimentActor.StartReply>runCommand(
                r -> new ExperimentActor.Start(config("another", 1), "test-version", r));

        // registration needs no problem to answer, so the experiment's next events may follow at once
        assertThat(first.reply()).isEqualTo(new ExperimentActor.Started(run.id));
        assertThat(first.events().get(0)).isInstanceOfSatisfying(ExperimentStarted.class, e -> {
            assertThat(e.configHash()).isEqualTo(ConfigJson.hash(config));
            assertThat(ConfigJson.read(e.configJson())).isEqualTo(config);
            assertThat(e.codeVersion()).isEqualTo("test-version");
        });
        assertThat(again.reply()).isEqualTo(new ExperimentActor.Started(run.id));
        assertThat(again.events()).noneMatch(ExperimentStarted.class::isInstance);
        assertThat(other.reply()).isInstanceOf(ExperimentActor.StartRejected.class);
        assertThat(other.events()).noneMatch(ExperimentStarted.class::isInstance);
        assertThat(ofType(run.journal(), ExperimentStarted.class)).hasSize(1);
        run.gateway.release();
        // ends before the test's data folder is deleted, which the experiment writes its training sets in
        assertThat(run.awaitEnd()).last().isInstanceOf(ExperimentFinished.class);
    }

    private static ExperimentConfig retrying(String name, int maxAttempts) {
        return config(name, 1, "  runtime { max-attempts = " + maxAttempts + ", retry-backoff = 20ms }");
    }

    @Test
    void aProblemThatNeverAnswersIsAskedMaxAttemptsTimesThenCountedFailedAndTheExperimentGoesOn() {
        Run run = new Run();
        run.gateway.fail((iteration, n) -> iteration == 1 && n == 3);

        run.start(retrying("unanswered", 3));
        List<Object> events = run.awaitEnd();

        assertThat(events.get(events.size() - 1)).isInstanceOf(ExperimentFinished.class);
        assertThat(run.gateway.calls("sample", "train-3", 1)).isEqualTo(3);
        SamplingFinished sampling = firstSampling(events);
        assertThat(sampling.counters().failed()).isEqualTo(1);
        assertThat(sampling.counters().problems()).isEqualTo(TRAIN - 1);
        assertThat(ofType(events, PhaseProgressed.class))
                .filteredOn(p -> p.phase() == Phase.SAMPLING)
                .allSatisfy(
                        p -> assertThat(p.counters().problems() + p.counters().failed())
                                .as("a cursor counts every problem below its watermark, failed ones too")
                                .isEqualTo(p.watermark()));
    }

    @Test
    void failedRequestsAProblemReportsAreAddedToTheFailedCounter() {
        Run run = new Run();
        run.gateway.reportFailedRequests(2);

        run.start(retrying("failed-requests", 3));

        SamplingFinished sampling = firstSampling(run.awaitEnd());
        assertThat(sampling.counters().failed()).isEqualTo(2L * TRAIN);
        assertThat(sampling.counters().problems()).isEqualTo(TRAIN);
    }

    @Test
    void aPermanentFailureEndsTheExperimentFailedWithTheServersMessageAndAsksNothingMore() {
        Run run = new Run();
        run.gateway.failPermanently((iteration, n) -> iteration == 1 && n == 6, "The model `nope` does not exist");

        run.start(retrying("permanent", 3));
        List<Object> events = run.awaitEnd();
        int asked = run.gateway.totalCalls("sample");

        assertThat(events.get(events.size() - 1))
                .isInstanceOfSatisfying(
                        ExperimentFailed.class,
                        f -> assertThat(f.reason()).isEqualTo("problem train-6: The model `nope` does not exist"));
        assertThat(ofType(events, SamplingFinished.class)).isEmpty();
        assertThat(run.gateway.calls("sample", "train-6", 1)).isEqualTo(1);
        ExperimentActor.Status status = run.status();
        assertThat(status.state()).isEqualTo("failed");
        assertThat(status.failure()).contains("The model `nope` does not exist");
        testKit.createTestProbe().expectNoMessage(Duration.ofMillis(300));
        assertThat(run.gateway.totalCalls("sample"))
                .as("no sampling asked after the failure")
                .isEqualTo(asked);
        assertThat(run.kit.restart().state().runState()).isEqualTo(ExperimentActor.RunState.FAILED);
    }

    @Test
    void aTrainingThatKeepsFailingEndsTheExperimentFailedAfterMaxAttempts() {
        Run run = new Run();
        ExperimentConfig config = experiment(
                "  iterations = 1",
                "  dataset.held-in-count = 2",
                "  model { backend = \"openai\", endpoint = \"http://127.0.0.1:9\" }",
                "  training { backend = \"command\", profile = \"out-of-memory\" }",
                "  runtime { max-attempts = 2, retry-backoff = 20ms }");

        run.start(config);
        List<Object> events = run.awaitEnd();

        assertThat(events.get(events.size() - 1))
                .isInstanceOfSatisfying(
                        ExperimentFailed.class,
                        f -> assertThat(f.reason())
                                .startsWith("training of iteration 0 failed 2 times: ")
                                .contains("out of memory"));
        assertThat(ofType(events, ModelTrained.class)).isEmpty();
    }

    @Test
    void aCancelledExperimentEndsCancelledAndDoesNotResumeAfterARestart() {
        Run run = new Run();
        run.startHeldMidSampling("cancelled");

        assertThat(run.cancel("stuck on a slow endpoint")).isEqualTo(new ExperimentActor.Cancelled(run.id));
        run.gateway.release();
        List<Object> events = run.awaitEnd();

        assertThat(events.get(events.size() - 1)).isInstanceOfSatisfying(ExperimentCancelled.class, c -> {
            assertThat(c.by()).isEqualTo("ada@lab");
            assertThat(c.reason()).isEqualTo("stuck on a slow endpoint");
            assertThat(c.atEpochMillis()).isPositive();
        });
        int sampled = run.gateway.totalCalls("sample");
        assertThat(run.kit.restart().state().runState()).isEqualTo(ExperimentActor.RunState.CANCELLED);
        testKit.createTestProbe().expectNoMessage(Duration.ofMillis(300));
        assertThat(run.gateway.totalCalls("sample"))
                .as("nothing resumed after the restart")
                .isEqualTo(sampled);
        assertThat(run.journal()).hasSameSizeAs(events);
        ExperimentActor.Status status = run.status();
        assertThat(status.state()).isEqualTo("cancelled");
        assertThat(status.failure()).isEqualTo("cancelled by ada@lab: stuck on a slow endpoint");
        assertThat(run.cancel("again"))
                .isEqualTo(new ExperimentActor.CancelRejected(
                        run.id, "experiment " + run.id + " is cancelled, not running"));
    }

    @Test
    void cancellingAFinishedOrUnknownExperimentIsRejectedAndJournalsNothing() {
        Run unknown = new Run();
        assertThat(unknown.cancel("x"))
                .isEqualTo(new ExperimentActor.CancelRejected(unknown.id, "no experiment " + unknown.id));
        assertThat(unknown.journal()).isEmpty();

        Run finished = new Run();
        finished.start(config("finished", 1));
        int events = finished.awaitEnd().size();
        assertThat(finished.cancel("x"))
                .isEqualTo(new ExperimentActor.CancelRejected(
                        finished.id, "experiment " + finished.id + " is finished, not running"));
        assertThat(finished.journal()).hasSize(events);
    }

    @Test
    void anExperimentIdThatIsNoPlainFileNameIsRejected() {
        // An id with '|' cannot even name an entity (PersistenceId refuses it): the command line checks ids first.
        for (String id :
                List.of("../escape", "/tmp/abs", ".hidden", "a~b", "a b", "x".repeat(Ids.EXPERIMENT_MAX + 1))) {
            Run run = new Run(id, new TestDoubleCatalog(TRAIN, TEST));
            assertThat(run.start(config("bad-id", 1)))
                    .as(id)
                    .isEqualTo(new ExperimentActor.StartRejected(
                            id, "experiment id '" + id + "' is not allowed: use " + Ids.EXPERIMENT_RULE));
            assertThat(run.gateway.totalCalls("evaluate") + run.gateway.totalCalls("sample"))
                    .isZero();
        }
        assertThat(dataDir.resolve("experiments")).doesNotExist();
    }

    @Test
    void aProblemIdWithAForbiddenCharacterIsRejectedNamingFileLineAndTheRule() {
        Run run = new Run(
                "exp-" + EXPERIMENTS.incrementAndGet(),
                TestDoubleCatalog.withTrainIds(List.of("p-1", "test/algebra/2.json", "p~3"), TEST));

        ExperimentActor.StartReply reply = run.start(config("bad-problem-id", 1));

        assertThat(reply)
                .isEqualTo(new ExperimentActor.StartRejected(
                        run.id,
                        "dataset custom.jsonl line 3: problem id 'p~3' is not allowed: use " + Ids.PROBLEM_RULE));
        assertThat(run.journal()).isEmpty();
    }

    @Test
    void aProblemIdTwiceInTheDatasetIsRejectedNamingBothLines() {
        Run run = new Run(
                "exp-" + EXPERIMENTS.incrementAndGet(),
                TestDoubleCatalog.withTrainIds(List.of("p-1", "p-2", "p-3", "p-2"), TEST));

        ExperimentActor.StartReply reply = run.start(config("duplicate-id", 1));

        assertThat(reply)
                .isEqualTo(
                        new ExperimentActor.StartRejected(
                                run.id,
                                "problem id 'p-2' is twice in the dataset: dataset custom.jsonl line 2 and dataset custom.jsonl line 4"));
        assertThat(run.journal()).isEmpty();
    }

    @Test
    void aDatasetChangedBeforeARestartFailsTheExperimentNamingTheDataset() {
        Run run = new Run();
        run.startHeldMidSampling("changed-dataset");
        String started = ofType(run.journal(), ExperimentStarted.class).get(0).datasetHash();

        run.catalog.edit(" (edited)");
        run.kit.restart();
        List<Object> events = run.awaitEnd();

        assertThat(started).hasSize(32);
        assertThat(events.get(events.size() - 1))
                .isInstanceOfSatisfying(
                        ExperimentFailed.class,
                        f -> assertThat(f.reason())
                                .startsWith("the dataset synthetic changed since the experiment started (content hash "
                                        + started + ", now ")
                                .endsWith("); restore it or start a new experiment"));
        assertThat(run.gateway.calls("sample", "train-4", 1))
                .as("not asked again after the restart")
                .isEqualTo(1);
    }

    @Test
    void aDatasetUnchangedBeforeARestartResumes() {
        Run run = new Run();
        run.startHeldMidSampling("same-dataset");

        run.kit.restart();
        run.gateway.release();

        List<Object> events = run.awaitEnd();
        assertThat(events.get(events.size() - 1)).isInstanceOf(ExperimentFinished.class);
    }
}
