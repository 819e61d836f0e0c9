package lyceum;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import lyceum.engine.ChatMessage;
import lyceum.engine.Generation;
import lyceum.engine.GenerationRequest;
import lyceum.engine.ModelRef;
import lyceum.engine.OpenAiEndpoint;
import lyceum.engine.SamplingParams;
import lyceum.engine.TrainedModel;
import lyceum.engine.TrainingExample;
import lyceum.events.ProblemEvent.ProblemRegistered;
import lyceum.experiment.ExperimentActor;
import lyceum.experiment.config.ExperimentConfigLoader;
import lyceum.problem.ProblemActor;
import lyceum.workers.GenerationPool;
import lyceum.workers.GenerationWorker;
import lyceum.workers.TrainingWorker;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.SerializationTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.serialization.SerializationExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every message that crosses between nodes round-trips through the Jackson binding, actor refs included. */
class ClusterMessageSerializationTest {

    private static ActorTestKit testKit;

    @BeforeAll
    static void start() {
        testKit = ActorTestKit.create(
                "cluster-messages",
                ConfigFactory.parseResources("lyceum/serialization.conf").withFallback(ConfigFactory.load()));
    }

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    static Stream<Object> messages() {
        ActorRef<Object> ref = testKit.createTestProbe().ref();
        GenerationRequest request =
                new GenerationRequest("exp~p~1~0~2", "2 + 3?\n", new SamplingParams(0.7, 0.95, 64, -9L));
        Generation generation = new Generation("exp~p~1~0~2", "2 + 3 = 5\n#### 5", 9, -0.3, false, 12L);
        var config = ExperimentConfigLoader.defaults();
        var chat = ExperimentConfigLoader.parse(
                "experiment.prompts { format = chat, system = \"Solve.\", few-shot = [{question = Q, answer = A}], stop = [\"\\n\\n\"] }");
        GenerationRequest chatRequest = new GenerationRequest(
                "exp~p~1~1~0",
                "Solve.\n2 + 3?\n2 + 3 = 5\n",
                new SamplingParams(0.7, 0.95, 64, 3L),
                List.of(
                        new ChatMessage("system", "Solve."),
                        new ChatMessage("user", "2 + 3?\n"),
                        new ChatMessage("assistant", "2 + 3 = 5\n")),
                List.of("\n\n"));
        ProblemRegistered problem = new ProblemRegistered(
                "exp", "p", "2 + 3?", "5", "2 + 3 = 5\n#### 5", 1.0, 1, "train", "synthetic", "synthetic:1", 1);
        return Stream.of(
                new GenerationPool.Generate(ModelRef.local("m-1"), request, ref.unsafeUpcast()),
                new GenerationPool.Generated(generation, "node-a"),
                new GenerationPool.GenerationFailed("exp~p~1~0~2", "timed out", false),
                new GenerationWorker.GenerateBatch(3, ModelRef.local("m-1"), List.of(request), ref.unsafeUpcast()),
                new GenerationWorker.GenerateBatch(
                        4,
                        new ModelRef(
                                "m-1",
                                new OpenAiEndpoint(
                                        "http://127.0.0.1:8000", "qwen", 4, Duration.ofSeconds(30), 3, "LYCEUM_TOKEN")),
                        List.of(request),
                        ref.unsafeUpcast()),
                new GenerationPool.Generate(ModelRef.local("m-1"), chatRequest, ref.unsafeUpcast()),
                new ProblemActor.RunSampling(
                        1,
                        ModelRef.local("m-1"),
                        chat.strategy(),
                        chat.acceptance(),
                        ref.unsafeUpcast(),
                        chat.prompts(),
                        null,
                        null),
                new ProblemActor.Evaluate(
                        1,
                        "held-out",
                        ModelRef.local("m-1"),
                        chat.evaluation(),
                        ref.unsafeUpcast(),
                        chat.prompts(),
                        chat.seed(),
                        null),
                new ExperimentActor.Start(chat, "0.1.0", ref.unsafeUpcast()),
                new GenerationWorker.BatchGenerated(3, "node-a", List.of(generation), 1_000L),
                new GenerationWorker.BatchFailed(3, "node-a", "out of memory", false),
                new GenerationWorker.BatchFailed(3, "node-a", "model 'm-1' does not exist", true),
                olderTrain(null, ref.unsafeUpcast()),
                olderTrain("trl", ref.unsafeUpcast()),
                new TrainingWorker.Train(
                        "exp",
                        1,
                        "m-0",
                        "/data/iteration-1-train/train.jsonl",
                        0,
                        0.0,
                        7L,
                        "llamafactory",
                        "0123456789abcdef0123456789abcdef",
                        "sharegpt",
                        "Qwen/Qwen2.5-1.5B-Instruct",
                        ref.unsafeUpcast()),
                new TrainingWorker.Trained(new TrainedModel("m-2", "/data/m-2", 12, Map.of("final", 0.5)), "node-a"),
                new TrainingWorker.TrainingFailed("no space", "node-a"),
                new TrainingWorker.TrainingFailed("trainer profile 'x' is not defined", "node-a", true),
                new ProblemActor.Register(problem, ref.unsafeUpcast()),
                new ProblemActor.RunSampling(
                        1, ModelRef.local("m-1"), config.strategy(), config.acceptance(), ref.unsafeUpcast()),
                new ProblemActor.Evaluate(
                        1, "held-out", ModelRef.local("m-1"), config.evaluation(), ref.unsafeUpcast()),
                new ProblemActor.RunSampling(
                        1,
                        ModelRef.local("m-1"),
                        config.strategy(),
                        config.acceptance(),
                        ref.unsafeUpcast(),
                        config.prompts(),
                        7L,
                        problem),
                new ProblemActor.Evaluate(
                        0,
                        "held-out",
                        ModelRef.local("m-0"),
                        config.evaluation(),
                        ref.unsafeUpcast(),
                        config.prompts(),
                        7L,
                        problem),
                new ProblemActor.CollectTrainingData(1, true, false, ref.unsafeUpcast()),
                new ProblemActor.CollectTrainingData(0, true, false, ref.unsafeUpcast(), config.prompts(), problem),
                new ProblemActor.SamplingSummary("p", 1, 2, 8, 3, 2, 1, 3, 0, null),
                new ProblemActor.SamplingSummary("p", 1, 2, 7, 3, 2, 1, 3, 1, "model 'm-1' does not exist"),
                new ProblemActor.EvaluationSummary("p", 1, "held-out", true, 8, 3, false, false, false, 0, null),
                new ProblemActor.EvaluationSummary(
                        "p", 1, "held-out", false, 7, 3, false, false, false, 2, "prompt too long"),
                new ProblemActor.TrainingData("p", List.of(new TrainingExample("s-1", "2 + 3?\n", "#### 5"))),
                new ExperimentActor.Start(config, "0.1.0", ref.unsafeUpcast()),
                new ExperimentActor.Started("exp"),
                new ExperimentActor.StartRejected("exp", "another config"),
                new ExperimentActor.GetStatus(ref.unsafeUpcast()),
                new ExperimentActor.Cancel("ada@lab", "stuck", ref.unsafeUpcast()),
                new ExperimentActor.Cancelled("exp"),
                new ExperimentActor.CancelRejected("exp", "experiment exp is finished, not running"));
    }

    @ParameterizedTest
    @MethodSource("messages")
    void roundTripsThroughJackson(Object message) {
        String serializer = SerializationExtension.get(testKit.system())
                .findSerializerFor(message)
                .getClass()
                .getSimpleName();
        assertThat(serializer).startsWith("JacksonCbor");

        new SerializationTestKit(testKit.system()).verifySerialization(message, true);
    }

    /** A job as a node from before the set's hash, format and base model were sent writes it. */
    private static TrainingWorker.Train olderTrain(String profile, ActorRef<TrainingWorker.Result> replyTo) {
        return new TrainingWorker.Train(
                "exp", 1, "m-0", "/data/x.jsonl", 2, 0.001, 7L, profile, null, null, null, replyTo);
    }
}
