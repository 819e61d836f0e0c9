package lyceum.workers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import lyceum.engine.EndpointClients;
import lyceum.engine.Generation;
import lyceum.engine.GenerationRequest;
import lyceum.engine.Generator;
import lyceum.engine.ModelRef;
import lyceum.engine.OpenAiEndpoint;
import lyceum.engine.SamplingParams;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GenerationWorkerTest {

    private static ActorTestKit testKit;

    @BeforeAll
    static void start() {
        testKit = ActorTestKit.create("generation-worker");
    }

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    private static List<GenerationRequest> requests(String prefix, int n) {
        return IntStream.range(0, n)
                .mapToObj(i -> new GenerationRequest(
                        prefix + i, "prompt " + "x".repeat(i), new SamplingParams(0.7, 0.95, 32, i)))
                .toList();
    }

    @Test
    void runsEachBatchOnItsGeneratorOneAtATimeAndAnswersBatchGenerated() {
        TestDoubleGenerator generator = TestDoubleGenerator.answering();
        ActorRef<GenerationWorker.Command> worker = testKit.spawn(GenerationWorker.create(generator, "node-a"));
        TestProbe<GenerationWorker.BatchResult> pool = testKit.createTestProbe();
        List<GenerationRequest> first = requests("a-", 3);
        List<GenerationRequest> second = requests("b-", 2);

        worker.tell(new GenerationWorker.GenerateBatch(1, ModelRef.local("m-1"), first, pool.ref()));
        worker.tell(new GenerationWorker.GenerateBatch(2, ModelRef.local("m-2"), second, pool.ref()));

        var one = (GenerationWorker.BatchGenerated) pool.receiveMessage(Duration.ofSeconds(5));
        var two = (GenerationWorker.BatchGenerated) pool.receiveMessage(Duration.ofSeconds(5));
        assertThat(one.batchId()).isEqualTo(1);
        assertThat(one.workerNode()).isEqualTo("node-a");
        assertThat(one.generations()).extracting(Generation::requestId).containsExactly("a-0", "a-1", "a-2");
        assertThat(one.generations().get(2).text()).isEqualTo(TestDoubleGenerator.answerFor(first.get(2)));
        assertThat(one.busyNanos()).isPositive();
        assertThat(two.batchId()).isEqualTo(2);
        assertThat(two.generations()).extracting(Generation::requestId).containsExactly("b-0", "b-1");
        assertThat(generator.modelVersions()).containsExactly("m-1", "m-2");
        assertThat(generator.mostBatchesAtOnce()).isEqualTo(1);
    }

    @Test
    void aBatchForAnEndpointGoesToThatEndpointsClientWithoutWaitingForTheDevice() throws Exception {
        java.util.concurrent.CountDownLatch deviceHeld = new java.util.concurrent.CountDownLatch(1);
        TestDoubleGenerator answers = TestDoubleGenerator.answering();
        // A test double of a device busy until released.
        Generator busyDevice = new Generator() {
            @Override
            public List<Generation> generate(String modelVersion, List<GenerationRequest> batch) throws Exception {
                deviceHeld.await();
                return answers.generate(modelVersion, batch);
            }

            @Override
            public int preferredBatchSize() {
                return 4;
            }

            @Override
            public String device() {
                return "busy";
            }
        };
        TestDoubleGenerator endpointClient = TestDoubleGenerator.answering();
        OpenAiEndpoint endpoint =
                new OpenAiEndpoint("http://127.0.0.1:8000", "served-name", 2, Duration.ofSeconds(5), 0, "");
        List<OpenAiEndpoint> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        EndpointClients clients = e -> {
            asked.add(e);
            return endpointClient;
        };
        ActorRef<GenerationWorker.Command> worker =
                testKit.spawn(GenerationWorker.create(busyDevice, clients, "node-d"));
        TestProbe<GenerationWorker.BatchResult> pool = testKit.createTestProbe();

        worker.tell(new GenerationWorker.GenerateBatch(1, ModelRef.local("m-1"), requests("d-", 2), pool.ref()));
        worker.tell(
                new GenerationWorker.GenerateBatch(2, new ModelRef("m-1", endpoint), requests("e-", 2), pool.ref()));

        var remote = (GenerationWorker.BatchGenerated) pool.receiveMessage(Duration.ofSeconds(5));
        assertThat(remote.batchId())
                .as("the endpoint's batch does not wait for the busy device")
                .isEqualTo(2);
        assertThat(remote.generations()).extracting(Generation::requestId).containsExactly("e-0", "e-1");
        assertThat(asked).containsExactly(endpoint);
        assertThat(endpointClient.modelVersions()).containsExactly("served-name");
        deviceHeld.countDown();
        assertThat(pool.receiveMessage(Duration.ofSeconds(5)).batchId()).isEqualTo(1);
        assertThat(answers.modelVersions()).containsExactly("m-1");
    }

    @Test
    void aBatchForAnEndpointThisNodeCannotCallFails() {
        OpenAiEndpoint endpoint = new OpenAiEndpoint("http://127.0.0.1:8000", "", 2, Duration.ofSeconds(5), 0, "");

        assertThat(oneBatch(TestDoubleGenerator.answering(), "node-e", 4, new ModelRef("m-1", endpoint), 1))
                .isInstanceOfSatisfying(
                        GenerationWorker.BatchFailed.class,
                        failed -> assertThat(failed.error()).contains("no client for OpenAI-compatible endpoints"));
    }

    @Test
    void aGeneratorErrorIsAnsweredAsBatchFailed() {
        GenerationWorker.BatchResult result =
                oneBatch(TestDoubleGenerator.failing("device lost"), "node-b", 7, ModelRef.local("m-1"), 2);
        assertThat(result).isInstanceOfSatisfying(GenerationWorker.BatchFailed.class, failed -> {
            assertThat(failed.batchId()).isEqualTo(7);
            assertThat(failed.workerNode()).isEqualTo("node-b");
            assertThat(failed.error()).contains("device lost");
            assertThat(failed.permanent()).isFalse();
        });
    }

    @Test
    void aPermanentGeneratorErrorIsAnsweredAsPermanentWithTheServersMessage() {
        assertThat(oneBatch(
                        TestDoubleGenerator.refusing("model 'm-9' does not exist"),
                        "node-b",
                        8,
                        ModelRef.local("m-9"),
                        2))
                .isInstanceOfSatisfying(GenerationWorker.BatchFailed.class, failed -> {
                    assertThat(failed.permanent()).isTrue();
                    assertThat(failed.error()).isEqualTo("model 'm-9' does not exist");
                });
    }

    /** What a new worker with this generator answers to one batch of {@code n} requests. */
    private GenerationWorker.BatchResult oneBatch(
            Generator generator, String node, int batchId, ModelRef model, int n) {
        ActorRef<GenerationWorker.Command> worker = testKit.spawn(GenerationWorker.create(generator, node));
        TestProbe<GenerationWorker.BatchResult> pool = testKit.createTestProbe();
        worker.tell(new GenerationWorker.GenerateBatch(batchId, model, requests("r-", n), pool.ref()));
        return pool.receiveMessage(Duration.ofSeconds(5));
    }

    @Test
    void registersItselfWithTheReceptionist() {
        ActorRef<GenerationWorker.Command> worker =
                testKit.spawn(GenerationWorker.create(TestDoubleGenerator.answering(), "node-c"));

        ReceptionistListing.awaitListed(testKit, GenerationWorker.KEY, worker);
    }
}
