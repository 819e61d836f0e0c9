package lyceum.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import lyceum.events.LyceumSerializable;
import lyceum.events.ProblemEvent.Corrected;
import lyceum.events.ProblemEvent.Evaluated;
import lyceum.events.ProblemEvent.EvaluationSampled;
import lyceum.events.ProblemEvent.ProblemRegistered;
import lyceum.events.ProblemEvent.Sampled;
import lyceum.grading.Grader;
import lyceum.grading.Verdict;
import lyceum.metrics.IterationMetrics;
import lyceum.metrics.journal.MetricsFromEvents;
import lyceum.projections.CompletedMetrics;
import lyceum.projections.ExperimentScript;
import lyceum.projections.SharedCassandra;
import lyceum.projections.metrics.MetricsQuery;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Replay over a real journal in Cassandra 5, written with the real persistence ids and tags, while the
 * real read-side projections store their metrics: replay must reproduce them exactly, and re-grading
 * with a changed grader must change exactly the verdicts the grader disagrees with.
 */
class ReplayIntegrationTest {

    static ActorTestKit kit;
    static JournalReader reader;
    static MetricsQuery query;
    static ExperimentScript script;

    @BeforeAll
    static void journalAndProject() {
        SharedCassandra cassandra = SharedCassandra.get();
        kit = cassandra.startProjectingNode();
        script = ScriptedJournal.get(ScriptedJournal.A);
        reader = JournalReader.open(cassandra.nodeConfig(Map.of()));
        query = MetricsQuery.create(cassandra.session(), cassandra.readSideKeyspace());
        CompletedMetrics.await(kit, query, ScriptedJournal.A, 3);
    }

    @AfterAll
    static void stop() {
        reader.close();
        kit.shutdownTestKit();
    }

    @Test
    void replayReproducesTheStoredMetricsAndAnIndependentRecomputationExactly() throws Exception {
        Replay.Result result = Replay.run(reader, ScriptedJournal.A, ReplayOptions.defaults(System.err));

        List<IterationMetrics> fromScript = MetricsFromEvents.compute(ScriptedJournal.A, script.events());
        assertThat(result.metrics()).hasSize(3).isEqualTo(fromScript);
        assertThat(result.metrics()).isEqualTo(query.storedMetrics(ScriptedJournal.A));
        assertThat(result.events()).isEqualTo(script.journal().size());
        assertThat(result.problems()).isEqualTo(16);
        assertThat(result.regrade()).isNull();
        // The script journals as Lyceum did before reference rationales were scored: no original perplexity.
        assertThat(script.events()).noneMatch(e -> e instanceof lyceum.events.ProblemEvent.ReferenceScored);
        assertThat(result.metrics())
                .allSatisfy(m -> assertThat(m.perplexity().original()).isNull());

        ReplayReport report = ReplayReport.of(result, query.storedMetrics(ScriptedJournal.A), null);
        assertThat(report.differences().identical()).isTrue();
        assertThat(report.differences().comparedIterations()).containsExactly(0, 1, 2);

        JsonNode json = new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(report));
        assertThat(json.get("experiment").asText()).isEqualTo(ScriptedJournal.A);
        assertThat(json.get("iterations")).hasSize(3);
        assertThat(json.get("iterations").get(1).get("coverage").asDouble())
                .isEqualTo(fromScript.get(1).coverage());
        assertThat(json.get("differences").get("metrics")).isEmpty();
        assertThat(json.has("changed_verdicts")).isFalse();
    }

    @Test
    void replayReproducesStoredTestTimeMetricsAndRegradingReselects() {
        ExperimentScript withSamples = ScriptedJournal.get(ScriptedJournal.C);
        CompletedMetrics.await(kit, query, ScriptedJournal.C, 2);

        Replay.Result result = Replay.run(reader, ScriptedJournal.C, ReplayOptions.defaults(null));

        List<IterationMetrics> fromScript = MetricsFromEvents.compute(ScriptedJournal.C, withSamples.events());
        assertThat(result.metrics()).isEqualTo(fromScript).isEqualTo(query.storedMetrics(ScriptedJournal.C));
        assertThat(ReplayReport.of(result, query.storedMetrics(ScriptedJournal.C), null)
                        .differences()
                        .identical())
                .isTrue();
        assertThat(result.metrics()).allSatisfy(m -> assertThat(m.testTime()).containsOnlyKeys("held-in", "held-out"));

        // The script's sampled answers state their answer and are graded truly: the current grader keeps them.
        Replay.Result current = Replay.run(
                reader, ScriptedJournal.C, ReplayOptions.defaults(null).regradingWith(AnswerGrader.current()));
        assertThat(current.metrics())
                .extracting(IterationMetrics::testTime)
                .isEqualTo(fromScript.stream().map(IterationMetrics::testTime).toList());

        AnswerGrader acceptsAll =
                (gold, response) -> new Verdict(true, "anything", gold, "accept-all", 0, "accept-all/0");
        Replay.Result regraded = Replay.run(
                reader, ScriptedJournal.C, ReplayOptions.defaults(null).regradingWith(acceptsAll));
        long wrongSampled = withSamples.events().stream()
                .filter(e -> e instanceof EvaluationSampled s && !s.correct())
                .count();
        long wrongGreedy = withSamples.events().stream()
                .filter(e -> e instanceof Evaluated v && !v.correct())
                .count();
        assertThat(regraded.regrade().evaluations()).isEqualTo(wrongSampled + wrongGreedy);
        assertThat(wrongSampled).isPositive();
        regraded.metrics()
                .forEach(m -> m.testTime().values().forEach(t -> {
                    assertThat(t.selected().values()).containsOnly(1.0);
                    assertThat(t.oracle()).isEqualTo(1.0);
                    assertThat(t.passAtK().values()).containsOnly(1.0);
                }));
        assertThat(fromScript)
                .anySatisfy(m -> assertThat(m.testTime().values())
                        .anySatisfy(t -> assertThat(t.passAtK().get(1)).isLessThan(1.0)));
    }

    @Test
    void aStoredMetricThatDiffersIsReported() {
        Replay.Result result = Replay.run(reader, ScriptedJournal.A, ReplayOptions.defaults(null));
        List<IterationMetrics> stored = new ArrayList<>(query.storedMetrics(ScriptedJournal.A));
        IterationMetrics one = stored.get(1);
        stored.set(1, copyWithAccepted(one, one.accepted() + 1));

        ReplayReport report = ReplayReport.of(result, stored, null);

        assertThat(report.differences().metrics())
                .extracting(MetricDifference::iteration, MetricDifference::metric)
                .containsExactly(tuple(1, "accepted"));
        MetricDifference d = report.differences().metrics().get(0);
        assertThat(d.before().asLong()).isEqualTo(one.accepted() + 1);
        assertThat(d.after().asLong()).isEqualTo(one.accepted());
    }

    @Test
    void replayAsOfAnIterationStopsThere() {
        List<IterationMetrics> all = Replay.run(reader, ScriptedJournal.A, ReplayOptions.defaults(null))
                .metrics();
        Replay.Result cut = Replay.run(
                reader, ScriptedJournal.A, ReplayOptions.defaults(null).asOf(1));

        assertThat(cut.metrics()).isEqualTo(all.subList(0, 2));
        long laterEvents =
                script.events().stream().filter(e -> EventIterations.of(e) > 1).count();
        assertThat(laterEvents).isPositive();
        assertThat(cut.events()).isEqualTo(script.journal().size() - laterEvents);
        assertThat(ReplayReport.of(cut, query.storedMetrics(ScriptedJournal.A), 1)
                        .differences()
                        .identical())
                .isTrue();
    }

    @Test
    void anUnknownExperimentIsAClearError() {
        assertThatThrownBy(() -> Replay.run(reader, "no-such-experiment", ReplayOptions.defaults(null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no experiment 'no-such-experiment' in the journal");
    }

    @Test
    void aGraderThatAcceptsEveryAnswerFlipsEveryWrongVerdict() {
        AnswerGrader acceptsAll =
                (gold, response) -> new Verdict(true, "anything", gold, "accept-all", 0, "accept-all/0");
        Replay.Result result = Replay.run(
                reader, ScriptedJournal.A, ReplayOptions.defaults(System.err).regradingWith(acceptsAll));

        long wrongSamples =
                events(Sampled.class).stream().filter(s -> !s.correct()).count();
        long wrongEvaluations =
                events(Evaluated.class).stream().filter(e -> !e.correct()).count();
        long wrongRefinements = events(Corrected.class).stream()
                .filter(c -> !c.refinedCorrect())
                .count();
        RegradeSummary r = result.regrade();
        assertThat(r.samples()).isEqualTo(wrongSamples).isPositive();
        assertThat(r.evaluations()).isEqualTo(wrongEvaluations).isPositive();
        assertThat(r.refinements()).isEqualTo(wrongRefinements);
        assertThat(r.count()).isEqualTo(r.nowCorrect()).isEqualTo(wrongSamples + wrongEvaluations + wrongRefinements);
        assertThat(r.acceptedNowWrong()).isZero();
        assertThat(r.graderVersions()).containsExactly("accept-all/0");
        assertThat(r.listed()).hasSize(50).isSortedAccordingTo((a, b) -> a.id().compareTo(b.id()));

        for (IterationMetrics m : result.metrics().subList(1, 3)) {
            assertThat(m.coverage()).isEqualTo(1.0);
            assertThat(m.coverageAfterResample()).isEqualTo(1.0);
            assertThat(m.passAtK().values()).containsOnly(1.0);
        }
        result.metrics().forEach(m -> assertThat(m.greedyAccuracy().values()).containsOnly(1.0));
        assertThat(r.metricEffects())
                .extracting(MetricDifference::metric)
                .contains("coverage", "pass_at_k.1", "greedy_accuracy.held-out");
    }

    @Test
    void theCurrentGraderDisagreesOnlyWithTheScriptsMadeUpVerdicts() {
        Replay.Result result = Replay.run(
                reader, ScriptedJournal.A, ReplayOptions.defaults(null).regradingWith(AnswerGrader.current()));

        // The script's samples state their answer and are graded truly; its evaluations all answer 7 and its
        // refinements state no answer, whatever verdict it gave them.
        assertThat(result.regrade().samples()).isZero();
        assertThat(result.regrade().evaluations())
                .isEqualTo(events(Evaluated.class).stream()
                        .filter(e -> e.correct() != referenceOf(e.problemId()).equals("7"))
                        .count());
        assertThat(result.regrade().refinements())
                .isEqualTo(events(Corrected.class).stream()
                        .filter(Corrected::refinedCorrect)
                        .count());
        assertThat(result.metrics()).isEqualTo(MetricsFromEvents.compute(ScriptedJournal.A, truthfullyGraded(null)));
    }

    @Test
    void aGraderThatRejectsOneAcceptedAnswerFlipsExactlyThatSample() {
        Sampled target = events(Sampled.class).stream()
                .filter(s -> s.iteration() == 1 && s.round() == 0 && s.correct())
                .findFirst()
                .orElseThrow();
        String reference = referenceOf(target.problemId());
        AnswerGrader rejectsTarget = (gold, response) -> gold.equals(reference) && response.equals(target.text())
                ? new Verdict(false, "", gold, "rejected-on-purpose", 0, Grader.VERSION)
                : Grader.standard().grade(gold, response);
        List<String> sameAnswer = events(Sampled.class).stream()
                .filter(s ->
                        s.problemId().equals(target.problemId()) && s.text().equals(target.text()) && s.correct())
                .map(Sampled::sampleId)
                .toList();

        Replay.Result truthful = Replay.run(
                reader, ScriptedJournal.A, ReplayOptions.defaults(null).regradingWith(AnswerGrader.current()));
        Replay.Result result = Replay.run(
                reader, ScriptedJournal.A, ReplayOptions.defaults(null).regradingWith(rejectsTarget));

        assertThat(result.regrade().listed().stream().filter(c -> c.kind().equals("sample")))
                .extracting(ChangedVerdict::id, ChangedVerdict::wasCorrect, ChangedVerdict::nowCorrect)
                .containsExactlyInAnyOrderElementsOf(
                        sameAnswer.stream().map(id -> tuple(id, true, false)).toList());
        assertThat(result.regrade().listed())
                .filteredOn(c -> c.id().equals(target.sampleId()))
                .extracting(ChangedVerdict::decision)
                .containsExactly("accepted");
        assertThat(result.regrade().acceptedNowWrong()).isPositive();
        assertThat(result.metrics())
                .isEqualTo(MetricsFromEvents.compute(ScriptedJournal.A, truthfullyGraded(sameAnswer)));
        long flippedInRoundZero =
                sameAnswer.stream().filter(id -> id.contains("~1~0~")).count();
        double problems = result.metrics().get(1).problems();
        assertThat(result.metrics().get(1).passAtK().get(1))
                .isCloseTo(
                        truthful.metrics().get(1).passAtK().get(1) - flippedInRoundZero / (4 * problems),
                        offset(1e-12));
        assertThat(result.metrics().get(2)).isEqualTo(truthful.metrics().get(2));
    }

    @Test
    void diffComparesTheRecomputedMetricsOfTwoJournaledExperiments() {
        ExperimentScript b = ScriptedJournal.get(ScriptedJournal.B);
        ExperimentDiff diff = ExperimentDiff.of(
                ScriptedJournal.A,
                        Replay.run(reader, ScriptedJournal.A, ReplayOptions.defaults(null))
                                .metrics(),
                ScriptedJournal.B,
                        Replay.run(reader, ScriptedJournal.B, ReplayOptions.defaults(null))
                                .metrics());

        assertThat(diff)
                .isEqualTo(ExperimentDiff.of(
                        ScriptedJournal.A, MetricsFromEvents.compute(ScriptedJournal.A, script.events()),
                        ScriptedJournal.B, MetricsFromEvents.compute(ScriptedJournal.B, b.events())));
    }

    /**
     * The script's events as the real grader judges them, with {@code alsoWrong} samples judged wrong: the
     * expected input of a re-graded replay, rewritten here independently of {@link Regrader}.
     */
    private static List<LyceumSerializable> truthfullyGraded(List<String> alsoWrong) {
        return script.events().stream()
                .map(e -> {
                    if (e instanceof Evaluated v) {
                        return (LyceumSerializable) v.regraded(
                                "7", Grader.VERSION, referenceOf(v.problemId()).equals("7"));
                    } else if (e instanceof Corrected c) {
                        return c.regraded("", false, c.originalCorrect());
                    } else if (e instanceof Sampled s && alsoWrong != null && alsoWrong.contains(s.sampleId())) {
                        return s.regraded("", Grader.VERSION, false);
                    }
                    return e;
                })
                .toList();
    }

    private static String referenceOf(String problemId) {
        return events(ProblemRegistered.class).stream()
                .filter(p -> p.problemId().equals(problemId))
                .findFirst()
                .orElseThrow()
                .referenceAnswer();
    }

    private static <T> List<T> events(Class<T> type) {
        return script.events().stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static IterationMetrics copyWithAccepted(IterationMetrics m, long accepted) {
        return new IterationMetrics(
                m.metricsVersion(),
                m.iteration(),
                m.problems(),
                m.samples(),
                accepted,
                m.acceptedHintDerived(),
                m.coverage(),
                m.coverageAfterResample(),
                m.correctHistogram(),
                m.correctHistogramAfterResample(),
                m.passAtK(),
                m.majAtK(),
                m.greedyAccuracy(),
                m.improvementSetSize(),
                m.firstModelPassAtNOnImprovementSet(),
                m.distinct1(),
                m.distinct2(),
                m.distinct3(),
                m.distinct4(),
                m.distinctEquations(),
                m.semanticDiversity(),
                m.diversityBySubset(),
                m.bucketShareAccepted(),
                m.bucketShareOriginal(),
                m.hardestBucket(),
                m.hardestBucketCoverage(),
                m.hardestBucketShareAccepted(),
                m.hardestBucketShareOriginal(),
                m.length(),
                m.perplexity(),
                m.selfCorrection(),
                m.disparity(),
                m.testTime(),
                m.testTimeRefine(),
                m.intervals(),
                m.wrongReasonShareAccepted(),
                m.wrongReasonShareCorrect(),
                m.wrongReasonShareAcceptedByBucket(),
                m.greedyAccuracyByBucket());
    }
}
