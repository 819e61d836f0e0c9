package lyceum.problem;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import lyceum.PersistenceTestConfig;
import lyceum.engine.Generation;
import lyceum.engine.ModelRef;
import lyceum.experiment.config.ExperimentConfig;
import lyceum.experiment.config.StrategySettings.StrategyName;
import lyceum.grading.Grader;
import lyceum.workers.GenerationPool;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.ShardRegion.CurrentShardRegionState;
import org.apache.pekko.cluster.sharding.typed.GetShardRegionState;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Problems passivated by the sharding's active-entity limit while they await generations, as in an
 * experiment with more problems in flight than the limit: each finishes its work before it stops.
 */
class ProblemPassivationTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int LIMIT = 2;
    private static final int PROBLEMS = 6;

    private ActorTestKit testKit;
    private ClusterSharding sharding;
    /** The answers of each request the generation pool received, as it received them. */
    private TestProbe<ActorRef<GenerationPool.Reply>> asked;
    /** Requests held unanswered until {@link #answerAll}; null from then on, when each is answered at once. */
    private List<GenerationPool.Generate> held = new ArrayList<>();

    @BeforeEach
    void start() {
        testKit = ActorTestKit.create(
                "problem-passivation",
                ConfigFactory.parseString("pekko.actor.provider = cluster\n"
                                + "pekko.remote.artery.canonical.hostname = 127.0.0.1\n"
                                + "pekko.remote.artery.canonical.port = 0\n"
                                + "pekko.cluster.jmx.multi-mbeans-in-same-jvm = on\n"
                                + "pekko.cluster.sharding.passivation.strategy = default-strategy\n"
                                + "pekko.cluster.sharding.passivation.default-strategy.active-entity-limit = "
                                + LIMIT + "\n")
                        .withFallback(PersistenceTestConfig.config()));
        Cluster cluster = Cluster.get(testKit.system());
        cluster.manager().tell(Join.create(cluster.selfMember().address()));
        asked = testKit.createTestProbe();
        ActorRef<GenerationPool.Command> pool = testKit.spawn(Behaviors.receiveMessage(command -> {
            GenerationPool.Generate g = (GenerationPool.Generate) command;
            synchronized (this) {
                if (held == null) {
                    answer(g);
                } else {
                    held.add(g);
                    asked.ref().tell(g.replyTo());
                }
            }
            return Behaviors.same();
        }));
        sharding = ClusterSharding.get(testKit.system());
        // one shard, so the limit applies to all the problems at once
        sharding.init(new ProblemSharding(1, Duration.ofMinutes(1))
                .entity(pool, Grading.of(testKit.system(), Grader.standard())));
    }

    @AfterEach
    void stop() {
        testKit.shutdownTestKit();
    }

    @Test
    void aProblemPassivatedWhileItAwaitsGenerationsAnswersAndStopsOnceTheyAreJournaled() {
        TestProbe<ProblemActor.SamplingSummary> summaries = testKit.createTestProbe();
        for (int p = 0; p < PROBLEMS; p++) {
            sharding.entityRefFor(ProblemActor.ENTITY_KEY, ProblemActor.entityId("exp-1", "p-" + p))
                    .tell(new ProblemActor.RunSampling(
                            1,
                            ModelRef.local("m-1"),
                            new ExperimentConfig.Strategy(
                                    StrategyName.VANILLA,
                                    1,
                                    1,
                                    0,
                                    0,
                                    0.7,
                                    0.95,
                                    64,
                                    ExperimentConfig.Feedback.defaults()),
                            new ExperimentConfig.Acceptance(4, true),
                            summaries.ref(),
                            null,
                            7L,
                            ApplesProblem.registered("exp-1", "p-" + p)));
        }
        // Every problem has asked for its work before any is answered, so the limit has passivated
        // some of them while they wait.
        Set<Object> asking = new HashSet<>(); // each problem's answers come back through its own adapter
        while (asking.size() < PROBLEMS) {
            asking.add(asked.receiveMessage(WAIT));
        }

        answerAll();
        Set<String> answered = new HashSet<>();
        for (int i = 0; i < PROBLEMS; i++) {
            ProblemActor.SamplingSummary summary = summaries.receiveMessage(WAIT);
            assertThat(summary.samples()).isEqualTo(1);
            answered.add(summary.problemId());
        }
        assertThat(answered).hasSize(PROBLEMS);
        // the problems asked to stop stop once they are done (the shard lists them until then)
        summaries.awaitAssert(WAIT, () -> assertThat(activeEntities()).isLessThanOrEqualTo(LIMIT));
    }

    /** Answers the held requests, and every later one as it comes (the samples each problem asks for). */
    private synchronized void answerAll() {
        held.forEach(ProblemPassivationTest::answer);
        held = null;
    }

    private static void answer(GenerationPool.Generate request) {
        String text = request.request().scores() ? request.request().scoreText() : "2 + 3 = 5\n#### 5";
        request.replyTo()
                .tell(new GenerationPool.Generated(
                        new Generation(request.request().requestId(), text, 12, -0.4, false, 30), "node-gpu"));
    }

    private int activeEntities() {
        TestProbe<CurrentShardRegionState> state = testKit.createTestProbe();
        sharding.shardState().tell(new GetShardRegionState(ProblemActor.ENTITY_KEY, state.ref()));
        return state.receiveMessage(WAIT).getShards().stream()
                .mapToInt(s -> s.getEntityIds().size())
                .sum();
    }
}
