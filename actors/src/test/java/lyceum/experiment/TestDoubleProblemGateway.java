package lyceum.experiment;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;
import java.util.stream.IntStream;
import lyceum.engine.ModelRef;
import lyceum.engine.TrainingExample;
import lyceum.events.ProblemEvent.ProblemRegistered;
import lyceum.experiment.config.ExperimentConfig;
import lyceum.problem.ProblemActor;

/**
 * Problems that answer at once and always the same way, as problem actors answer repeated work from
 * their journal: train problem n has (n + iteration) % 4 correct samples out of sample-num, accepts up
 * to {@code quota} of them and gives those as its training data, and evaluation is correct for even n
 * (greedily) and for n % 3 of the sampled answers. Counts every call. While {@link #hold}
 * holds, matching sampling calls wait until {@link #release}; sampling calls matching {@link #fail} fail
 * as a timed-out ask does, and those matching {@link #failPermanently} answer with that permanent failure.
 */
final class TestDoubleProblemGateway implements ProblemGateway {

    private final Map<String, Integer> calls = new ConcurrentHashMap<>();
    private final Map<String, ProblemRegistered> registrations = new ConcurrentHashMap<>();
    private final List<Runnable> held = new ArrayList<>();
    private volatile BiPredicate<Integer, Integer> hold = (iteration, n) -> false;
    private volatile BiPredicate<Integer, Integer> fail = (iteration, n) -> false;
    private volatile BiPredicate<Integer, Integer> failPermanently = (iteration, n) -> false;
    private volatile String permanentFailure;
    private volatile int failedRequests;
    private final int quota;

    TestDoubleProblemGateway(int quota) {
        this.quota = quota;
    }

    static int correct(int n, int iteration) {
        return (n + iteration) % 4;
    }

    int accepted(int n, int iteration) {
        return Math.min(correct(n, iteration), quota);
    }

    /** Sampling of train problem n in iteration t waits while {@code (t, n)} matches. */
    void hold(BiPredicate<Integer, Integer> iterationAndProblem) {
        this.hold = iterationAndProblem;
    }

    /** Sampling of train problem n in iteration t fails while {@code (t, n)} matches. */
    void fail(BiPredicate<Integer, Integer> iterationAndProblem) {
        this.fail = iterationAndProblem;
    }

    /** Sampling of train problem n in iteration t answers with {@code reason} as a permanent failure. */
    void failPermanently(BiPredicate<Integer, Integer> iterationAndProblem, String reason) {
        this.permanentFailure = reason;
        this.failPermanently = iterationAndProblem;
    }

    /** Every sampling summary reports this many failed requests. */
    void reportFailedRequests(int failed) {
        this.failedRequests = failed;
    }

    /** Stops holding and answers every held call. */
    void release() {
        hold = (iteration, n) -> false;
        List<Runnable> answers;
        synchronized (held) {
            answers = List.copyOf(held);
            held.clear();
        }
        answers.forEach(Runnable::run);
    }

    int heldCalls() {
        synchronized (held) {
            return held.size();
        }
    }

    int calls(String kind, String problemId, int iteration) {
        return calls.getOrDefault(kind + ":" + problemId + ":" + iteration, 0);
    }

    int totalCalls(String kind) {
        return calls.entrySet().stream()
                .filter(e -> e.getKey().startsWith(kind + ":"))
                .mapToInt(Map.Entry::getValue)
                .sum();
    }

    /** The registration each problem's first sampling or evaluation call carried, by problem id. */
    Map<String, ProblemRegistered> registrations() {
        return Map.copyOf(registrations);
    }

    private void count(String kind, ProblemRegistered problem, int iteration) {
        registrations.putIfAbsent(problem.problemId(), problem);
        count(kind, problem.problemId(), iteration);
    }

    private void count(String kind, String problemId, int iteration) {
        calls.merge(kind + ":" + problemId + ":" + iteration, 1, Integer::sum);
    }

    private <T> CompletionStage<T> answer(boolean wait, T value) {
        if (!wait) {
            return CompletableFuture.completedFuture(value);
        }
        CompletableFuture<T> later = new CompletableFuture<>();
        synchronized (held) {
            held.add(() -> later.complete(value));
        }
        return later;
    }

    @Override
    public CompletionStage<ProblemActor.SamplingSummary> runSampling(
            ProblemRegistered problem, int iteration, ModelRef model, ExperimentConfig config, Duration timeout) {
        String problemId = problem.problemId();
        count("sample", problem, iteration);
        int n = TestDoubleCatalog.number(problemId);
        int correct = correct(n, iteration);
        if (fail.test(iteration, n)) {
            return CompletableFuture.failedFuture(
                    new java.util.concurrent.TimeoutException("no answer from " + problemId));
        }
        ProblemActor.SamplingSummary summary = new ProblemActor.SamplingSummary(
                problemId,
                iteration,
                n % 3,
                config.strategy().sampleNum(),
                correct,
                correct,
                1,
                accepted(n, iteration),
                failedRequests,
                failPermanently.test(iteration, n) ? permanentFailure : null);
        return answer(hold.test(iteration, n), summary);
    }

    @Override
    public CompletionStage<ProblemActor.EvaluationSummary> evaluate(
            ProblemRegistered problem,
            int iteration,
            String split,
            ModelRef model,
            ExperimentConfig config,
            Duration timeout) {
        ExperimentConfig.Evaluation evaluation = config.evaluation();
        String problemId = problem.problemId();
        count("evaluate", problem, iteration);
        int n = TestDoubleCatalog.number(problemId);
        boolean correct = evaluation.greedy() && n % 2 == 0;
        int samples = evaluation.samples();
        return CompletableFuture.completedFuture(new ProblemActor.EvaluationSummary(
                problemId, iteration, split, correct, samples, Math.min(n % 3, samples), false, false, false, 0, null));
    }

    @Override
    public CompletionStage<ProblemActor.TrainingData> collect(
            ProblemRegistered problem,
            int iteration,
            ExperimentConfig.Training training,
            ExperimentConfig.PromptTemplates prompts,
            Duration timeout) {
        String problemId = problem.problemId();
        count("collect", problem, iteration);
        int n = TestDoubleCatalog.number(problemId);
        List<TrainingExample> examples = iteration == 0
                ? List.of(new TrainingExample("reference~" + problemId, "What is " + n + " + 1?\n", "#### " + (n + 1)))
                : IntStream.range(0, accepted(n, iteration))
                        .mapToObj(i -> new TrainingExample(
                                problemId + "~" + iteration + "~" + i, "What is " + n + " + 1?\n", "#### " + (n + 1)))
                        .toList();
        return CompletableFuture.completedFuture(new ProblemActor.TrainingData(problemId, examples));
    }
}
