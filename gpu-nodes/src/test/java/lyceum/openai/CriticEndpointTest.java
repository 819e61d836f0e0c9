package lyceum.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import lyceum.engine.Generation;
import lyceum.engine.GenerationRequest;
import lyceum.engine.Generator;
import lyceum.engine.ModelRef;
import lyceum.engine.OpenAiEndpoint;
import lyceum.events.ProblemEvent.ProblemRegistered;
import lyceum.experiment.config.ExperimentConfig;
import lyceum.grading.Grader;
import lyceum.problem.ProblemActor;
import lyceum.workers.GenerationPool;
import lyceum.workers.GenerationWorker;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.Test;

/**
 * GSI's interactive teacher on a server of its own: a problem actor, the generation pool and a gpu node's
 * worker with its endpoint clients send the student's samples to the student's server and the teacher's
 * critiques to the teacher's, each under its own model name.
 */
class CriticEndpointTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String QUESTION = "Bo has 2 coins and finds 3 more, then his pile grows 4 times. How many?";

    /** The node's own engine: nothing here may reach it. */
    private static final Generator UNUSED = new Generator() {
        @Override
        public List<Generation> generate(String modelVersion, List<GenerationRequest> batch) {
            throw new IllegalStateException("the node's own engine was asked for " + modelVersion);
        }

        @Override
        public int preferredBatchSize() {
            return 8;
        }

        @Override
        public String device() {
            return "unused";
        }
    };

    @Test
    void theTeachersCritiquesGoToItsEndpointAndTheStudentsSamplesToTheirs() throws Exception {
        ActorTestKit testKit = ActorTestKit.create(
                "critic-endpoint", ConfigFactory.parseString("""
        pekko.persistence.journal.plugin = "pekko.persistence.journal.inmem"
        pekko.persistence.snapshot-store.plugin = "pekko.persistence.snapshot-store.local"
        pekko.persistence.snapshot-store.local.dir = "target/critic-endpoint-snapshots"
        """).withFallback(ConfigFactory.load()));
        try (TestDoubleVllm student = new TestDoubleVllm("qwen-1.5b", 100_000, null, List.of(), null);
                TestDoubleVllm teacher = new TestDoubleVllm("qwen-72b", 100_000, null, List.of(), null);
                OpenAiClients clients = new OpenAiClients()) {
            ActorRef<GenerationPool.Command> pool = testKit.spawn(
                    GenerationPool.create(new GenerationPool.Settings(8, 2, WAIT, 3, Duration.ofMillis(50))));
            testKit.spawn(GenerationWorker.create(UNUSED, clients, "gpu-1"));
            ActorRef<ProblemActor.Command> problem = testKit.spawn(ProblemActor.create(
                    ProblemActor.entityId("exp-t", "p-1"), pool, Grader.standard(), Duration.ofMinutes(1)));

            TestProbe<Done> registered = testKit.createTestProbe();
            problem.tell(new ProblemActor.Register(
                    new ProblemRegistered(
                            "exp-t",
                            "p-1",
                            QUESTION,
                            "20",
                            "2 + 3 = 5\n5 * 4 = 20\n#### 20",
                            2.0,
                            2,
                            "train",
                            "synthetic",
                            "synthetic:1",
                            2),
                    registered.ref()));
            registered.expectMessage(WAIT, Done.getInstance());

            Duration timeout = Duration.ofSeconds(20);
            ModelRef sampled = new ModelRef("m-1", new OpenAiEndpoint(student.url(), "qwen-1.5b", 2, timeout, 0, ""));
            var feedback = new ExperimentConfig.Feedback(
                    ExperimentConfig.CriticKind.MODEL,
                    "qwen-72b",
                    1,
                    1,
                    true,
                    2,
                    ExperimentConfig.ReflectionDemand.CHECK_STEPS,
                    false,
                    new ExperimentConfig.CriticEndpoint(teacher.url() + "/v1", "", 2, timeout, 0));
            var interactive = new ExperimentConfig.Strategy(
                    ExperimentConfig.StrategyName.INTERACTIVE, 2, 1, 1, 0, 0.7, 0.95, 64, feedback);
            TestProbe<ProblemActor.SamplingSummary> summary = testKit.createTestProbe();
            problem.tell(new ProblemActor.RunSampling(
                    1, sampled, interactive, new ExperimentConfig.Acceptance(4, true), summary.ref()));

            ProblemActor.SamplingSummary done = summary.receiveMessage(Duration.ofSeconds(60));
            // the student echoes the question's last number (4): wrong, so the teacher is asked, then the student
            // revises
            assertThat(done.samples()).isEqualTo(4);
            assertThat(done.failed()).isZero();
            List<JsonNode> critiques = teacher.bodies();
            assertThat(critiques).isNotEmpty().allSatisfy(body -> {
                assertThat(body.path("model").asText()).isEqualTo("qwen-72b");
                assertThat(body.path("prompt").asText()).contains(QUESTION, "Reference answer: 20", "Verdict");
                assertThat(body.path("temperature").asDouble()).isZero();
            });
            // the student's endpoint also scores the reference rationale (echo), once, for the tail statistics
            List<JsonNode> bodies = student.bodies();
            assertThat(bodies)
                    .filteredOn(body -> body.path("echo").asBoolean())
                    .hasSize(1)
                    .allSatisfy(body -> assertThat(body.path("prompt").asText()).endsWith("#### 20"));
            List<JsonNode> samples = bodies.stream()
                    .filter(body -> !body.path("echo").asBoolean())
                    .toList();
            assertThat(samples).hasSize(4).allSatisfy(body -> {
                assertThat(body.path("model").asText()).isEqualTo("qwen-1.5b");
                assertThat(body.path("prompt").asText()).doesNotContain("Reference answer");
            });
        } finally {
            testKit.shutdownTestKit();
        }
    }
}
