package lyceum.projections;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import lyceum.events.EventTags;
import lyceum.events.ExperimentEvent;
import lyceum.events.IterationCounts;
import lyceum.events.LyceumSerializable;
import lyceum.events.ProblemEvent;
import lyceum.events.ProblemEvent.Accepted;
import lyceum.events.ProblemEvent.Corrected;
import lyceum.events.ProblemEvent.CorrectionKind;
import lyceum.events.ProblemEvent.DecisionReason;
import lyceum.events.ProblemEvent.DecisionRule;
import lyceum.events.ProblemEvent.Evaluated;
import lyceum.events.ProblemEvent.EvaluationSampled;
import lyceum.events.ProblemEvent.HintKind;
import lyceum.events.ProblemEvent.Hinted;
import lyceum.events.ProblemEvent.ProblemRegistered;
import lyceum.events.ProblemEvent.Rejected;
import lyceum.events.ProblemEvent.Resampled;
import lyceum.events.ProblemEvent.Sampled;
import lyceum.events.ProblemEvent.StepVerdict;
import lyceum.events.SampleId;

/**
 * The journal of a small guided self-improvement experiment, made up deterministically from a seed in
 * the order the actors would journal it: registrations; iteration 0 trains and evaluates; each later
 * iteration samples every training problem (K plain samples, then a hinted resample round below
 * min_correct), critiques some wrong samples, decides acceptance, trains and evaluates greedily on
 * held-out (test) and held-in (some training) problems, and with N sampled answers per problem when
 * asked.
 */
public final class ExperimentScript {

    /** One journaled event with the persistence id and tag its entity gives it. */
    public record Journaled(String persistenceId, String tag, LyceumSerializable event) {}

    public static final int SAMPLES_PER_ROUND = 4;
    public static final int RESAMPLED = 2;
    public static final int MIN_CORRECT = 2;
    public static final int QUOTA = 3;

    private final String experimentId;
    private final Random random;
    private final int evaluationSamples;
    private final List<Journaled> journal = new ArrayList<>();
    private final List<ProblemRegistered> train = new ArrayList<>();
    private final List<ProblemRegistered> test = new ArrayList<>();

    private ExperimentScript(String experimentId, long seed, int evaluationSamples) {
        this.experimentId = experimentId;
        this.random = new Random(seed);
        this.evaluationSamples = evaluationSamples;
    }

    public static ExperimentScript generate(
            String experimentId, long seed, int trainCount, int testCount, int heldIn, int iterations) {
        return generate(experimentId, seed, trainCount, testCount, heldIn, iterations, 0);
    }

    /** As above, with {@code evaluationSamples} sampled answers per evaluated problem besides the greedy one. */
    public static ExperimentScript generate(
            String experimentId,
            long seed,
            int trainCount,
            int testCount,
            int heldIn,
            int iterations,
            int evaluationSamples) {
        ExperimentScript s = new ExperimentScript(experimentId, seed, evaluationSamples);
        s.experiment(new ExperimentEvent.ExperimentStarted(
                experimentId, "script", "{}", "hash-" + seed, "test", 1_760_000_000_000L));
        for (int i = 0; i < trainCount; i++) {
            s.train.add(s.register("train-" + i, "train", i));
        }
        for (int i = 0; i < testCount; i++) {
            s.test.add(s.register("test-" + i, "test", i + 1));
        }
        s.experiment(
                new ExperimentEvent.ProblemsRegistered(experimentId, Map.of("train", trainCount, "test", testCount)));
        s.experiment(new ExperimentEvent.IterationStarted(experimentId, 0, null));
        for (int t = 0; t <= iterations; t++) {
            if (t > 0) {
                s.sampleIteration(t);
            }
            s.experiment(new ExperimentEvent.TrainingStarted(
                    experimentId, t, "data/it-" + t + ".jsonl", "ds-" + t, 10 + t, t == 0 ? "base" : "m" + (t - 1)));
            s.experiment(new ExperimentEvent.ModelTrained(
                    experimentId, t, "m" + t, "ckpt/m" + t, "node-a", Map.of("loss", 1.0 / (t + 1))));
            s.evaluate(t, heldIn);
            s.experiment(new ExperimentEvent.IterationCompleted(experimentId, t));
            s.experiment(
                    t < iterations
                            ? new ExperimentEvent.IterationStarted(experimentId, t + 1, "m" + t)
                            : new ExperimentEvent.ExperimentFinished(experimentId, "m" + t));
        }
        return s;
    }

    public String experimentId() {
        return experimentId;
    }

    public List<Journaled> journal() {
        return journal;
    }

    public List<LyceumSerializable> events() {
        return journal.stream().map(Journaled::event).toList();
    }

    /** Problems registered in the training split. */
    public int trainingProblems() {
        return train.size();
    }

    public long count(Class<?> eventType, int iteration) {
        return journal.stream()
                .map(Journaled::event)
                .filter(eventType::isInstance)
                .filter(e -> iterationOf(e) == iteration)
                .count();
    }

    public static String persistenceId(String experimentId, String problemId) {
        return "Problem|" + experimentId + "|" + problemId;
    }

    private ProblemRegistered register(String problemId, String split, int i) {
        int bucket = 1 + i % 4;
        int a = 3 + random.nextInt(20);
        int b = 2 + random.nextInt(15);
        StringBuilder rationale = new StringBuilder();
        int value = a;
        for (int step = 0; step < bucket; step++) {
            rationale.append(String.format(Locale.ROOT, "Step %d: %d + %d = %d. ", step + 1, value, b, value + b));
            value += b;
        }
        rationale.append("The answer is ").append(value).append('.');
        ProblemRegistered registered = new ProblemRegistered(
                experimentId,
                problemId,
                "Start at " + a + " and add " + b + " " + bucket + " times.",
                Integer.toString(value),
                rationale.toString(),
                bucket + random.nextDouble(),
                bucket,
                split,
                "synthetic",
                "generator",
                i);
        problem(problemId, registered);
        return registered;
    }

    private void sampleIteration(int t) {
        long samples = 0;
        long correct = 0;
        long accepted = 0;
        for (ProblemRegistered p : train) {
            List<Sampled> drawn = new ArrayList<>();
            double chance = Math.min(0.95, 0.9 - 0.2 * p.difficultyBucket() + 0.1 * t);
            for (int i = 0; i < SAMPLES_PER_ROUND; i++) {
                drawn.add(sample(p, t, 0, i, null, random.nextDouble() < chance));
            }
            drawn.forEach(s -> problem(p.problemId(), s));
            long right = drawn.stream().filter(Sampled::correct).count();
            if (right < MIN_CORRECT) {
                String why = right + " of " + SAMPLES_PER_ROUND + " correct, below min_correct " + MIN_CORRECT;
                problem(p.problemId(), new Resampled(experimentId, p.problemId(), t, 1, why, 0));
                String hintId = "hint-" + t + "-1";
                problem(
                        p.problemId(),
                        new Hinted(
                                experimentId,
                                p.problemId(),
                                t,
                                1,
                                hintId,
                                HintKind.ANSWER,
                                p.referenceAnswer(),
                                why,
                                null,
                                null));
                for (int i = 0; i < RESAMPLED; i++) {
                    Sampled s = sample(p, t, 1, i, hintId, random.nextDouble() < chance + 0.3);
                    drawn.add(s);
                    problem(p.problemId(), s);
                }
            }
            Sampled firstWrong =
                    drawn.stream().filter(s -> !s.correct()).findFirst().orElse(null);
            if (firstWrong != null && random.nextInt(3) == 0) {
                boolean repaired = random.nextBoolean();
                problem(
                        p.problemId(),
                        new Corrected(
                                experimentId,
                                p.problemId(),
                                t,
                                firstWrong.sampleId(),
                                CorrectionKind.CRITIQUE,
                                "Step 1 is right. Step 2 adds the wrong number.",
                                true,
                                List.of(new StepVerdict(1, true, "right"), new StepVerdict(2, false, "wrong addend")),
                                false,
                                "critic-1",
                                firstWrong.sampleId() + "~refined",
                                "refined rationale",
                                repaired ? p.referenceAnswer() : "0",
                                repaired,
                                false));
            }
            int kept = 0;
            for (Sampled s : drawn) {
                if (s.correct() && kept < QUOTA) {
                    kept++;
                    problem(
                            p.problemId(),
                            new Accepted(
                                    experimentId,
                                    p.problemId(),
                                    s.sampleId(),
                                    t,
                                    List.of(new DecisionReason(
                                            DecisionRule.CORRECT_UNDER_QUOTA, kept + " of " + QUOTA)),
                                    "policy-1",
                                    s.hintId() != null,
                                    p.question(),
                                    s.text()));
                } else {
                    DecisionRule rule = s.correct() ? DecisionRule.QUOTA_FULL : DecisionRule.INCORRECT;
                    problem(
                            p.problemId(),
                            new Rejected(
                                    experimentId,
                                    p.problemId(),
                                    s.sampleId(),
                                    t,
                                    List.of(new DecisionReason(rule, "")),
                                    "policy-1"));
                }
            }
            samples += drawn.size();
            correct += drawn.stream().filter(Sampled::correct).count();
            accepted += kept;
        }
        experiment(new ExperimentEvent.SamplingFinished(
                experimentId,
                t,
                asJournaledBefore(Map.of(
                        "problems",
                        (long) train.size(),
                        "samples",
                        samples,
                        "correct",
                        correct,
                        "accepted",
                        accepted))));
    }

    /**
     * Counters in the string-keyed form experiments journaled before {@link IterationCounts}, read as an
     * old journal is read: the projections must handle those journals alike.
     */
    private static IterationCounts asJournaledBefore(Map<String, Long> counters) {
        return IterationCounts.fromStringKeyed(counters);
    }

    private Sampled sample(ProblemRegistered p, int t, int round, int index, String hintId, boolean right) {
        int answer = Integer.parseInt(p.referenceAnswer());
        int given = right ? answer : answer + 1 + random.nextInt(7);
        String[] openers = {"First", "So", "Then", "We see", "Now"};
        String text = String.format(
                Locale.ROOT,
                "%s we add step by step and get %d. The answer is %d.",
                openers[random.nextInt(openers.length)],
                given - random.nextInt(3),
                given);
        boolean noAnswer = !right && random.nextInt(6) == 0;
        String id = new SampleId(experimentId, p.problemId(), t, round, index).value();
        double meanLogProb = random.nextInt(10) == 0 ? Double.NaN : -0.2 - random.nextDouble();
        return SampledFixture.sample(experimentId, p.problemId(), id)
                .at(t, round, index)
                .strategy("answer-driven", hintId)
                .model("m" + (t - 1), "node-a")
                .params(0.7, 0.95, 256, SampleId.seedOf(id), "prompt-" + p.problemId())
                .text(noAnswer ? "I cannot tell." : text, 12 + random.nextInt(30), meanLogProb)
                .graded(noAnswer ? null : Integer.toString(given), "grader-1", right)
                .latency(40 + random.nextInt(60))
                .build();
    }

    private void evaluate(int t, int heldIn) {
        Map<String, Long> counters = new TreeMap<>();
        for (ProblemRegistered p : test) {
            evaluation(p, t, "held-out", counters);
        }
        for (ProblemRegistered p : train.subList(0, Math.min(heldIn, train.size()))) {
            evaluation(p, t, "held-in", counters);
        }
        Map<String, Double> accuracy = new TreeMap<>();
        for (String split : List.of("held-out", "held-in")) {
            long total = counters.getOrDefault(split + ".total", 0L);
            if (total > 0) {
                accuracy.put(split, counters.getOrDefault(split + ".correct", 0L) / (double) total);
            }
        }
        experiment(new ExperimentEvent.Evaluated(experimentId, t, "m" + t, accuracy, asJournaledBefore(counters)));
    }

    private void evaluation(ProblemRegistered p, int t, String split, Map<String, Long> counters) {
        boolean right = random.nextDouble() < 0.45 + 0.15 * t - 0.08 * p.difficultyBucket();
        problem(
                p.problemId(),
                new Evaluated(
                        experimentId,
                        p.problemId(),
                        t,
                        split,
                        "greedy",
                        "m" + t,
                        "The answer is 7.",
                        "7",
                        "grader-1",
                        right,
                        9,
                        -0.4));
        counters.merge(split + ".total", 1L, Long::sum);
        counters.merge(split + ".correct", right ? 1L : 0L, Long::sum);
        if (evaluationSamples == 0) {
            return;
        }
        int answer = Integer.parseInt(p.referenceAnswer());
        int correct = 0;
        for (int i = 0; i < evaluationSamples; i++) {
            boolean sampleRight = random.nextDouble() < 0.3 + 0.1 * t;
            // wrong answers come from a few values, so wrong majorities happen
            String given = sampleRight
                    ? Integer.toString(answer)
                    : random.nextInt(5) == 0 ? null : Integer.toString(answer + 1 + random.nextInt(2));
            String id = "eval~" + experimentId + "~" + p.problemId() + "~" + t + "~" + split + "~" + i;
            double meanLogProb = random.nextInt(12) == 0 ? Double.NaN : -0.1 - random.nextInt(8) / 10.0;
            problem(
                    p.problemId(),
                    new EvaluationSampled(
                            experimentId,
                            p.problemId(),
                            id,
                            t,
                            split,
                            i,
                            "m" + t,
                            "node-a",
                            0.7,
                            0.95,
                            128,
                            SampleId.seedOf(id),
                            given == null ? "I am not sure." : "The answer is " + given + ".",
                            8,
                            meanLogProb,
                            false,
                            given,
                            "grader-1",
                            sampleRight,
                            30));
            correct += sampleRight ? 1 : 0;
        }
        counters.merge(split + ".samples", (long) evaluationSamples, Long::sum);
        counters.merge(split + ".samples.correct", (long) correct, Long::sum);
        counters.merge(split + ".samples.oracle", correct > 0 ? 1L : 0L, Long::sum);
    }

    private void problem(String problemId, ProblemEvent event) {
        journal.add(new Journaled(
                persistenceId(experimentId, problemId), EventTags.problemTag(experimentId, problemId), event));
    }

    private void experiment(ExperimentEvent event) {
        journal.add(new Journaled("Experiment|" + experimentId, EventTags.EXPERIMENT, event));
    }

    private static int iterationOf(Object e) {
        if (e instanceof Sampled s) {
            return s.iteration();
        } else if (e instanceof Accepted a) {
            return a.iteration();
        } else if (e instanceof Rejected r) {
            return r.iteration();
        } else if (e instanceof Evaluated v) {
            return v.iteration();
        } else if (e instanceof EvaluationSampled v) {
            return v.iteration();
        } else if (e instanceof Corrected c) {
            return c.iteration();
        }
        return -1;
    }
}
