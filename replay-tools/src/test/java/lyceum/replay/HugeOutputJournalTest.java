package lyceum.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import lyceum.engine.Generation;
import lyceum.engine.GenerationRequest;
import lyceum.engine.Generator;
import lyceum.engine.ModelRef;
import lyceum.events.ProblemEvent;
import lyceum.events.ProblemEvent.DecisionRule;
import lyceum.events.ProblemEvent.ProblemRegistered;
import lyceum.events.ProblemEvent.Rejected;
import lyceum.events.ProblemEvent.Sampled;
import lyceum.experiment.config.ExperimentConfig;
import lyceum.experiment.config.StrategySettings.StrategyName;
import lyceum.grading.Grader;
import lyceum.problem.ProblemActor;
import lyceum.projections.SharedCassandra;
import lyceum.workers.GenerationPool;
import lyceum.workers.GenerationWorker;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Megabyte model outputs through the real worker into a problem actor on the real Cassandra journal:
 * every sample is cut to the default cap, journaled in one write per batch, read back whole and
 * rejected as truncated.
 */
class HugeOutputJournalTest {

    private static final int SAMPLES = 16;
    private static final String EXPERIMENT = "huge-output";
    private static final String PROBLEM = "p-1";
    /** Three UTF-8 bytes a character: the most a capped text can weigh per character. */
    private static final String HUGE = "2 + 3 = 5\n#### 5\n" + "\u4e2d".repeat(3_000_000);

    private static ActorTestKit kit;
    private static JournalReader reader;

    /** A generation engine that writes megabytes for every request. */
    private static final class TestDoubleHugeGenerator implements Generator {
        @Override
        public List<Generation> generate(String modelVersion, List<GenerationRequest> batch) {
            List<Generation> out = new ArrayList<>();
            for (GenerationRequest r : batch) {
                out.add(new Generation(r.requestId(), HUGE, HUGE.length(), -0.1, false, 5));
            }
            return out;
        }

        @Override
        public int preferredBatchSize() {
            return SAMPLES;
        }

        @Override
        public String device() {
            return "test-double";
        }
    }

    @BeforeAll
    static void start() {
        SharedCassandra cassandra = SharedCassandra.get();
        kit = ActorTestKit.create("Lyceum", JournalReader.local(cassandra.nodeConfig(Map.of())));
        reader = JournalReader.open(cassandra.nodeConfig(Map.of()));
    }

    @AfterAll
    static void stop() {
        reader.close();
        kit.shutdownTestKit();
    }

    @Test
    void cappedHugeOutputsAreJournaledAndReadBack() {
        int cap = kit.system().settings().config().getInt("lyceum.generation.max-output-chars");
        ActorRef<GenerationPool.Command> pool = kit.spawn(GenerationPool.create(
                new GenerationPool.Settings(SAMPLES, 2, Duration.ofMinutes(1), 3, Duration.ofMillis(100))));
        kit.spawn(GenerationWorker.create(new TestDoubleHugeGenerator(), "node-gpu"));
        ActorRef<ProblemActor.Command> problem = kit.spawn(ProblemActor.create(
                ProblemActor.entityId(EXPERIMENT, PROBLEM), pool, Grader.standard(), Duration.ofMinutes(1)));
        TestProbe<Done> registered = kit.createTestProbe();
        problem.tell(new ProblemActor.Register(
                new ProblemRegistered(
                        EXPERIMENT,
                        PROBLEM,
                        "Ann has 2 apples and buys 3 more. How many?",
                        "5",
                        "2 + 3 = 5\n#### 5",
                        1.0,
                        1,
                        "train",
                        "synthetic",
                        "synthetic:1",
                        1),
                registered.ref()));
        registered.receiveMessage(Duration.ofSeconds(30));
        TestProbe<ProblemActor.SamplingSummary> summary = kit.createTestProbe();

        problem.tell(new ProblemActor.RunSampling(
                1,
                ModelRef.local("m-1"),
                new ExperimentConfig.Strategy(
                        StrategyName.VANILLA, SAMPLES, 1, 0, 0, 0.7, 0.95, 64, ExperimentConfig.Feedback.defaults()),
                new ExperimentConfig.Acceptance(4, true),
                summary.ref()));

        ProblemActor.SamplingSummary result = summary.receiveMessage(Duration.ofSeconds(60));
        assertThat(result.samples()).isEqualTo(SAMPLES);
        assertThat(result.accepted()).isZero();
        List<ProblemEvent> journal = reader.problemEventList(EXPERIMENT, PROBLEM);
        List<Sampled> sampled = journal.stream()
                .filter(Sampled.class::isInstance)
                .map(Sampled.class::cast)
                .toList();
        assertThat(sampled).hasSize(SAMPLES).allSatisfy(s -> {
            assertThat(s.text()).hasSize(cap).isEqualTo(HUGE.substring(0, cap));
            assertThat(s.truncated()).isTrue();
            assertThat(s.correct()).isTrue();
        });
        assertThat(journal)
                .filteredOn(Rejected.class::isInstance)
                .hasSize(SAMPLES)
                .allSatisfy(
                        e -> assertThat(((Rejected) e).reasons().get(0).rule()).isEqualTo(DecisionRule.TRUNCATED));
    }
}
