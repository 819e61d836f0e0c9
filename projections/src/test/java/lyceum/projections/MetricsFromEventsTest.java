package lyceum.projections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import lyceum.events.ExperimentEvent.IterationStarted;
import lyceum.events.LyceumSerializable;
import lyceum.events.ProblemEvent.Accepted;
import lyceum.events.ProblemEvent.DecisionReason;
import lyceum.events.ProblemEvent.DecisionRule;
import lyceum.events.ProblemEvent.Evaluated;
import lyceum.events.ProblemEvent.EvaluationRefined;
import lyceum.events.ProblemEvent.EvaluationSampled;
import lyceum.events.ProblemEvent.ProblemRegistered;
import lyceum.events.ProblemEvent.ReferenceScored;
import lyceum.events.ProblemEvent.Rejected;
import lyceum.events.ProblemEvent.Sampled;
import lyceum.events.SampleId;
import lyceum.metrics.GreedyResult;
import lyceum.metrics.ImprovementBaseline;
import lyceum.metrics.IterationMetrics;
import lyceum.metrics.IterationMetricsAccumulator;
import lyceum.metrics.OriginalExample;
import lyceum.metrics.ProblemSummary;
import lyceum.metrics.SampleSummary;
import lyceum.metrics.Tokens;
import lyceum.metrics.journal.IterationReadout;
import lyceum.metrics.journal.MetricsFromEvents;
import lyceum.projections.metrics.IterationMetricsJson;
import org.junit.jupiter.api.Test;

class MetricsFromEventsTest {

    static final String EXP = "exp-a";

    static ProblemRegistered registered(String id, String split, int bucket, String rationale) {
        return new ProblemRegistered(EXP, id, "q " + id, "5", rationale, bucket, bucket, split, "d", "s", 1);
    }

    static Sampled sampled(String problem, int t, int round, int index, boolean correct, String answer, String text) {
        String id = new SampleId(EXP, problem, t, round, index).value();
        return SampledFixture.sample(EXP, problem, id)
                .at(t, round, index)
                .strategy("answer-driven", round > 0 ? "hint-1" : null)
                .model("m0", "node")
                .text(text, 5, -Math.log(2))
                .graded(answer, "g1", correct)
                .latency(10)
                .build();
    }

    /** The samples, then each one's decision: accepted when it is correct. */
    static void addDecided(List<LyceumSerializable> events, List<Sampled> samples) {
        events.addAll(samples);
        samples.forEach(s -> events.add(decide(s, s.correct())));
    }

    static LyceumSerializable decide(Sampled s, boolean accept) {
        return accept
                ? new Accepted(
                        EXP,
                        s.problemId(),
                        s.sampleId(),
                        s.iteration(),
                        List.of(new DecisionReason(DecisionRule.CORRECT_UNDER_QUOTA, "")),
                        "p1",
                        s.hintId() != null,
                        "q",
                        s.text())
                : new Rejected(
                        EXP,
                        s.problemId(),
                        s.sampleId(),
                        s.iteration(),
                        List.of(new DecisionReason(DecisionRule.INCORRECT, "")),
                        "p1");
    }

    static Evaluated greedy(String problem, int t, String split, boolean correct) {
        return new Evaluated(EXP, problem, t, split, "greedy", "m" + t, "a", "5", "g1", correct, 3, -0.1);
    }

    /** P1 (bucket 1): 2 of 4 right, both kept. P2 (bucket 3): 0 of 4, then a hinted right one, kept. */
    static List<LyceumSerializable> iterationOne() {
        List<LyceumSerializable> events = new ArrayList<>();
        events.add(registered("p1", "train", 1, "2 + 3 = 5. The answer is 5."));
        events.add(registered("p2", "train", 3, "1 + 1 = 2. 2 + 3 = 5. The answer is 5."));
        events.add(registered("t1", "test", 2, "5"));
        events.add(new IterationStarted(EXP, 1, "m0"));
        List<Sampled> p1 = List.of(
                sampled("p1", 1, 0, 0, true, "5", "2 + 3 = 5 so 5"),
                sampled("p1", 1, 0, 1, false, "6", "guess six"),
                sampled("p1", 1, 0, 2, true, " 5", "2 + 3 = 5 and so 5"),
                sampled("p1", 1, 0, 3, false, "6", "maybe 6"));
        List<Sampled> p2 = List.of(
                sampled("p2", 1, 0, 0, false, "1", "one"),
                sampled("p2", 1, 0, 1, false, "2", "two"),
                sampled("p2", 1, 0, 2, false, "2", "two again"),
                sampled("p2", 1, 0, 3, false, null, "no idea"),
                sampled("p2", 1, 1, 0, true, "5", "1 + 1 = 2 and 2 + 3 = 5"));
        addDecided(events, p1);
        addDecided(events, p2);
        events.add(greedy("t1", 1, "held-out", true));
        events.add(greedy("p1", 1, "held-in", false));
        return events;
    }

    @Test
    void figuresOfAHandMadeIterationAreThoseOfTheMetricMaths() {
        IterationMetrics m = MetricsFromEvents.compute(EXP, iterationOne()).get(0);

        assertThat(m.iteration()).isEqualTo(1);
        assertThat(m.problems()).isEqualTo(2);
        assertThat(m.samples()).isEqualTo(9);
        assertThat(m.accepted()).isEqualTo(3);
        assertThat(m.acceptedHintDerived()).isEqualTo(1);
        assertThat(m.coverage()).isEqualTo(0.5);
        assertThat(m.coverageAfterResample()).isEqualTo(1.0);
        assertThat(m.passAtK().get(1)).isCloseTo(0.25, within(1e-12));
        // p1 votes 5, 6, 5 (stripped), 6 over k=4: tie goes to the first, 5, which is right.
        assertThat(m.majAtK()).containsEntry(4, 0.5);
        assertThat(m.greedyAccuracy()).containsOnly(entry("held-in", 0.0), entry("held-out", 1.0));
        // t1 is registered in bucket 2, p1 in bucket 1
        assertThat(m.greedyAccuracyByBucket()).isEqualTo(Map.of("held-out", Map.of(2, 1.0), "held-in", Map.of(1, 0.0)));
        assertThat(m.hardestBucket()).isEqualTo(3);
        assertThat(m.hardestBucketCoverage()).isEqualTo(1.0);
        assertThat(m.bucketShareAccepted()).containsOnly(entry(1, 2.0 / 3), entry(3, 1.0 / 3));
        assertThat(m.bucketShareOriginal()).containsOnly(entry(1, 0.5), entry(3, 0.5));
        assertThat(m.length().originalCount()).isEqualTo(2);
        assertThat(m.length().original().p50()).isEqualTo((9 + 14) / 2.0);
        assertThat(m.perplexity().acceptedCount()).isEqualTo(3);
        assertThat(m.perplexity().accepted().p50()).isCloseTo(2.0, within(1e-12));
        assertThat(m.perplexity().originalCount()).isZero();
        assertThat(m.improvementSetSize()).isZero();

        assertThat(m).isEqualTo(directly(iterationOne()));
    }

    @Test
    void referenceScoresOfTheIterationAreTheOriginalSideOfThePerplexityComparison() {
        List<LyceumSerializable> events = new ArrayList<>(iterationOne());
        // p1 scored under iteration 1's model; p2's score failed; an iteration-2 score must not count in 1.
        events.add(new ReferenceScored(EXP, "p1", 1, "m0", "h", 28, -Math.log(3), null));
        events.add(new ReferenceScored(EXP, "p2", 1, "m0", "h", 0, null, "request timed out"));
        events.add(new ReferenceScored(EXP, "p2", 2, "m1", "h", 39, -Math.log(5), null));

        List<IterationMetrics> all = MetricsFromEvents.compute(EXP, events);
        IterationMetrics m = all.get(0);

        assertThat(m.perplexity().originalCount()).isEqualTo(1);
        assertThat(m.perplexity().original().p50()).isCloseTo(3.0, within(1e-12));
        assertThat(m.perplexity().accepted().p50()).isCloseTo(2.0, within(1e-12));
        assertThat(m.perplexity().wasserstein1()).isCloseTo(1.0, within(1e-12));
        assertThat(m.length().originalCount())
                .as("every reference still counts for length")
                .isEqualTo(2);
        assertThat(all.get(1).iteration()).isEqualTo(2);
        assertThat(all.get(1).perplexity().original().p50()).isCloseTo(5.0, within(1e-12));
    }

    @Test
    void aJournalFromBeforeReferenceScoresReadsWithoutAnOriginalPerplexity() {
        IterationMetrics m = MetricsFromEvents.compute(EXP, iterationOne()).get(0);

        assertThat(m.perplexity().originalCount()).isZero();
        assertThat(m.perplexity().original()).isNull();
        assertThat(m.perplexity().wasserstein1()).isNull();
        assertThat(m.perplexity().accepted()).isNotNull();
    }

    /** The same iteration fed straight to the accumulator, as the metric maths' own tests do. */
    private static IterationMetrics directly(List<LyceumSerializable> events) {
        Map<String, List<SampleSummary>> byProblem = new LinkedHashMap<>();
        Map<String, Boolean> accepted = new LinkedHashMap<>();
        Map<String, Integer> buckets = Map.of("p1", 1, "p2", 3);
        for (LyceumSerializable e : events) {
            if (e instanceof Accepted a) {
                accepted.put(a.sampleId(), true);
            }
        }
        for (LyceumSerializable e : events) {
            if (e instanceof Sampled s) {
                byProblem
                        .computeIfAbsent(s.problemId(), p -> new ArrayList<>())
                        .add(new SampleSummary(
                                s.problemId(),
                                buckets.get(s.problemId()),
                                s.round(),
                                s.index(),
                                s.correct(),
                                accepted.containsKey(s.sampleId()),
                                s.extractedAnswer(),
                                s.text(),
                                Tokens.words(s.text()).size(),
                                s.meanLogProb(),
                                s.hintId() != null,
                                null));
            }
        }
        IterationMetricsAccumulator accumulator = new IterationMetricsAccumulator(1);
        byProblem.forEach(
                (p, samples) -> accumulator.add(ProblemSummary.of(p, buckets.get(p), samples, String::strip)));
        accumulator.addOriginal(new OriginalExample("p1", 1, 9, Double.NaN));
        accumulator.addOriginal(new OriginalExample("p2", 3, 14, Double.NaN));
        accumulator.addGreedy(new GreedyResult("held-out", "t1", true, 2));
        accumulator.addGreedy(new GreedyResult("held-in", "p1", false, 1));
        accumulator.improvementBaseline(new ImprovementBaseline(Map.of("t1", true, "p1", false), Map.of()));
        return accumulator.result();
    }

    @Test
    void interleavingAndRepeatedDeliveriesGiveTheSameNumbersToTheLastBit() {
        ExperimentScript script = ExperimentScript.generate("exp-b", 7, 14, 5, 4, 3);
        List<IterationMetrics> inOrder = MetricsFromEvents.compute("exp-b", script.events());

        Random random = new Random(11);
        Map<String, ArrayDeque<LyceumSerializable>> byEntity = new LinkedHashMap<>();
        script.journal()
                .forEach(j -> byEntity.computeIfAbsent(j.persistenceId(), k -> new ArrayDeque<>())
                        .add(j.event()));
        List<ArrayDeque<LyceumSerializable>> queues = new ArrayList<>(byEntity.values());
        List<LyceumSerializable> shuffled = new ArrayList<>();
        while (!queues.isEmpty()) {
            ArrayDeque<LyceumSerializable> queue = queues.get(random.nextInt(queues.size()));
            LyceumSerializable event = queue.poll();
            shuffled.add(event);
            if (random.nextInt(4) == 0) {
                shuffled.add(event);
            }
            if (queue.isEmpty()) {
                queues.remove(queue);
            }
        }
        MetricsFromEvents again = new MetricsFromEvents("exp-b");
        shuffled.forEach(again::add);

        assertThat(inOrder).hasSize(4);
        assertThat(again.result()).isEqualTo(inOrder);
        assertThat(again.repeatsIgnored()).isPositive();
        assertThat(inOrder.get(0).problems()).isZero();
        assertThat(inOrder.get(0).greedyAccuracy()).containsKeys("held-out", "held-in");
        for (int t = 1; t <= 3; t++) {
            assertThat(inOrder.get(t).samples()).isEqualTo(script.count(Sampled.class, t));
            assertThat(inOrder.get(t).accepted()).isEqualTo(script.count(Accepted.class, t));
            assertThat(inOrder.get(t).selfCorrection().corrections())
                    .isEqualTo((int) script.count(lyceum.events.ProblemEvent.Corrected.class, t));
        }
    }

    @Test
    void foldsOfEachProblemMergedGiveTheNumbersOfOneFoldToTheLastBit() {
        ExperimentScript script = ExperimentScript.generate("exp-m", 5, 12, 4, 4, 3);
        List<IterationMetrics> whole = MetricsFromEvents.compute("exp-m", script.events());

        // as replay folds: the experiment's events into one fold, each problem's stream into a fold of its
        // own (one of them with a repeated delivery), merged in an order unrelated to the journal's
        Map<String, List<LyceumSerializable>> byEntity = new LinkedHashMap<>();
        MetricsFromEvents merged = new MetricsFromEvents("exp-m");
        for (ExperimentScript.Journaled j : script.journal()) {
            if (j.persistenceId().startsWith("Problem|")) {
                byEntity.computeIfAbsent(j.persistenceId(), k -> new ArrayList<>())
                        .add(j.event());
            } else {
                merged.add(j.event());
            }
        }
        List<MetricsFromEvents> parts = new ArrayList<>();
        for (List<LyceumSerializable> stream : byEntity.values()) {
            MetricsFromEvents part = new MetricsFromEvents("exp-m");
            stream.forEach(part::add);
            if (parts.size() == 2) {
                part.add(stream.stream()
                        .filter(Sampled.class::isInstance)
                        .findFirst()
                        .orElseThrow());
            }
            parts.add(part);
        }
        java.util.Collections.shuffle(parts, new Random(3));
        parts.forEach(merged::merge);

        assertThat(byEntity).hasSizeGreaterThan(3);
        assertThat(merged.result()).isEqualTo(whole);
        assertThat(merged.repeatsIgnored()).isPositive();
        assertThatThrownBy(() -> merged.merge(parts.get(0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("in both folds");
    }

    @Test
    void improvementSetComparesWithTheFirstModelAndItsSamplesOfIterationTwo() {
        List<LyceumSerializable> events = new ArrayList<>(iterationOne());
        events.add(new IterationStarted(EXP, 2, "m1"));
        List<Sampled> p1 = List.of(
                sampled("p1", 2, 0, 0, false, "4", "four"),
                sampled("p1", 2, 0, 1, true, "5", "2 + 3 = 5"),
                sampled("p1", 2, 0, 2, false, "4", "four again"),
                sampled("p1", 2, 0, 3, true, "5", "it is 5"));
        addDecided(events, p1);
        events.add(greedy("t1", 2, "held-out", true));
        events.add(greedy("p1", 2, "held-in", true));

        List<IterationMetrics> metrics = MetricsFromEvents.compute(EXP, events);

        assertThat(metrics).extracting(IterationMetrics::iteration).containsExactly(1, 2);
        assertThat(metrics.get(0).improvementSetSize()).isZero();
        assertThat(metrics.get(0).firstModelPassAtNOnImprovementSet()).isNull();
        // M_2 solves p1 greedily, M_1 did not; M_1 sampled p1 right 2 of 4 times in iteration 2.
        assertThat(metrics.get(1).improvementSetSize()).isEqualTo(1);
        assertThat(metrics.get(1).firstModelPassAtNOnImprovementSet()).isEqualTo(1.0);
    }

    static EvaluationSampled evaluationSample(
            String problem, int t, String split, int index, String answer, boolean correct, double meanLogProb) {
        String id = "eval~" + EXP + "~" + problem + "~" + t + "~" + split + "~" + index;
        return new EvaluationSampled(
                EXP,
                problem,
                id,
                t,
                split,
                index,
                "m" + t,
                "node",
                0.7,
                0.95,
                64,
                SampleId.seedOf(id),
                "answer " + answer,
                4,
                meanLogProb,
                false,
                answer,
                "g1",
                correct,
                10);
    }

    @Test
    void testTimeFiguresComeFromTheJournaledEvaluationSamplesAndRepeatsCountOnce() {
        List<LyceumSerializable> events = new ArrayList<>(iterationOne());
        // t1: 5, 7, 7 (" 7" strips to 7), -> majority 7 wrong; best log-prob is index 0, right
        events.add(evaluationSample("t1", 1, "held-out", 0, "5", true, -0.1));
        events.add(evaluationSample("t1", 1, "held-out", 1, "7", false, -0.5));
        events.add(evaluationSample("t1", 1, "held-out", 2, " 7", false, -0.4));
        events.add(evaluationSample("t1", 1, "held-out", 1, "7", false, -0.5)); // redelivered
        // p1: no answer, 5, 5 -> majority right; best log-prob is the unanswered one, wrong
        events.add(evaluationSample("p1", 1, "held-in", 0, null, false, -0.05));
        events.add(evaluationSample("p1", 1, "held-in", 1, "5", true, -0.3));
        events.add(evaluationSample("p1", 1, "held-in", 2, "5", true, Double.NaN));

        MetricsFromEvents fromEvents = new MetricsFromEvents(EXP);
        events.forEach(fromEvents::add);
        IterationReadout readout = fromEvents.readouts().get(0);
        IterationMetrics m = readout.metrics();

        assertThat(readout.evaluationSamplesBySplit()).containsOnly(entry("held-in", 3L), entry("held-out", 3L));
        assertThat(m.greedyAccuracy()).containsOnly(entry("held-in", 0.0), entry("held-out", 1.0));
        assertThat(m.testTime()).containsOnlyKeys("held-in", "held-out");
        var out = m.testTime().get("held-out");
        assertThat(out.samples()).isEqualTo(3);
        assertThat(out.selected()).containsExactly(entry("majority", 0.0), entry("best-of-n", 1.0));
        assertThat(out.oracle()).isEqualTo(1.0);
        assertThat(out.passAtK()).containsOnlyKeys(1, 2, 3);
        assertThat(out.passAtK().get(1)).isCloseTo(1 / 3.0, within(1e-12));
        var in = m.testTime().get("held-in");
        assertThat(in.selected()).containsExactly(entry("majority", 1.0), entry("best-of-n", 0.0));
        assertThat(in.passAtK().get(2)).isEqualTo(1.0);
        assertThat(IterationMetricsJson.read(IterationMetricsJson.write(m))).isEqualTo(m);

        IterationMetrics without =
                MetricsFromEvents.compute(EXP, iterationOne()).get(0);
        assertThat(without.testTime()).isNull();
        assertThat(IterationMetricsJson.write(without)).doesNotContain("test_time");
    }

    static EvaluationRefined refined(
            String problem, int t, String split, boolean before, boolean flagged, boolean after) {
        return ScriptedMetrics.refined(EXP, problem, t, split, "m" + t, before, flagged, after);
    }

    @Test
    void critiqueThenRefineFiguresComeFromTheJournaledRefinementsAndRepeatsCountOnce() {
        List<LyceumSerializable> events = new ArrayList<>(iterationOne());
        events.add(refined("t1", 1, "held-out", true, true, false));
        events.add(refined("p1", 1, "held-in", false, true, true));
        events.add(refined("p1", 1, "held-in", false, true, true)); // redelivered

        MetricsFromEvents fromEvents = new MetricsFromEvents(EXP);
        events.forEach(fromEvents::add);
        IterationReadout readout = fromEvents.readouts().get(0);
        IterationMetrics m = readout.metrics();

        assertThat(readout.refinementsBySplit()).containsOnly(entry("held-in", 1L), entry("held-out", 1L));
        assertThat(m.testTimeRefine()).containsOnlyKeys("held-in", "held-out");
        assertThat(m.testTimeRefine().get("held-out").accuracyAfterRefine()).isEqualTo(0.0);
        assertThat(m.testTimeRefine().get("held-out").rightAfterGivenRightBefore())
                .isEqualTo(0.0);
        assertThat(m.testTimeRefine().get("held-in").accuracyAfterRefine()).isEqualTo(1.0);
        assertThat(m.testTimeRefine().get("held-in").rightAfterGivenWrongBefore())
                .isEqualTo(1.0);
        assertThat(IterationMetricsJson.read(IterationMetricsJson.write(m))).isEqualTo(m);

        IterationMetrics without =
                MetricsFromEvents.compute(EXP, iterationOne()).get(0);
        assertThat(without.testTimeRefine()).isNull();
        assertThat(IterationMetricsJson.write(without)).doesNotContain("test_time_refine");
    }

    @Test
    void otherExperimentsAreIgnoredAndUnregisteredProblemsAreCountedApart() {
        List<Object> events = new ArrayList<>(iterationOne());
        events.add(SampledFixture.sample("other", "p1", "other~p1~1~0~0")
                .strategy("s", null)
                .model("m", "n")
                .params(0.7, 0.9, 9, 1L, "h")
                .text("x", 1, -1)
                .graded("5", "g", true)
                .build());
        events.add(sampled("ghost", 1, 0, 0, true, "5", "unregistered"));
        events.add("not an event");

        MetricsFromEvents metrics = new MetricsFromEvents(EXP);
        events.forEach(metrics::add);
        IterationReadout readout = metrics.readouts().get(0);

        assertThat(readout.samples()).isEqualTo(10);
        assertThat(readout.problemsWithoutRegistration()).isEqualTo(1);
        assertThat(readout.metrics().samples()).isEqualTo(9);
        assertThat(readout.greedyEvaluationsBySplit()).containsOnly(entry("held-in", 1L), entry("held-out", 1L));
    }
}
