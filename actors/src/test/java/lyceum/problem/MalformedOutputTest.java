package lyceum.problem;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import lyceum.PersistenceTestConfig;
import lyceum.engine.GenerationRequest;
import lyceum.engine.ModelRef;
import lyceum.events.ProblemEvent;
import lyceum.events.ProblemEvent.Accepted;
import lyceum.events.ProblemEvent.DecisionRule;
import lyceum.events.ProblemEvent.Rejected;
import lyceum.events.ProblemEvent.Sampled;
import lyceum.events.SampleId;
import lyceum.experiment.config.ExperimentConfig;
import lyceum.experiment.config.StrategySettings.StrategyName;
import lyceum.grading.Grader;
import lyceum.workers.GenerationPool;
import lyceum.workers.GenerationWorker;
import lyceum.workers.TestDoubleGenerator;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Huge, empty and malformed model outputs through the real generation worker and pool into a problem
 * actor on a journal that serializes every event with Lyceum's CBOR binding: each is capped, cleaned,
 * journaled and decided, and nothing crashes.
 */
class MalformedOutputTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int CAP = 1000;
    private static final String EXPERIMENT = "exp-malformed";
    private static final String PROBLEM = "p-1";

    private static ActorTestKit testKit;

    @BeforeAll
    static void start() {
        testKit = ActorTestKit.create(
                "malformed-output",
                ConfigFactory.parseString("lyceum.generation.max-output-chars = " + CAP)
                        .withFallback(PersistenceTestConfig.config()));
    }

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    /** What the engine writes for each sample index. */
    private static String output(GenerationRequest request) {
        return switch (SampleId.parse(request.requestId()).index()) {
            // correct, but megabytes of trailing blank lines: cut, so truncated
            case 0 -> "2 + 3 = 5\n#### 5" + "\n ".repeat(2_500_000);
            // correct, with NUL, control characters and unpaired surrogates
            case 1 -> "2 + 3\u0000\u0007\ud800 = 5\n#### 5\udc00";
            // nothing at all
            case 2 -> "";
            // megabytes of lone surrogates and NULs
            default -> "\ud800\u0000\udfff".repeat(2_000_000);
        };
    }

    @Test
    void hugeEmptyAndMalformedOutputsAreCappedJournaledAndDecided() {
        ActorRef<GenerationPool.Command> pool = testKit.spawn(GenerationPool.create(
                new GenerationPool.Settings(4, 2, Duration.ofMinutes(1), 3, Duration.ofMillis(50))));
        testKit.spawn(GenerationWorker.create(TestDoubleGenerator.writing(MalformedOutputTest::output), "node-gpu"));
        String persistenceId = "Problem|" + EXPERIMENT + "|" + PROBLEM;
        EventSourcedBehaviorTestKit<ProblemActor.Command, ProblemEvent, ProblemState> problem =
                EventSourcedBehaviorTestKit.create(
                        testKit.system(),
                        ProblemActor.create(
                                ProblemActor.entityId(EXPERIMENT, PROBLEM),
                                pool,
                                Grader.standard(),
                                Duration.ofMinutes(1)),
                        EventSourcedBehaviorTestKit.enabledSerializationSettings()
                                .withVerifyState(false));
        problem.<Done>runCommand(r -> new ProblemActor.Register(ApplesProblem.registered(EXPERIMENT, PROBLEM), r));
        TestProbe<ProblemActor.SamplingSummary> summary = testKit.createTestProbe();

        problem.runCommand(runSampling(summary));

        ProblemActor.SamplingSummary result = summary.receiveMessage(WAIT);
        assertThat(result.samples()).isEqualTo(4);
        List<Object> journal = problem.persistenceTestKit().persistedInStorage(persistenceId);
        List<Sampled> sampled = journal.stream()
                .filter(Sampled.class::isInstance)
                .map(Sampled.class::cast)
                .sorted(java.util.Comparator.comparingInt(Sampled::index))
                .toList();
        assertThat(sampled).hasSize(4);
        assertThat(sampled).allSatisfy(s -> {
            assertThat(s.text().length()).isLessThanOrEqualTo(CAP);
            assertThat(s.text()).doesNotContain("\u0000").doesNotContain("\ud800");
            assertThat(s.graderVersion()).isEqualTo(Grader.VERSION);
        });
        assertThat(sampled).extracting(Sampled::truncated).containsExactly(true, false, false, true);
        assertThat(sampled).extracting(Sampled::correct).containsExactly(true, true, false, false);
        assertThat(sampled.get(1).text()).isEqualTo("2 + 3\ufffd\ufffd\ufffd = 5\n#### 5\ufffd");
        assertThat(sampled.get(2).text()).isEmpty();
        assertThat(sampled.get(3).text()).hasSize(CAP);

        Rejected cut = rejectionOf(journal, sampled.get(0));
        assertThat(cut.reasons().get(0).rule()).isEqualTo(DecisionRule.TRUNCATED);
        assertThat(rejectionOf(journal, sampled.get(2)).reasons().get(0).rule()).isEqualTo(DecisionRule.INCORRECT);
        assertThat(rejectionOf(journal, sampled.get(3)).reasons().get(0).rule()).isEqualTo(DecisionRule.INCORRECT);
        assertThat(journal)
                .filteredOn(Accepted.class::isInstance)
                .map(e -> ((Accepted) e).sampleId())
                .containsExactly(sampled.get(1).sampleId());

        // the entity recovers from what it journaled and still answers
        problem.restart();
        TestProbe<ProblemActor.SamplingSummary> again = testKit.createTestProbe();
        problem.runCommand(runSampling(again));
        assertThat(again.receiveMessage(WAIT)).isEqualTo(result);
    }

    /** Four vanilla samples of iteration 1; one asked again after a restart is answered from the journal. */
    private static ProblemActor.RunSampling runSampling(TestProbe<ProblemActor.SamplingSummary> replyTo) {
        return new ProblemActor.RunSampling(
                1,
                ModelRef.local("m-1"),
                new ExperimentConfig.Strategy(
                        StrategyName.VANILLA, 4, 1, 0, 0, 0.7, 0.95, 64, ExperimentConfig.Feedback.defaults()),
                new ExperimentConfig.Acceptance(4, true),
                replyTo.ref());
    }

    private static Rejected rejectionOf(List<Object> journal, Sampled s) {
        return journal.stream()
                .filter(Rejected.class::isInstance)
                .map(Rejected.class::cast)
                .filter(r -> r.sampleId().equals(s.sampleId()))
                .findFirst()
                .orElseThrow();
    }
}
