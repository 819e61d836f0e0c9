package lyceum.benchmarks;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import java.util.function.IntUnaryOperator;
import java.util.function.Supplier;
import lyceum.engine.ModelRef;
import lyceum.events.ProblemEvent.ProblemRegistered;
import lyceum.problem.ProblemActor;
import org.apache.pekko.Done;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * Sends commands to problem entities through Cluster Sharding, as the experiment coordinator does,
 * with a bounded number awaiting their reply so that a million of them never sit in mailboxes at once.
 * As the coordinator does too, a command unanswered within its timeout is sent again, a bounded number
 * of times: a problem whose journal write failed restarts from its journal and has forgotten who asked.
 */
final class ProblemDriver {

    // the experiment defaults' runtime.generation-timeout and runtime.max-attempts
    private static final Duration REGISTER_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration SAMPLING_TIMEOUT = Duration.ofMinutes(2);
    private static final int MAX_ATTEMPTS = 5;

    /** What one phase took, from the first command sent to the last reply received; commands sent again. */
    record Phase(int problems, long nanos, long samples, long repeats) {
        double seconds() {
            return nanos / 1e9;
        }
    }

    private final ClusterSharding sharding;
    private final Progress progress;

    ProblemDriver(ClusterSharding sharding, Progress progress) {
        this.sharding = sharding;
        this.progress = progress;
    }

    static String entityId(String experimentId, int index) {
        return ProblemActor.entityId(experimentId, SyntheticProblems.problemId(index));
    }

    /** The journal's persistence id of a problem: "Problem|experiment|problem". */
    static String persistenceId(String experimentId, int index) {
        return ProblemActor.ENTITY_KEY.name() + "|" + entityId(experimentId, index);
    }

    Phase register(String experimentId, int problems, int inFlight) {
        return drive(
                problems,
                inFlight,
                n -> n,
                i -> sharding.entityRefFor(ProblemActor.ENTITY_KEY, entityId(experimentId, i))
                        .<Done>ask(
                                r -> new ProblemActor.Register(SyntheticProblems.problem(experimentId, i), r),
                                REGISTER_TIMEOUT)
                        .thenApply(done -> 0L));
    }

    /** Iteration 1 of plain sampling, {@code samples} per problem; the phase counts the samples journaled. */
    Phase sample(String experimentId, int problems, int samples, int inFlight) {
        return sample(experimentId, 0, problems, samples, inFlight);
    }

    /** As {@link #sample(String, int, int, int)}, for the problems {@code first} to {@code first + problems - 1}. */
    Phase sample(String experimentId, int first, int problems, int samples, int inFlight) {
        return runSampling(experimentId, problems, samples, inFlight, n -> first + n, i -> null);
    }

    /**
     * Iteration 1 of plain sampling to problems not registered yet, each command carrying its problem's
     * registration as the coordinator sends it: the problem journals it, then samples.
     */
    Phase registerWithFirstSample(String experimentId, int problems, int samples, int inFlight) {
        return runSampling(
                experimentId, problems, samples, inFlight, n -> n, i -> SyntheticProblems.problem(experimentId, i));
    }

    /**
     * Iteration 1 of plain sampling, {@code samples} per problem, to problems {@code index(0)} ..
     * {@code index(problems - 1)}, each command carrying {@code registration(i)} (null: none).
     */
    private Phase runSampling(
            String experimentId,
            int problems,
            int samples,
            int inFlight,
            IntUnaryOperator index,
            IntFunction<ProblemRegistered> registration) {
        return drive(
                problems,
                inFlight,
                index,
                i -> sharding.entityRefFor(ProblemActor.ENTITY_KEY, entityId(experimentId, i))
                        .<ProblemActor.SamplingSummary>ask(
                                r -> new ProblemActor.RunSampling(
                                        1,
                                        ModelRef.local(SyntheticProblems.MODEL_VERSION),
                                        SyntheticProblems.vanilla(samples),
                                        SyntheticProblems.acceptance(),
                                        r,
                                        null,
                                        null,
                                        registration.apply(i)),
                                SAMPLING_TIMEOUT)
                        .thenApply(summary -> (long) summary.samples()));
    }

    /** Sends {@code command} to problems {@code index(0)} .. {@code index(problems - 1)}. */
    private Phase drive(
            int problems, int inFlight, IntUnaryOperator index, IntFunction<CompletionStage<Long>> command) {
        Semaphore window = new Semaphore(inFlight);
        // a line every twentieth of a large phase, so that a million problems show how far they are
        int reportEvery = Math.max(10_000, problems / 20);
        AtomicLong answered = new AtomicLong();
        AtomicLong lastReply = new AtomicLong();
        AtomicLong samples = new AtomicLong();
        AtomicLong repeats = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long start = System.nanoTime();
        for (int i = 0; i < problems && failure.get() == null; i++) {
            window.acquireUninterruptibly();
            int problem = index.applyAsInt(i);
            withRepeats(() -> command.apply(problem), MAX_ATTEMPTS, repeats).whenComplete((count, error) -> {
                if (error != null) {
                    failure.compareAndSet(null, error);
                } else {
                    samples.addAndGet(count);
                    long now = lastReply.accumulateAndGet(System.nanoTime(), Math::max);
                    long done = answered.incrementAndGet();
                    if (done % reportEvery == 0 && done < problems) {
                        double seconds = (now - start) / 1e9;
                        progress.say("%d of %d answered in %.0f s (%.0f/s)", done, problems, seconds, done / seconds);
                    }
                }
                window.release();
            });
        }
        window.acquireUninterruptibly(inFlight);
        if (failure.get() != null) {
            throw new IllegalStateException("a problem did not answer: " + failure.get(), failure.get());
        }
        return new Phase(problems, lastReply.get() - start, samples.get(), repeats.get());
    }

    private static CompletionStage<Long> withRepeats(
            Supplier<CompletionStage<Long>> command, int attemptsLeft, AtomicLong repeats) {
        return command.get()
                .handle((count, error) -> {
                    if (error == null) {
                        return CompletableFuture.completedFuture(count);
                    }
                    if (attemptsLeft <= 1 || !(unwrap(error) instanceof TimeoutException)) {
                        return CompletableFuture.<Long>failedFuture(error);
                    }
                    repeats.incrementAndGet();
                    return withRepeats(command, attemptsLeft - 1, repeats);
                })
                .thenCompose(next -> next);
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}
