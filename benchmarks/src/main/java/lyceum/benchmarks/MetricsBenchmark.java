package lyceum.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import lyceum.metrics.IterationMetrics;
import lyceum.metrics.IterationMetricsAccumulator;
import lyceum.metrics.MetricsVersion;
import lyceum.metrics.OriginalExample;
import lyceum.metrics.ProblemSummary;
import lyceum.metrics.SampleSummary;
import lyceum.metrics.Tokens;

/**
 * Time to compute every iteration metric from per-sample data, at 100k samples (12.5k problems x 8
 * samples of about 100-character rationales) against ten times the time at 10k: a ratio near 1 means
 * the cost grows linearly with the samples. Each size reports its best of several runs. Generating the synthetic samples is not timed; summarising
 * each problem, accumulating and producing {@link IterationMetrics} is.
 */
public final class MetricsBenchmark {

    private static final String[] NAMES = {"Ava", "Ben", "Cleo", "Dev", "Eli", "Fay", "Gus", "Ida"};
    private static final String[] ITEMS = {"apples", "marbles", "stamps", "coins", "books", "pens"};
    private static final String[] VERBS = {"buys", "finds", "gets", "receives", "wins", "collects"};
    private static final String[] LEADS = {"First", "Then", "So", "Next", "Now", "After that"};
    // best of several runs: load from other processes only ever adds time
    private static final int SMALL_RUNS = 9;
    private static final int LARGE_RUNS = 3;

    private MetricsBenchmark() {}

    /** The default run: 10k and 100k samples, 8 samples per problem, fixed seed. */
    public static BenchResult run() {
        return run(100_000, 8, 20_240_705L);
    }

    /**
     * Measures at {@code largeSamples} and a tenth of it; {@code samplesPerProblem} samples per problem
     * (the last quarter of them a hinted resample round on hard problems).
     */
    public static BenchResult run(int largeSamples, int samplesPerProblem, long seed) {
        int smallSamples = largeSamples / 10;
        List<List<SampleSummary>> small = syntheticIteration(smallSamples / samplesPerProblem, samplesPerProblem, seed);
        List<List<SampleSummary>> large =
                syntheticIteration(largeSamples / samplesPerProblem, samplesPerProblem, seed + 1);

        progress("warming up on " + smallSamples + " samples");
        for (int i = 0; i < 5; i++) {
            computeMetrics(small);
        }
        computeMetrics(large);

        double[] smallMillis = timeRepeatedly(small, "small", SMALL_RUNS);
        double[] largeMillis = timeRepeatedly(large, "large", LARGE_RUNS);
        double smallBest = Arrays.stream(smallMillis).min().orElseThrow();
        double largeBest = Arrays.stream(largeMillis).min().orElseThrow();

        Map<String, Object> details = new LinkedHashMap<>();
        details.put("metrics_version", MetricsVersion.CURRENT);
        details.put("samples_per_problem", samplesPerProblem);
        details.put("small", sizeDetails(small, smallMillis, smallBest));
        details.put("large", sizeDetails(large, largeMillis, largeBest));
        details.put("baseline_rule", "10 x best time at the small size");
        return BenchResult.of("metrics.iteration", largeBest, 10 * smallBest, "ms", details);
    }

    private static double[] timeRepeatedly(List<List<SampleSummary>> iteration, String label, int runs) {
        double[] millis = new double[runs];
        int samples = sampleCount(iteration);
        for (int r = 0; r < runs; r++) {
            long start = System.nanoTime();
            IterationMetrics metrics = computeMetrics(iteration);
            millis[r] = (System.nanoTime() - start) / 1e6;
            progress(String.format(
                    "%s: %d samples in %.1f ms (%.0f samples/s, coverage %.3f)",
                    label, samples, millis[r], samples / (millis[r] / 1000), metrics.coverage()));
        }
        return millis;
    }

    static IterationMetrics computeMetrics(List<List<SampleSummary>> iteration) {
        IterationMetricsAccumulator accumulator = new IterationMetricsAccumulator(1);
        for (List<SampleSummary> problem : iteration) {
            SampleSummary first = problem.get(0);
            accumulator.add(
                    ProblemSummary.of(first.problemId(), first.difficultyBucket(), problem, Function.identity()));
            int referenceLength = 40 + 12 * first.difficultyBucket();
            accumulator.addOriginal(
                    new OriginalExample(first.problemId(), first.difficultyBucket(), referenceLength, -0.9));
        }
        return accumulator.result();
    }

    /** Problems of difficulty 1..5, each with samples whose correctness falls with difficulty. */
    static List<List<SampleSummary>> syntheticIteration(int problems, int samplesPerProblem, long seed) {
        Random random = new Random(seed);
        List<List<SampleSummary>> iteration = new ArrayList<>(problems);
        int resampleFrom = samplesPerProblem - samplesPerProblem / 4;
        for (int p = 0; p < problems; p++) {
            String problemId = "synthetic-" + p;
            int difficulty = 1 + random.nextInt(5);
            int a = 2 + random.nextInt(40 * difficulty);
            int b = 2 + random.nextInt(30 * difficulty);
            int c = 1 + random.nextInt(a + b - 1);
            int answer = a + b - c;
            List<SampleSummary> samples = new ArrayList<>(samplesPerProblem);
            for (int i = 0; i < samplesPerProblem; i++) {
                boolean resampled = difficulty >= 4 && i >= resampleFrom;
                boolean correct = random.nextDouble() < (resampled ? 0.6 : 1.0 - difficulty * 0.17);
                int given = correct ? answer : answer + 1 + random.nextInt(9);
                String text = rationale(random, a, b, c, given);
                int tokens = Tokens.words(text).size();
                samples.add(new SampleSummary(
                        problemId,
                        difficulty,
                        resampled ? 1 : 0,
                        resampled ? i - resampleFrom : i,
                        correct,
                        correct && random.nextDouble() < 0.9,
                        Integer.toString(given),
                        text,
                        tokens,
                        -0.2 - random.nextDouble() * difficulty * 0.3,
                        resampled,
                        null));
            }
            iteration.add(samples);
        }
        return iteration;
    }

    private static String rationale(Random random, int a, int b, int c, int answer) {
        String name = NAMES[random.nextInt(NAMES.length)];
        String item = ITEMS[random.nextInt(ITEMS.length)];
        String first = random.nextBoolean() ? a + " + " + b : b + " + " + a;
        return String.format(
                "%s %s has %d %s and %s %d more, so %s = %d. %s gives %d away: %d - %d = %d." + " The answer is %d.",
                LEADS[random.nextInt(LEADS.length)],
                name,
                a,
                item,
                VERBS[random.nextInt(VERBS.length)],
                b,
                first,
                a + b,
                name,
                c,
                a + b,
                c,
                answer,
                answer);
    }

    private static Map<String, Object> sizeDetails(List<List<SampleSummary>> iteration, double[] millis, double best) {
        int samples = sampleCount(iteration);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("problems", iteration.size());
        row.put("samples", samples);
        row.put("best_ms", best);
        row.put("runs_ms", Arrays.stream(millis).boxed().toList());
        row.put("samples_per_second", samples / (best / 1000));
        return row;
    }

    private static int sampleCount(List<List<SampleSummary>> iteration) {
        return iteration.stream().mapToInt(List::size).sum();
    }

    private static void progress(String line) {
        System.err.println("[metrics-bench] " + line);
    }
}
