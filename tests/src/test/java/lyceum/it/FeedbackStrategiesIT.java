package lyceum.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import lyceum.events.ProblemEvent;
import lyceum.events.ProblemEvent.Accepted;
import lyceum.events.ProblemEvent.Corrected;
import lyceum.events.ProblemEvent.CorrectionKind;
import lyceum.events.ProblemEvent.DecisionRule;
import lyceum.events.ProblemEvent.Evaluated;
import lyceum.events.ProblemEvent.EvaluationRefined;
import lyceum.events.ProblemEvent.EvaluationSampled;
import lyceum.events.ProblemEvent.HintKind;
import lyceum.events.ProblemEvent.Hinted;
import lyceum.events.ProblemEvent.ProblemRegistered;
import lyceum.events.ProblemEvent.Rejected;
import lyceum.events.ProblemEvent.Resampled;
import lyceum.events.ProblemEvent.Sampled;
import lyceum.experiment.config.ExperimentConfig;
import lyceum.experiment.config.ExperimentConfigLoader;
import lyceum.metrics.IterationMetrics;
import lyceum.metrics.journal.MetricsFromEvents;
import lyceum.node.LyceumNode;
import lyceum.node.WorkerEngines;
import lyceum.problem.Critique;
import lyceum.problem.Prompts;
import lyceum.problem.StepCheckerCritic;
import lyceum.projections.ReadSideProjections;
import lyceum.replay.ExportFormat;
import lyceum.replay.JournalReader;
import lyceum.replay.TrainingRecords;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each sampling strategy runs a small experiment on one node against a real Cassandra 5, with the test
 * double generator as student, critic and reflector.
 *
 * <p>Feedback strategies (interactive, critique with a model critic, reflection): the journal must hold,
 * for every problem: each feedback round opened by a Resampled and its hints journaled before its
 * samples; every sample drawn under feedback with exactly one Corrected that carries that feedback, its
 * parse and the refined verdict; exactly one decision per sample; and the strategy's own rules (the
 * teacher's first wrong step, the shortcut barrier and cap per critique, two reflections per wrong first
 * trial). The self-correction rates and the DPO export read those events.
 *
 * <p>Vanilla and the GSI strategies (answer-driven, rationale-driven, state-reset): no round beyond the
 * first for vanilla; for GSI, a Resampled with its cause and remaining budget exactly while a problem has
 * fewer than min_correct right samples, the round's hint (its kind and payload per strategy) before its
 * samples, samples prompted with that hint, and hint-derived samples kept as such and trained on the
 * plain question.
 *
 * <p>Test-time evaluation: an experiment with sampled evaluation answers and critique-then-refine journals
 * each answer once, each greedy answer's critique and refinement with the critic's verdicts, and the
 * metrics the read side stores equal those recomputed from the journal.
 */
@ExtendWith(ItFixture.class)
class FeedbackStrategiesIT {

    private static final Logger log = LoggerFactory.getLogger(FeedbackStrategiesIT.class);

    private static final int TRAIN = 12;
    private static final int SAMPLES = 4;
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    static Path tmp;

    static Config config;
    static JournalReader reader;
    static LyceumNode node;
    static ReadSideReader readSide;

    @BeforeAll
    static void start() throws IOException {
        Map<String, Object> settings = new HashMap<>(ItFixture.quickReadSide());
        settings.put("lyceum.generation.batch-size", 3);
        config = ItFixture.nodeConfig(FeedbackStrategiesIT.class, tmp.resolve("node"), settings);
        readSide = ReadSideReader.open(config);
        reader = JournalReader.open(config);
        node = ItFixture.startNode(
                config,
                new WorkerEngines(
                        List.of(new TestDoubleGenerator(Duration.ofMillis(10))), List.of(new TestDoubleTrainer())));
        ReadSideProjections.init(node.system());
    }

    @AfterAll
    static void stopAll() throws Exception {
        ItFixture.closeAll(node, reader, readSide);
    }

    private static ExperimentConfig config(String strategy) {
        return config(strategy, "");
    }

    private static ExperimentConfig config(String strategy, String evaluation) {
        return ExperimentConfigLoader.parse(String.join(
                "\n",
                "experiment {",
                "  name = \"" + strategy + "-it\"",
                "  seed = 5",
                "  iterations = 1",
                "  dataset {",
                "    held-in-count = 2",
                "    synthetic { train-count = " + TRAIN + ", test-count = 4, min-steps = 2, max-steps = 4 }",
                "  }",
                "  strategy {",
                "    " + strategy,
                "    sample-num = " + SAMPLES + ", min-correct = 3, max-resample = 2",
                "  }",
                "  acceptance { quota-per-problem = 4, deduplicate = true }",
                "  training { initial-epochs = 1, epochs = 1 }",
                "  evaluation { " + evaluation + " }",
                "  runtime { window = 6, progress-every = 3, generation-timeout = 30s, training-timeout = 60s }",
                "}"));
    }

    @Test
    void interactiveTeachersNameTheFirstWrongStepAndRevisionsTrainOnThePlainPrompt() throws Exception {
        ExperimentJournal journal = run("interactive", config("name = \"interactive\""));

        List<Hinted> hints = journal.problemEvents(Hinted.class).toList();
        assertThat(hints).isNotEmpty().allSatisfy(h -> {
            assertThat(h.kind()).isEqualTo(HintKind.TEACHER_FEEDBACK);
            assertThat(h.source()).isEqualTo(StepCheckerCritic.VERSION);
            Critique feedback = Critique.parse(h.payload());
            assertThat(feedback.parsed()).as("teacher feedback %s", h.payload()).isTrue();
            assertThat(feedback.steps())
                    .singleElement()
                    .satisfies(step -> assertThat(step.correct()).isFalse());
        });
        journal.problems().forEach((problemId, events) -> {
            for (Hinted h : ofType(events, Hinted.class)) {
                assertThat(ofType(events, Hinted.class).stream().filter(o -> o.round() == h.round()))
                        .hasSize(1);
                assertThat(ofType(events, Sampled.class).stream().filter(s -> s.round() == h.round()))
                        .hasSize(SAMPLES);
                Sampled about = sample(events, h.aboutSampleId());
                assertThat(about.round())
                        .as("the teacher answers the latest round")
                        .isEqualTo(h.round() - 1);
                assertThat(about.correct()).isFalse();
            }
        });
        assertThat(journal.problemEvents(Accepted.class).filter(Accepted::hintDerived))
                .isNotEmpty();
    }

    @Test
    void critiqueRefinesEveryWrongSampleUnderTheShortcutBarrierAndTheCapPerCritique() throws Exception {
        ExperimentJournal journal = run(
                "critique",
                config(
                        "name = \"critique\", critic.kind = \"model\", critique { refinements = 3, accept-per-critique = 1 }"));

        assertThat(journal.problemEvents(Hinted.class)).isNotEmpty().allSatisfy(h -> {
            assertThat(h.kind()).isEqualTo(HintKind.CRITIQUE);
            assertThat(h.round()).isEqualTo(1);
            assertThat(h.source()).startsWith("m0-");
        });
        journal.problems().forEach((problemId, events) -> {
            List<String> wrongFirst = wrongFirstTrials(events);
            assertThat(ofType(events, Hinted.class))
                    .extracting(Hinted::aboutSampleId)
                    .isEqualTo(wrongFirst);
            assertThat(ofType(events, Sampled.class).stream().filter(s -> s.round() == 1))
                    .hasSize(3 * wrongFirst.size());
            Map<String, Long> keptPerCritique = ofType(events, Accepted.class).stream()
                    .map(a -> sample(events, a.sampleId()))
                    .filter(s -> s.round() == 1)
                    .collect(Collectors.groupingBy(Sampled::hintId, Collectors.counting()));
            assertThat(keptPerCritique.values()).allMatch(n -> n <= 1);
        });
        List<Corrected> corrected = journal.problemEvents(Corrected.class).toList();
        assertThat(corrected)
                .extracting(Corrected::parsed)
                .as("parsed and unparseable critiques")
                .contains(true, false);
        assertThat(corrected).filteredOn(c -> !c.parsed()).allSatisfy(c -> {
            assertThat(c.stepVerdicts()).isEmpty();
            assertThat(c.criticFinalVerdict()).isNull();
            assertThat(c.critiqueText()).isNotBlank();
        });
        assertThat(corrected)
                .filteredOn(Corrected::parsed)
                .allSatisfy(c -> assertThat(c.stepVerdicts()).isNotEmpty());
        List<Rejected> shortcuts = journal.problemEvents(Rejected.class)
                .filter(r -> r.reasons().get(0).rule() == DecisionRule.SHORTCUT)
                .toList();
        assertThat(shortcuts).isNotEmpty().allSatisfy(r -> {
            Sampled s = sample(journal.problems().get(r.problemId()), r.sampleId());
            assertThat(s.correct()).isTrue();
            assertThat(Prompts.reasoningLines(s.text())).isEmpty();
        });
        assertThat(journal.problemEvents(Rejected.class)
                        .map(r -> r.reasons().get(0).rule()))
                .as("a second correct refinement of one critique")
                .contains(DecisionRule.CRITIQUE_CAP);
    }

    @Test
    void reflectionGivesTwoReflectionsPerWrongFirstTrialAndExportsReflectionPairs() throws Exception {
        ExperimentJournal journal = run("reflection", config("name = \"reflection\""));

        journal.problems().forEach((problemId, events) -> {
            List<String> wrongFirst = wrongFirstTrials(events);
            assertThat(ofType(events, Hinted.class))
                    .hasSize(2 * wrongFirst.size())
                    .allSatisfy(h -> assertThat(h.kind()).isEqualTo(HintKind.REFLECTION));
            assertThat(ofType(events, Sampled.class).stream().filter(s -> s.round() == 1))
                    .hasSize(2 * wrongFirst.size());
            assertThat(ofType(events, Corrected.class))
                    .hasSize(2 * wrongFirst.size())
                    .allSatisfy(c -> assertThat(c.kind()).isEqualTo(CorrectionKind.REFLECTION));
        });
        long reflectionPairs = 0;
        for (List<ProblemEvent> events : journal.problems().values()) {
            for (Map<String, Object> pair : TrainingRecords.of(events, 1, ExportFormat.TRL_DPO)) {
                if (TrainingRecords.FROM_REFLECTIONS.equals(pair.get("pair_source"))) {
                    reflectionPairs++;
                    assertThat(correctionOf(events, (String) pair.get("chosen_sample_id"))
                                    .refinedCorrect())
                            .isTrue();
                    assertThat(ofType(events, Accepted.class))
                            .as("the chosen reflection's second trial was kept")
                            .anyMatch(acc -> acc.sampleId().equals(pair.get("chosen_sample_id")));
                    assertThat(correctionOf(events, (String) pair.get("rejected_sample_id"))
                                    .refinedCorrect())
                            .isFalse();
                    assertThat(pair.get("chosen"))
                            .isEqualTo(correctionOf(events, (String) pair.get("chosen_sample_id"))
                                    .critiqueText());
                }
            }
        }
        assertThat(reflectionPairs)
                .as("D+- pairs: a reflection that led right against one that did not")
                .isPositive();
    }

    @Test
    void vanillaSamplesOneRoundWithoutHintsAndDecidesEverySampleOnce() throws Exception {
        ExperimentJournal journal = finish("vanilla", config("name = \"vanilla\""));

        assertThat(journal.problemEvents(Hinted.class)).isEmpty();
        assertThat(journal.problemEvents(Resampled.class)).isEmpty();
        assertThat(journal.problemEvents(Corrected.class)).isEmpty();
        journal.problems().forEach((problemId, events) -> {
            if (isTraining(events)) {
                assertThat(ofType(events, Sampled.class)).hasSize(SAMPLES).allSatisfy(s -> {
                    assertThat(s.round()).isZero();
                    assertThat(s.hintId()).isNull();
                    assertThat(s.strategy()).isEqualTo("vanilla");
                });
            }
            assertOneDecisionPerSample(problemId, events);
        });
        assertThat(journal.problemEvents(Accepted.class)).isNotEmpty().noneMatch(Accepted::hintDerived);
    }

    @ParameterizedTest
    @ValueSource(strings = {"answer-driven", "rationale-driven", "state-reset"})
    void guidedResamplingHintsEachRoundWhileTooFewSamplesAreRight(String strategy) throws Exception {
        ExperimentJournal journal = finish(strategy, config("name = \"" + strategy + "\""));

        assertThat(journal.problemEvents(Resampled.class))
                .as("resample rounds of %s", strategy)
                .isNotEmpty();
        assertThat(journal.problemEvents(Corrected.class)).isEmpty();
        journal.problems().forEach((problemId, events) -> {
            assertOneDecisionPerSample(problemId, events);
            if (isTraining(events)) {
                assertGuidedRounds(strategy, (ProblemRegistered) events.get(0), events);
            }
        });
        List<Accepted> hintDerived = journal.problemEvents(Accepted.class)
                .filter(Accepted::hintDerived)
                .toList();
        assertThat(hintDerived)
                .as("samples kept from hinted rounds of %s", strategy)
                .isNotEmpty()
                .allSatisfy(a -> {
                    List<ProblemEvent> events = journal.problems().get(a.problemId());
                    assertThat(sample(events, a.sampleId()).hintId()).isNotNull();
                    assertThat(a.trainingPrompt())
                            .isEqualTo(Prompts.plain(((ProblemRegistered) events.get(0)).question()));
                });
    }

    /**
     * Round r > 0 is opened by one Resampled, with the right samples counted before it below min_correct
     * (3) and the budget left (max_resample 2 - r), followed by its hint (when the strategy has one for it)
     * and then its samples, each prompted with that hint.
     */
    private static void assertGuidedRounds(String strategy, ProblemRegistered problem, List<ProblemEvent> events) {
        List<Sampled> samples = ofType(events, Sampled.class);
        int rounds = samples.stream().mapToInt(Sampled::round).max().orElse(0) + 1;
        for (int round = 1; round <= 2; round++) {
            int r = round;
            List<Sampled> before = samples.stream().filter(s -> s.round() < r).toList();
            long rightBefore = before.stream().filter(Sampled::correct).count();
            List<Resampled> opened = ofType(events, Resampled.class).stream()
                    .filter(x -> x.round() == r)
                    .toList();
            if (round >= rounds) {
                assertThat(opened).isEmpty();
                assertThat(rightBefore)
                        .as("%s stopped before round %d", problem.problemId(), round)
                        .isGreaterThanOrEqualTo(3);
                continue;
            }
            assertThat(rightBefore)
                    .as("%s opened round %d", problem.problemId(), round)
                    .isLessThan(3);
            assertThat(opened).singleElement().satisfies(x -> {
                assertThat(x.cause()).isEqualTo(rightBefore + " of " + before.size() + " correct, below min_correct 3");
                assertThat(x.remainingBudget()).isEqualTo(2 - r);
            });
            List<Hinted> hints = ofType(events, Hinted.class).stream()
                    .filter(h -> h.round() == r)
                    .toList();
            assertThat(hints).hasSizeLessThanOrEqualTo(1);
            List<Sampled> inRound = samples.stream().filter(s -> s.round() == r).toList();
            assertThat(inRound).hasSize(SAMPLES);
            Hinted hint = hints.isEmpty() ? null : hints.get(0);
            if (hint == null) {
                assertThat(strategy)
                        .as("only a state reset of a one-step rationale has no hint")
                        .isEqualTo("state-reset");
                assertThat(Prompts.stateResetSteps(
                                r,
                                Prompts.reasoningLines(problem.referenceRationale())
                                        .size()))
                        .isZero();
                assertThat(inRound).allSatisfy(s -> assertThat(s.hintId()).isNull());
                continue;
            }
            assertThat(events.indexOf(hint)).isGreaterThan(events.indexOf(opened.get(0)));
            assertThat(hint.hintId()).isEqualTo("hint-1-" + r);
            assertThat(hint.aboutSampleId()).isNull();
            assertThat(hint.source()).isNull();
            assertThat(hint.reason()).startsWith(opened.get(0).cause());
            String prompt = switch (strategy) {
                case "answer-driven" -> {
                    assertThat(hint.kind()).isEqualTo(HintKind.ANSWER);
                    assertThat(hint.payload()).isEqualTo(problem.referenceAnswer());
                    yield Prompts.withAnswerHint(problem.question(), hint.payload());
                }
                case "rationale-driven" -> {
                    assertThat(hint.kind()).isEqualTo(HintKind.RATIONALE);
                    assertThat(hint.payload()).isEqualTo(problem.referenceRationale());
                    yield Prompts.withRationaleGuide(problem.question(), hint.payload());
                }
                default -> {
                    int steps = Prompts.stateResetSteps(
                            r,
                            Prompts.reasoningLines(problem.referenceRationale()).size());
                    assertThat(hint.kind()).isEqualTo(HintKind.STATE_RESET_PREFIX);
                    assertThat(hint.payload()).isEqualTo(Prompts.rationalePrefix(problem.referenceRationale(), steps));
                    assertThat(hint.reason()).endsWith("restart after " + steps + " reference step(s)");
                    assertThat(inRound).allSatisfy(s -> assertThat(s.text()).startsWith(hint.payload()));
                    yield Prompts.withPrefix(problem.question(), hint.payload());
                }
            };
            assertThat(inRound).allSatisfy(s -> {
                assertThat(s.hintId()).isEqualTo(hint.hintId());
                assertThat(s.strategy()).isEqualTo(strategy);
                assertThat(s.promptHash()).isEqualTo(Prompts.hash(prompt));
                assertThat(events.indexOf(s)).isGreaterThan(events.indexOf(hint));
            });
        }
        for (Accepted a : ofType(events, Accepted.class)) {
            assertThat(a.hintDerived()).isEqualTo(sample(events, a.sampleId()).hintId() != null);
        }
    }

    @Test
    void evaluationSamplesAndCritiqueThenRefineAreJournaledOnceAndReplayEqualsTheStoredMetrics() throws Exception {
        ExperimentJournal journal = finish(
                "test-time",
                config("name = \"vanilla\"", "samples = 3, refine { enabled = true, critic.kind = \"step-checker\" }"));

        int greedyAnswers = 0;
        int flagged = 0;
        for (List<ProblemEvent> events : journal.problems().values()) {
            ProblemRegistered problem = (ProblemRegistered) events.get(0);
            for (Evaluated greedy : ofType(events, Evaluated.class)) {
                greedyAnswers++;
                String id = "eval~" + journal.experimentId() + "~" + problem.problemId() + "~" + greedy.iteration()
                        + "~" + greedy.evaluationSplit();
                assertThat(ofType(events, EvaluationSampled.class).stream()
                                .filter(e -> e.iteration() == greedy.iteration()
                                        && e.evaluationSplit().equals(greedy.evaluationSplit())))
                        .extracting(EvaluationSampled::sampleId)
                        .containsExactlyInAnyOrder(id + "~0", id + "~1", id + "~2");
                List<EvaluationRefined> refinements = ofType(events, EvaluationRefined.class).stream()
                        .filter(r -> r.iteration() == greedy.iteration()
                                && r.evaluationSplit().equals(greedy.evaluationSplit()))
                        .toList();
                assertThat(refinements).as("critique-then-refine of %s", id).singleElement();
                EvaluationRefined r = refinements.get(0);
                assertThat(events.indexOf(r)).isGreaterThan(events.indexOf(greedy));
                assertThat(r.sampleId()).isEqualTo(id + "~refine");
                assertThat(r.modelVersion()).isEqualTo(greedy.modelVersion());
                assertThat(r.originalCorrect()).isEqualTo(greedy.correct());
                assertThat(r.criticVersion()).isEqualTo(StepCheckerCritic.VERSION);
                assertThat(r.critiqueText())
                        .as("the critic judges without the grader's verdict")
                        .isEqualTo(StepCheckerCritic.judge(greedy.text(), problem.referenceRationale()));
                Critique critique = Critique.parse(r.critiqueText());
                assertThat(r.parsed()).isTrue();
                assertThat(r.stepVerdicts()).isEqualTo(critique.steps());
                assertThat(r.criticFinalVerdict()).isEqualTo(critique.finalVerdict());
                assertThat(r.flagged()).isEqualTo(Boolean.FALSE.equals(critique.finalVerdict()));
                if (r.flagged()) {
                    flagged++;
                    assertThat(r.refinedText()).isNotNull();
                    assertThat(r.refinedCorrect()).isNotNull();
                    assertThat(r.correctAfter()).isEqualTo(r.refinedCorrect());
                    assertThat(r.refinedCorrect())
                            .isEqualTo(problem.referenceAnswer().equals(r.refinedExtractedAnswer()));
                } else {
                    assertThat(r.refinedText()).isNull();
                    assertThat(r.correctAfter()).isEqualTo(greedy.correct());
                }
            }
        }
        assertThat(greedyAnswers).isEqualTo(2 * (4 + 2)); // M_0 and M_1, held-out and held-in
        assertThat(flagged).as("greedy answers the critic flagged").isPositive();

        List<IterationMetrics> fromJournal = storedMetricsEqualTheJournal(journal);
        IterationMetrics last = fromJournal.get(fromJournal.size() - 1);
        assertThat(last.testTime()).containsOnlyKeys("held-in", "held-out");
        assertThat(last.testTimeRefine()).containsOnlyKeys("held-in", "held-out");
        List<EvaluationRefined> heldOut = journal.problemEvents(EvaluationRefined.class)
                .filter(r ->
                        r.iteration() == last.iteration() && r.evaluationSplit().equals("held-out"))
                .toList();
        assertThat(last.testTimeRefine().get("held-out").problems()).isEqualTo(heldOut.size());
        assertThat(last.testTimeRefine().get("held-out").accuracyAfterRefine())
                .isEqualTo((double) heldOut.stream()
                                .filter(EvaluationRefined::correctAfter)
                                .count()
                        / heldOut.size());
        assertThat(last.testTimeRefine().get("held-out").greedyAccuracy())
                .isEqualTo(last.greedyAccuracy().get("held-out"));
    }

    /** The metrics the read side stored for every iteration, once complete, equal a replay of the journal. */
    private static List<IterationMetrics> storedMetricsEqualTheJournal(ExperimentJournal journal)
            throws InterruptedException {
        List<IterationMetrics> fromJournal = journal.metrics();
        assertThat(readSide.awaitCompleted(journal.experimentId(), fromJournal.size(), RUN_TIMEOUT))
                .isEqualTo(fromJournal);
        return fromJournal;
    }

    // ---- running and the checks every strategy shares ----

    /** Runs an experiment to its end and checks the training problems were all registered. */
    private ExperimentJournal finish(String id, ExperimentConfig experiment) throws Exception {
        long started = System.nanoTime();
        ExperimentJournal journal = ItFixture.run(node, reader, id, experiment, "strategies-it", RUN_TIMEOUT);
        log.info("{} experiment finished after {} ms", id, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        assertThat(journal.problems().values().stream().filter(FeedbackStrategiesIT::isTraining))
                .hasSize(TRAIN);
        return journal;
    }

    private static boolean isTraining(List<ProblemEvent> events) {
        return ((ProblemRegistered) events.get(0)).split().equals("train");
    }

    private static void assertOneDecisionPerSample(String problemId, List<ProblemEvent> events) {
        List<String> decided = events.stream()
                .map(e -> e instanceof Accepted a ? a.sampleId() : e instanceof Rejected r ? r.sampleId() : null)
                .filter(s -> s != null)
                .sorted()
                .toList();
        assertThat(decided)
                .as("one decision per sample of %s", problemId)
                .isEqualTo(ofType(events, Sampled.class).stream()
                        .map(Sampled::sampleId)
                        .sorted()
                        .toList());
    }

    private ExperimentJournal run(String id, ExperimentConfig experiment) throws Exception {
        ExperimentJournal journal = finish(id, experiment);
        journal.problems().forEach((problemId, events) -> assertFeedbackIsJournaledInOrder(problemId, events));
        assertThat(journal.problemEvents(Corrected.class))
                .as("corrections in %s", id)
                .isNotEmpty();
        assertSelfCorrectionRatesComeFromTheCorrections(journal);
        return journal;
    }

    private static void assertFeedbackIsJournaledInOrder(String problemId, List<ProblemEvent> events) {
        List<Sampled> samples = ofType(events, Sampled.class);
        assertOneDecisionPerSample(problemId, events);
        for (Sampled s : samples) {
            int at = events.indexOf(s);
            if (s.round() == 0) {
                assertThat(s.hintId()).isNull();
                continue;
            }
            Hinted hint = ofType(events, Hinted.class).stream()
                    .filter(h -> h.hintId().equals(s.hintId()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no hint " + s.hintId() + " for " + s.sampleId()));
            assertThat(hint.round()).isEqualTo(s.round());
            assertThat(events.indexOf(hint))
                    .as("hint before the sample %s", s.sampleId())
                    .isLessThan(at);
            Resampled opened = ofType(events, Resampled.class).stream()
                    .filter(r -> r.round() == s.round())
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no Resampled for round " + s.round() + " of " + problemId));
            assertThat(events.indexOf(opened)).isLessThan(events.indexOf(hint));
            Sampled about = sample(events, hint.aboutSampleId());
            assertThat(about.correct()).isFalse();
            List<Corrected> corrections = ofType(events, Corrected.class).stream()
                    .filter(c -> c.refinedSampleId().equals(s.sampleId()))
                    .toList();
            assertThat(corrections)
                    .as("corrections of %s", s.sampleId())
                    .singleElement()
                    .satisfies(c -> {
                        assertThat(c.sampleId()).isEqualTo(hint.aboutSampleId());
                        assertThat(c.critiqueText()).isEqualTo(hint.payload());
                        assertThat(c.criticModelVersion()).isEqualTo(hint.source());
                        assertThat(c.parsed())
                                .isEqualTo(Critique.parse(hint.payload()).parsed());
                        assertThat(c.refinedText()).isEqualTo(s.text());
                        assertThat(c.refinedCorrect()).isEqualTo(s.correct());
                        assertThat(c.originalCorrect()).isFalse();
                    });
            String question = ((ProblemRegistered) events.get(0)).question();
            assertThat(s.promptHash())
                    .isEqualTo(Prompts.hash(Prompts.revision(
                            question,
                            about.text(),
                            switch (hint.kind()) {
                                case TEACHER_FEEDBACK -> "Teacher";
                                case CRITIQUE -> "Critique";
                                default -> "Reflection";
                            },
                            hint.payload())));
        }
        for (Accepted a : ofType(events, Accepted.class)) {
            Sampled s = sample(events, a.sampleId());
            assertThat(a.hintDerived()).isEqualTo(s.round() > 0);
            assertThat(a.trainingPrompt()).isEqualTo(Prompts.plain(((ProblemRegistered) events.get(0)).question()));
        }
    }

    private static void assertSelfCorrectionRatesComeFromTheCorrections(ExperimentJournal journal) {
        List<Corrected> corrected = journal.problemEvents(Corrected.class).toList();
        List<IterationMetrics> metrics = MetricsFromEvents.compute(
                journal.experimentId(),
                journal.problems().values().stream().flatMap(List::stream).toList());
        IterationMetrics first =
                metrics.stream().filter(m -> m.iteration() == 1).findFirst().orElseThrow();
        assertThat(first.selfCorrection().corrections()).isEqualTo(corrected.size());
        assertThat(first.selfCorrection().wrongBefore()).isEqualTo(corrected.size());
        assertThat(first.selfCorrection().rightAfterGivenWrongBefore())
                .isEqualTo((double) corrected.stream()
                                .filter(Corrected::refinedCorrect)
                                .count()
                        / corrected.size());
        assertThat(first.selfCorrection().rightAfterGivenRightBefore()).isNull();
    }

    private static <T> List<T> ofType(List<ProblemEvent> events, Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** The ids of the first round's wrong samples, the ones feedback is about. */
    private static List<String> wrongFirstTrials(List<ProblemEvent> events) {
        return ofType(events, Sampled.class).stream()
                .filter(s -> s.round() == 0 && !s.correct())
                .map(Sampled::sampleId)
                .toList();
    }

    private static Sampled sample(List<ProblemEvent> events, String sampleId) {
        return ofType(events, Sampled.class).stream()
                .filter(s -> s.sampleId().equals(sampleId))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no sample " + sampleId));
    }

    private static Corrected correctionOf(List<ProblemEvent> events, String refinedSampleId) {
        return ofType(events, Corrected.class).stream()
                .filter(c -> c.refinedSampleId().equals(refinedSampleId))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no correction refined as " + refinedSampleId));
    }
}
