package lyceum.workers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import lyceum.engine.Generation;
import lyceum.engine.GenerationRequest;
import lyceum.engine.ModelRef;
import lyceum.engine.SamplingParams;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GenerationPoolTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    /** Each test gets its own system, so no worker registered by one test is seen by another. */
    private ActorTestKit testKit;

    @BeforeEach
    void start() {
        testKit = ActorTestKit.create("generation-pool");
    }

    @AfterEach
    void stop() {
        testKit.shutdownTestKit();
    }

    private ActorRef<GenerationPool.Command> spawnPool(
            int batchSize, int batchesPerWorker, int maxAttempts, long backoffMillis) {
        return testKit.spawn(GenerationPool.create(new GenerationPool.Settings(
                batchSize, batchesPerWorker, Duration.ofMinutes(1), maxAttempts, Duration.ofMillis(backoffMillis))));
    }

    /** Requests r0 to r{n-1}, in order. */
    private static void askFor(
            ActorRef<GenerationPool.Command> pool, int n, TestProbe<GenerationPool.Reply> requester) {
        for (int i = 0; i < n; i++) {
            pool.tell(generate("r" + i, requester.ref()));
        }
    }

    private static GenerationPool.Generate generate(String id, ActorRef<GenerationPool.Reply> replyTo) {
        return new GenerationPool.Generate(
                ModelRef.local("m-1"),
                new GenerationRequest(id, "prompt of " + id, new SamplingParams(0.7, 0.95, 32, 1)),
                replyTo);
    }

    private TestProbe<GenerationWorker.Command> registeredWorkerProbe() {
        TestProbe<GenerationWorker.Command> worker = testKit.createTestProbe();
        testKit.system().receptionist().tell(Receptionist.register(GenerationWorker.KEY, worker.ref()));
        return worker;
    }

    /** {@code n} registered worker probes, once the pool sees them all. */
    private List<TestProbe<GenerationWorker.Command>> workersOf(ActorRef<GenerationPool.Command> pool, int n) {
        List<TestProbe<GenerationWorker.Command>> workers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            workers.add(registeredWorkerProbe());
        }
        awaitStats(pool, s -> s.workers() == n);
        return workers;
    }

    private GenerationPool.Stats awaitStats(
            ActorRef<GenerationPool.Command> pool, Predicate<GenerationPool.Stats> condition) {
        TestProbe<GenerationPool.Stats> stats = testKit.createTestProbe();
        return stats.awaitAssert(WAIT, () -> {
            pool.tell(new GenerationPool.GetStats(stats.ref()));
            GenerationPool.Stats s = stats.receiveMessage();
            assertThat(condition).accepts(s);
            return s;
        });
    }

    private static GenerationWorker.BatchGenerated answered(GenerationWorker.GenerateBatch batch, String node) {
        List<Generation> generations = batch.requests().stream()
                .map(r -> new Generation(r.requestId(), "#### 1", 2, -0.1, false, 5))
                .toList();
        return new GenerationWorker.BatchGenerated(batch.batchId(), node, generations, 1_000);
    }

    private static Set<String> requestIds(List<GenerationPool.Reply> replies) {
        Set<String> ids = new HashSet<>();
        for (GenerationPool.Reply reply : replies) {
            assertThat(reply).isInstanceOf(GenerationPool.Generated.class);
            assertThat(ids.add(((GenerationPool.Generated) reply).generation().requestId()))
                    .isTrue();
        }
        return ids;
    }

    /** A pool of batches of up to 3, 2 per worker, asked for r0 to r7 before any worker is there. */
    private ActorRef<GenerationPool.Command> eightQueued(TestProbe<GenerationPool.Reply> requester) {
        ActorRef<GenerationPool.Command> pool = spawnPool(3, 2, 3, 50);
        askFor(pool, 8, requester);
        awaitStats(pool, s -> s.queued() == 8);
        return pool;
    }

    private record Asked(
            ActorRef<GenerationPool.Command> pool,
            TestProbe<GenerationWorker.Command> worker,
            TestProbe<GenerationPool.Reply> requester) {

        /** The next batch the pool hands the worker. */
        GenerationWorker.GenerateBatch nextBatch() {
            return GenerationPoolTest.nextBatch(worker);
        }
    }

    /** A pool with one worker probe, asked for {@code requestId}. */
    private Asked askedWithOneWorker(int batchSize, int perWorker, int attempts, long backoffMillis, String requestId) {
        ActorRef<GenerationPool.Command> pool = spawnPool(batchSize, perWorker, attempts, backoffMillis);
        TestProbe<GenerationWorker.Command> worker = workersOf(pool, 1).get(0);
        TestProbe<GenerationPool.Reply> requester = testKit.createTestProbe();
        pool.tell(generate(requestId, requester.ref()));
        return new Asked(pool, worker, requester);
    }

    private static GenerationWorker.GenerateBatch nextBatch(TestProbe<GenerationWorker.Command> worker) {
        return (GenerationWorker.GenerateBatch) worker.receiveMessage(WAIT);
    }

    private static void fail(GenerationWorker.GenerateBatch batch, String error, boolean permanent) {
        batch.replyTo().tell(new GenerationWorker.BatchFailed(batch.batchId(), "node-a", error, permanent));
    }

    @Test
    void queuedRequestsAreBatchedUpToTheBatchSize() {
        TestProbe<GenerationPool.Reply> requester = testKit.createTestProbe();
        eightQueued(requester);

        TestProbe<GenerationWorker.Command> worker = registeredWorkerProbe();

        var first = nextBatch(worker);
        var second = nextBatch(worker);
        assertThat(first.requests()).extracting(GenerationRequest::requestId).containsExactly("r0", "r1", "r2");
        assertThat(second.requests()).extracting(GenerationRequest::requestId).containsExactly("r3", "r4", "r5");
        assertThat(first.model()).isEqualTo(ModelRef.local("m-1"));
    }

    @Test
    void aWorkerNeverHoldsMoreThanItsBatchesAndTheRestWaitsInThePool() {
        TestProbe<GenerationPool.Reply> requester = testKit.createTestProbe();
        ActorRef<GenerationPool.Command> pool = eightQueued(requester);
        TestProbe<GenerationWorker.Command> worker = registeredWorkerProbe();
        var first = nextBatch(worker);
        var second = nextBatch(worker);

        worker.expectNoMessage(Duration.ofMillis(300));
        assertThat(awaitStats(pool, s -> true)).satisfies(s -> {
            assertThat(s.inFlightBatches()).isEqualTo(2);
            assertThat(s.queued()).isEqualTo(2);
        });

        first.replyTo().tell(answered(first, "node-a"));
        var third = nextBatch(worker);
        assertThat(third.requests()).extracting(GenerationRequest::requestId).containsExactly("r6", "r7");
        second.replyTo().tell(answered(second, "node-a"));
        third.replyTo().tell(answered(third, "node-a"));

        assertThat(requestIds(requester.receiveSeveralMessages(8, WAIT)))
                .containsExactlyInAnyOrder("r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7");
        requester.expectNoMessage(Duration.ofMillis(200));
        assertThat(awaitStats(pool, s -> true).completedRequests()).isEqualTo(8);
    }

    @Test
    void loadIsSpreadAndCappedAcrossWorkers() {
        ActorRef<GenerationPool.Command> pool = spawnPool(2, 2, 3, 50);
        List<TestProbe<GenerationWorker.Command>> workers = workersOf(pool, 2);
        TestProbe<GenerationWorker.Command> a = workers.get(0);
        TestProbe<GenerationWorker.Command> b = workers.get(1);
        TestProbe<GenerationPool.Reply> requester = testKit.createTestProbe();

        askFor(pool, 20, requester);

        assertThat(a.receiveSeveralMessages(2, WAIT)).hasSize(2);
        assertThat(b.receiveSeveralMessages(2, WAIT)).hasSize(2);
        a.expectNoMessage(Duration.ofMillis(300));
        b.expectNoMessage(Duration.ofMillis(10));
        assertThat(awaitStats(pool, s -> true).inFlightBatches()).isEqualTo(4);
    }

    @Test
    void theBatchesOfAWorkerThatStopsGoToAnotherAndEveryRequesterGetsOneAnswer() {
        ActorRef<GenerationPool.Command> pool = spawnPool(2, 2, 3, 50);
        TestProbe<GenerationWorker.Command> dying = workersOf(pool, 1).get(0);
        List<TestProbe<GenerationPool.Reply>> requesters = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            TestProbe<GenerationPool.Reply> requester = testKit.createTestProbe();
            requesters.add(requester);
            pool.tell(generate("r" + i, requester.ref()));
        }
        dying.receiveSeveralMessages(2, WAIT); // holds r0 and r1, never answers
        awaitStats(pool, s -> s.queued() == 2);

        testKit.spawn(GenerationWorker.create(TestDoubleGenerator.answering(), "node-b"));
        awaitStats(pool, s -> s.workers() == 2);
        dying.stop();

        for (int i = 0; i < 4; i++) {
            GenerationPool.Reply reply = requesters.get(i).receiveMessage(WAIT);
            assertThat(reply).isInstanceOfSatisfying(GenerationPool.Generated.class, g -> {
                assertThat(g.workerNode()).isEqualTo("node-b");
            });
        }
        for (TestProbe<GenerationPool.Reply> requester : requesters) {
            requester.expectNoMessage(Duration.ofMillis(100));
        }
        assertThat(awaitStats(pool, s -> true)).satisfies(s -> {
            assertThat(s.workers()).isEqualTo(1);
            assertThat(s.completedRequests()).isEqualTo(4);
        });
    }

    @Test
    void aFailedBatchIsRetriedAndAnswersGenerationFailedAfterMaxAttempts() {
        Asked asked = askedWithOneWorker(4, 2, 3, 20, "r0");
        for (int attempt = 1; attempt <= 3; attempt++) {
            var batch = asked.nextBatch();
            assertThat(batch.requests())
                    .extracting(GenerationRequest::requestId)
                    .containsExactly("r0");
            fail(batch, "out of memory " + attempt, false);
        }

        GenerationPool.Reply reply = asked.requester().receiveMessage(WAIT);
        assertThat(reply).isEqualTo(new GenerationPool.GenerationFailed("r0", "out of memory 3", false));
        asked.worker().expectNoMessage(Duration.ofMillis(300));
    }

    @Test
    void aBatchThatFailsOnceIsAnsweredByItsRetry() {
        Asked asked = askedWithOneWorker(4, 2, 3, 20, "r0");
        fail(asked.nextBatch(), "transient", false);
        var retry = asked.nextBatch();
        retry.replyTo().tell(answered(retry, "node-a"));

        assertThat(asked.requester().receiveMessage(WAIT)).isInstanceOf(GenerationPool.Generated.class);
        asked.requester().expectNoMessage(Duration.ofMillis(200));
    }

    @Test
    void aRequestWaitingOutALongBackoffIsNotForgottenWhenAShorterOneEndsFirst() {
        Asked asked = askedWithOneWorker(4, 4, 6, 100, "slow");
        for (int attempt = 1; attempt <= 3; attempt++) { // backoffs 100, 200, then 400 ms
            fail(asked.nextBatch(), "busy", false);
        }
        asked.pool().tell(generate("fast", asked.requester().ref()));
        var fast = asked.nextBatch();
        assertThat(fast.requests()).extracting(GenerationRequest::requestId).containsExactly("fast");
        fail(fast, "busy", false); // backoff 100 ms

        var fastRetry = asked.nextBatch();
        assertThat(fastRetry.requests())
                .extracting(GenerationRequest::requestId)
                .containsExactly("fast");
        var slowRetry = (GenerationWorker.GenerateBatch) asked.worker().receiveMessage(Duration.ofSeconds(2));
        assertThat(slowRetry.requests())
                .extracting(GenerationRequest::requestId)
                .containsExactly("slow");
    }

    @Test
    void aPermanentFailureIsAnsweredAtOnceForEveryRequestOfTheBatchWithoutARetry() {
        ActorRef<GenerationPool.Command> pool = spawnPool(4, 2, 5, 20);
        TestProbe<GenerationPool.Reply> requester = testKit.createTestProbe();
        pool.tell(generate("r0", requester.ref()));
        pool.tell(generate("r1", requester.ref()));
        awaitStats(pool, s -> s.queued() == 2);

        TestProbe<GenerationWorker.Command> worker = registeredWorkerProbe();
        var batch = nextBatch(worker);
        assertThat(batch.requests()).hasSize(2);
        fail(batch, "unknown model m-1", true);

        assertThat(requester.receiveSeveralMessages(2, WAIT))
                .containsExactlyInAnyOrder(
                        new GenerationPool.GenerationFailed("r0", "unknown model m-1", true),
                        new GenerationPool.GenerationFailed("r1", "unknown model m-1", true));
        worker.expectNoMessage(Duration.ofMillis(300));
        requester.expectNoMessage(Duration.ofMillis(10));
    }

    @Test
    void aRequestAskedAgainWhileQueuedOrRunningIsNotQueuedTwiceAndEveryAskerIsAnsweredOnce() {
        ActorRef<GenerationPool.Command> pool = spawnPool(4, 2, 3, 20);
        TestProbe<GenerationPool.Reply> first = testKit.createTestProbe();
        TestProbe<GenerationPool.Reply> second = testKit.createTestProbe();
        pool.tell(generate("r0", first.ref()));
        pool.tell(generate("r0", second.ref()));
        pool.tell(generate("r0", first.ref()));
        awaitStats(pool, s -> s.queued() == 1);

        TestProbe<GenerationWorker.Command> worker = registeredWorkerProbe();
        var batch = nextBatch(worker);
        assertThat(batch.requests()).extracting(GenerationRequest::requestId).containsExactly("r0");
        pool.tell(generate("r0", second.ref())); // in flight now
        worker.expectNoMessage(Duration.ofMillis(200));
        batch.replyTo().tell(answered(batch, "node-a"));

        assertThat(first.receiveMessage(WAIT)).isInstanceOf(GenerationPool.Generated.class);
        assertThat(second.receiveMessage(WAIT)).isInstanceOf(GenerationPool.Generated.class);
        first.expectNoMessage(Duration.ofMillis(200));
        second.expectNoMessage(Duration.ofMillis(10));
        assertThat(awaitStats(pool, s -> true).completedRequests()).isEqualTo(1);
    }

    /** A pool whose batches time out after 200 ms, with one worker probe, asked for r0. */
    private Asked askedWithATimeoutOf200Millis(Duration backoff) {
        TestProbe<GenerationWorker.Command> worker = registeredWorkerProbe();
        TestProbe<GenerationPool.Reply> requester = testKit.createTestProbe();
        ActorRef<GenerationPool.Command> pool = testKit.spawn(
                GenerationPool.create(new GenerationPool.Settings(4, 2, Duration.ofMillis(200), 3, backoff)));
        awaitStats(pool, s -> s.workers() == 1);
        pool.tell(generate("r0", requester.ref()));
        return new Asked(pool, worker, requester);
    }

    @Test
    void aTimedOutBatchsLateAnswerIsUsedOnceAndTheRetrysAnswerDropped() {
        Asked asked = askedWithATimeoutOf200Millis(Duration.ofMillis(10));
        var slow = asked.nextBatch();
        var retry = asked.nextBatch(); // after the timeout
        assertThat(retry.requests()).extracting(GenerationRequest::requestId).containsExactly("r0");
        slow.replyTo().tell(answered(slow, "node-slow"));
        retry.replyTo().tell(answered(retry, "node-a"));

        assertThat(asked.requester().receiveMessage(WAIT))
                .isInstanceOfSatisfying(
                        GenerationPool.Generated.class,
                        g -> assertThat(g.workerNode()).isEqualTo("node-slow"));
        asked.requester().expectNoMessage(Duration.ofMillis(300));
        assertThat(awaitStats(asked.pool(), s -> true)).satisfies(s -> {
            assertThat(s.completedRequests()).isEqualTo(1);
            assertThat(s.inFlightBatches()).isZero();
            assertThat(s.queued()).isZero();
        });
    }

    @Test
    void aLateAnswerWhileTheRetryWaitsForItsBackoffAnswersOnceAndTheRetryIsNotSent() {
        Asked asked = askedWithATimeoutOf200Millis(Duration.ofSeconds(30));
        var slow = asked.nextBatch();
        awaitStats(asked.pool(), s -> s.queued() == 1 && s.inFlightBatches() == 0); // timed out, waiting 30 s
        slow.replyTo().tell(answered(slow, "node-slow"));

        assertThat(asked.requester().receiveMessage(WAIT)).isInstanceOf(GenerationPool.Generated.class);
        assertThat(awaitStats(asked.pool(), s -> true).queued()).isZero();
        asked.pool().tell(generate("r1", asked.requester().ref()));
        var next = asked.nextBatch();
        assertThat(next.requests()).extracting(GenerationRequest::requestId).containsExactly("r1");
        asked.requester().expectNoMessage(Duration.ofMillis(200));
    }

    @Test
    void aWorkerWhoseGeneratorRefusesTheModelEndsTheRequestAfterOneBatch() {
        ActorRef<GenerationPool.Command> pool = spawnPool(4, 2, 5, 20);
        TestDoubleGenerator refusing = TestDoubleGenerator.refusing("model 'm-1' does not exist");
        testKit.spawn(GenerationWorker.create(refusing, "node-r"));
        awaitStats(pool, s -> s.workers() == 1);
        TestProbe<GenerationPool.Reply> requester = testKit.createTestProbe();

        pool.tell(generate("r0", requester.ref()));

        assertThat(requester.receiveMessage(WAIT))
                .isEqualTo(new GenerationPool.GenerationFailed("r0", "model 'm-1' does not exist", true));
        requester.expectNoMessage(Duration.ofMillis(300));
        assertThat(refusing.batches()).isEqualTo(1);
    }
}
