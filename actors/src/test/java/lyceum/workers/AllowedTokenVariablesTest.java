package lyceum.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import lyceum.config.LyceumConfig;
import lyceum.engine.EndpointClients;
import lyceum.engine.GenerationRequest;
import lyceum.engine.ModelRef;
import lyceum.engine.OpenAiEndpoint;
import lyceum.engine.PermanentGenerationException;
import lyceum.engine.SamplingParams;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** A gpu node reads an endpoint's token only from a variable its configuration allows. */
class AllowedTokenVariablesTest {

    private static final ActorTestKit testKit = ActorTestKit.create("allowed-tokens");
    private static final List<String> DEFAULT_ALLOWED =
            LyceumConfig.load(Optional.empty()).getStringList(EndpointClients.ALLOWED_TOKEN_ENV);

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    private static OpenAiEndpoint endpoint(String tokenVariable) {
        return new OpenAiEndpoint("http://127.0.0.1:8000", "served", 2, Duration.ofSeconds(5), 0, tokenVariable);
    }

    private static List<GenerationRequest> requests() {
        return List.of(new GenerationRequest("r-0", "2 + 3?", new SamplingParams(0.7, 0.95, 16, 1)));
    }

    @Test
    void theDefaultsAllowTheUsualTokenVariablesOnly() {
        assertThat(DEFAULT_ALLOWED).containsExactly("OPENAI_API_KEY", "LYCEUM_API_KEY");
    }

    @Test
    void aWorkerRefusesAVariableOutsideTheListWithoutAskingForAClient() {
        List<OpenAiEndpoint> asked = new CopyOnWriteArrayList<>();
        TestDoubleGenerator endpointClient = TestDoubleGenerator.answering();
        EndpointClients clients = EndpointClients.allowingTokens(
                e -> {
                    asked.add(e);
                    return endpointClient;
                },
                DEFAULT_ALLOWED);
        ActorRef<GenerationWorker.Command> worker =
                testKit.spawn(GenerationWorker.create(TestDoubleGenerator.answering(), clients, "node-k"));
        TestProbe<GenerationWorker.BatchResult> pool = testKit.createTestProbe();

        worker.tell(new GenerationWorker.GenerateBatch(
                1, new ModelRef("m-1", endpoint("AWS_SECRET_ACCESS_KEY")), requests(), pool.ref()));
        assertThat(pool.receiveMessage(Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(
                        GenerationWorker.BatchFailed.class,
                        failed -> assertThat(failed.error())
                                .contains(
                                        "experiment.model.api-key-env",
                                        "AWS_SECRET_ACCESS_KEY",
                                        "OPENAI_API_KEY",
                                        "LYCEUM_API_KEY",
                                        "lyceum.endpoints.allowed-token-env"));
        assertThat(asked).isEmpty();

        worker.tell(new GenerationWorker.GenerateBatch(
                2, new ModelRef("m-1", endpoint("LYCEUM_API_KEY")), requests(), pool.ref()));
        worker.tell(new GenerationWorker.GenerateBatch(3, new ModelRef("m-1", endpoint("")), requests(), pool.ref()));
        assertThat(pool.receiveMessage(Duration.ofSeconds(10))).isInstanceOf(GenerationWorker.BatchGenerated.class);
        assertThat(pool.receiveMessage(Duration.ofSeconds(10))).isInstanceOf(GenerationWorker.BatchGenerated.class);
        assertThat(asked).containsExactlyInAnyOrder(endpoint("LYCEUM_API_KEY"), endpoint(""));
    }

    @Test
    void theRefusalIsPermanentAndANodeMayAllowItsOwnList() {
        EndpointClients clients =
                EndpointClients.allowingTokens(e -> TestDoubleGenerator.answering(), List.of("HF_TOKEN"));

        assertThatThrownBy(() -> clients.clientFor(endpoint("OPENAI_API_KEY")).generate("m-1", requests()))
                .isInstanceOf(PermanentGenerationException.class)
                .hasMessageContaining("\"OPENAI_API_KEY\"")
                .hasMessageContaining("[HF_TOKEN]");
        assertThat(EndpointClients.tokenRefusal("HF_TOKEN", List.of("HF_TOKEN")))
                .isEmpty();
        assertThat(EndpointClients.tokenRefusal("OPENAI_API_KEY", List.of()))
                .get()
                .asString()
                .contains("may name none");
    }
}
