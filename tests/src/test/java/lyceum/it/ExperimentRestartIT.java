package lyceum.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import lyceum.engine.GenerationRequest;
import lyceum.engine.SamplingParams;
import lyceum.engine.TrainingExample;
import lyceum.events.ExperimentEvent;
import lyceum.events.ExperimentEvent.Evaluated;
import lyceum.events.ExperimentEvent.ExperimentFailed;
import lyceum.events.ExperimentEvent.ExperimentFinished;
import lyceum.events.ExperimentEvent.IterationStarted;
import lyceum.events.ExperimentEvent.SamplingFinished;
import lyceum.events.ExperimentEvent.TrainingStarted;
import lyceum.events.IterationCounts;
import lyceum.events.ProblemEvent;
import lyceum.events.ProblemEvent.Accepted;
import lyceum.events.ProblemEvent.DecisionRule;
import lyceum.events.ProblemEvent.Hinted;
import lyceum.events.ProblemEvent.ProblemRegistered;
import lyceum.events.ProblemEvent.Rejected;
import lyceum.events.ProblemEvent.Resampled;
import lyceum.events.ProblemEvent.Sampled;
import lyceum.events.SampleId;
import lyceum.experiment.ExperimentActor;
import lyceum.experiment.config.ExperimentConfig;
import lyceum.experiment.config.ExperimentConfigLoader;
import lyceum.node.LyceumNode;
import lyceum.node.WorkerEngines;
import lyceum.problem.Prompts;
import lyceum.replay.JournalReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node dies in the middle of an iteration's sampling and a new node on the same address and the same
 * Cassandra 5 takes over: the experiment, a remembered sharding entity, must resume by itself from its
 * journal and finish, with every sample and every decision journaled exactly once and the coordinator's
 * counters equal to what the problems' journals say. The second test runs the same config without a
 * restart and requires the same counters, models and samples; the third, that every journaled answer is
 * the one given to its own problem's prompt.
 *
 * <p>The test run's Cassandra ({@link ItFixture}), in keyspaces of this class.
 */
@TestMethodOrder(OrderAnnotation.class)
@ExtendWith(ItFixture.class)
class ExperimentRestartIT {

    private static final Logger log = LoggerFactory.getLogger(ExperimentRestartIT.class);

    private static final String INTERRUPTED = "restarted";
    private static final String UNINTERRUPTED = "uninterrupted";
    private static final long SEED = 11;
    private static final int TRAIN = 30;
    private static final int TEST = 10;
    private static final int HELD_IN = 5;
    private static final int SAMPLES = 4;
    private static final int MIN_CORRECT = 2;
    private static final int MAX_RESAMPLE = 2;
    private static final int QUOTA = 2;
    private static final int ITERATIONS = 2;
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(150);

    private static final ExperimentConfig CONFIG = ExperimentConfigLoader.parse(String.join(
            "\n",
            "experiment {",
            "  name = \"restart-mid-sampling\"",
            "  seed = " + SEED,
            "  iterations = " + ITERATIONS,
            "  dataset {",
            "    held-in-count = " + HELD_IN,
            "    synthetic { train-count = " + TRAIN + ", test-count = " + TEST + ", min-steps = 1, max-steps = 5 }",
            "  }",
            "  strategy { name = \"state-reset\", sample-num = " + SAMPLES + ", min-correct = " + MIN_CORRECT
                    + ", max-resample = " + MAX_RESAMPLE + " }",
            "  acceptance { quota-per-problem = " + QUOTA + ", deduplicate = true }",
            "  training { initial-epochs = 1, epochs = 1 }",
            "  runtime { window = 6, progress-every = 3, generation-timeout = 30s, training-timeout = 60s }",
            "}"));

    @TempDir
    static Path tmp;

    static Config config;
    static JournalReader reader;
    static TestDoubleGenerator generator;
    static TestDoubleTrainer trainer;
    static LyceumNode node;
    static ExperimentJournal interrupted;
    static ExperimentJournal reference;

    @BeforeAll
    static void start() {
        config = ItFixture.nodeConfig(
                ExperimentRestartIT.class,
                tmp.resolve("node"),
                Map.of(
                        // Batches of 3 against rounds of 4 samples: a problem's round straddles batches, so a restart
                        // can find a round half journaled.
                        "lyceum.generation.batch-size", 3));
        reader = JournalReader.open(config);
        generator = new TestDoubleGenerator(Duration.ofMillis(25));
        trainer = new TestDoubleTrainer();
    }

    @AfterAll
    static void stopAll() throws Exception {
        ItFixture.closeAll(node, reader);
    }

    private static LyceumNode startNode() {
        return ItFixture.startNode(config, new WorkerEngines(List.of(generator), List.of(trainer)));
    }

    @Test
    @Order(1)
    void aNodeRestartMidSamplingResumesTheExperimentAndJournalsEverySampleAndDecisionOnce() throws Exception {
        long started = System.nanoTime();
        node = startNode();
        ItFixture.start(node, INTERRUPTED, CONFIG, "restart-it");

        ExperimentActor.Status atRestart = awaitMidSampling(INTERRUPTED);
        node.close();
        node = null;
        log.info(
                "node stopped at iteration {} sampling {}/{} after {} s",
                atRestart.iteration(),
                atRestart.done(),
                atRestart.total(),
                seconds(started));

        ExperimentJournal before = ExperimentJournal.read(reader, INTERRUPTED);
        int t = atRestart.iteration();
        assertThat(before.experimentEvents(SamplingFinished.class))
                .as("sampling of iteration %d unfinished", t)
                .noneMatch(e -> e.iteration() == t);
        assertThat(before.experimentEvents(ExperimentFinished.class)).isEmpty();
        assertThat(before.experimentEvents(ExperimentEvent.PhaseProgressed.class))
                .as(
                        "a sampling cursor of iteration %d journaled before the restart, which the new node resumes from",
                        t)
                .anyMatch(p -> p.iteration() == t && p.phase() == ExperimentEvent.Phase.SAMPLING && p.watermark() > 0);
        long sampledBefore = before.problemEvents(Sampled.class)
                .filter(s -> s.iteration() == t)
                .count();
        assertThat(sampledBefore)
                .as("samples of iteration %d journaled before the restart", t)
                .isPositive();
        long halfDone = before.problems().values().stream()
                .filter(events -> events.stream().anyMatch(e -> e instanceof Sampled s && s.iteration() == t))
                .filter(events -> events.stream().noneMatch(e -> decidedIn(e, t)))
                .count();
        log.info(
                "{} samples of iteration {} journaled before the restart; {} problems sampled but not decided",
                sampledBefore,
                t,
                halfDone);

        // The new node is never asked about the experiment: only remember-entities can bring it back.
        node = startNode();
        interrupted = ExperimentJournal.awaitEnd(reader, INTERRUPTED, RUN_TIMEOUT);
        log.info("restarted experiment finished after {} s", seconds(started));

        assertThat(reader.experimentIds()).contains(INTERRUPTED);
        assertThat(interrupted
                        .problemEvents(Sampled.class)
                        .filter(s -> s.iteration() == t)
                        .count())
                .isGreaterThan(sampledBefore);
        assertJournalIsConsistent(interrupted);

        ExperimentActor.Status summary = ExperimentActor.Status.fromJournal(INTERRUPTED, interrupted.experiment());
        assertThat(summary.state()).isEqualTo("finished");
        assertThat(summary.iteration()).isEqualTo(ITERATIONS);
        assertThat(summary.failure()).isNull();
        assertThat(summary.latestSampling()).isEqualTo(samplingCounters(interrupted, ITERATIONS));
        assertThat(generator.unreadableQuestions()).isEmpty();
    }

    @Test
    @Order(2)
    void theRestartedRunEndsWithTheCountersModelsAndSamplesOfAnUninterruptedOne() throws Exception {
        assertThat(interrupted).as("the restarted run finished").isNotNull();
        long started = System.nanoTime();
        reference = ItFixture.run(node, reader, UNINTERRUPTED, CONFIG, "restart-it", RUN_TIMEOUT);
        log.info("uninterrupted experiment finished after {} s", seconds(started));
        assertJournalIsConsistent(reference);

        for (int t = 1; t <= ITERATIONS; t++) {
            assertThat(finishedSampling(interrupted, t).counters())
                    .as("sampling counters of iteration %d", t)
                    .isEqualTo(finishedSampling(reference, t).counters());
        }
        assertThat(interrupted.trainedModels()).isEqualTo(reference.trainedModels());
        assertThat(interrupted.experimentEvents(ExperimentFinished.class).get(0).finalModelVersion())
                .isEqualTo(reference
                        .experimentEvents(ExperimentFinished.class)
                        .get(0)
                        .finalModelVersion());
        assertThat(interrupted.sampleOutcomes()).isEqualTo(reference.sampleOutcomes());
    }

    /**
     * Each journaled sample and evaluation holds the answer the generator gave to its own problem's prompt
     * with the model it names, so the evaluation counters of both runs agree as well.
     */
    @Test
    @Order(3)
    void everySampleAndEvaluationIsTheAnswerToItsOwnProblemsPrompt() {
        assertThat(interrupted).as("the restarted run finished").isNotNull();
        assertThat(reference).as("the uninterrupted run finished").isNotNull();
        for (ExperimentJournal journal : List.of(interrupted, reference)) {
            journal.problemEvents(Sampled.class).forEach(s -> {
                String question = registration(journal, s.problemId()).question();
                Hinted hint = journal.problemEvents(s.problemId(), Hinted.class).stream()
                        .filter(h -> h.iteration() == s.iteration() && h.round() == s.round())
                        .findFirst()
                        .orElse(null);
                String prompt = hint == null ? Prompts.plain(question) : Prompts.withPrefix(question, hint.payload());
                String answer = generator.answer(
                        s.modelVersion(),
                        new GenerationRequest(
                                s.sampleId(),
                                prompt,
                                new SamplingParams(s.temperature(), s.topP(), s.maxTokens(), s.seed())));
                assertThat(s.promptHash()).as("prompt hash of %s", s.sampleId()).isEqualTo(Prompts.hash(prompt));
                assertThat(s.text())
                        .as("text of %s", s.sampleId())
                        .isEqualTo(hint == null ? answer : hint.payload() + answer);
            });
        }
        for (ExperimentJournal journal : List.of(interrupted, reference)) {
            journal.problemEvents(ProblemEvent.Evaluated.class).forEach(e -> {
                String question = registration(journal, e.problemId()).question();
                String answer = generator.answer(
                        e.modelVersion(),
                        new GenerationRequest(
                                "evaluation",
                                Prompts.plain(question),
                                SamplingParams.greedy(CONFIG.evaluation().maxTokens())));
                assertThat(e.text())
                        .as(
                                "%s answer of %s in iteration %d of %s, to \"%s\"",
                                e.evaluationSplit(), e.problemId(), e.iteration(), journal.experimentId(), question)
                        .isEqualTo(answer);
            });
        }
        assertThat(byIteration(
                        interrupted.experimentEvents(Evaluated.class), Evaluated::iteration, Evaluated::counters))
                .isEqualTo(byIteration(
                        reference.experimentEvents(Evaluated.class), Evaluated::iteration, Evaluated::counters));
    }

    // ---- driving the node ----

    /**
     * Polls the experiment until an iteration's sampling is under way: at least a third of its problems
     * done (so the coordinator has journaled a cursor past the first problems) and some not.
     */
    private ExperimentActor.Status awaitMidSampling(String experimentId) throws Exception {
        long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
        ExperimentActor.Status status = null;
        while (System.nanoTime() < deadline) {
            status = node.status(experimentId).toCompletableFuture().get(15, TimeUnit.SECONDS);
            if ("sampling".equals(status.phase())
                    && status.iteration() >= 1
                    && status.done() >= status.total() / 3
                    && status.done() < status.total()) {
                return status;
            }
            assertThat(status.state())
                    .as("experiment state while waiting for sampling (%s)", status)
                    .isEqualTo("running");
            Thread.sleep(10);
        }
        return fail("no sampling phase was seen half done within %s; last status %s", RUN_TIMEOUT, status);
    }

    // ---- what the journal must say ----

    private static void assertJournalIsConsistent(ExperimentJournal journal) {
        String id = journal.experimentId();
        Map<String, ProblemRegistered> registered = new TreeMap<>();
        journal.problems().forEach((problemId, events) -> {
            assertThat(events).as("journal of %s", problemId).isNotEmpty();
            assertThat(events.get(0)).as("first event of %s", problemId).isInstanceOf(ProblemRegistered.class);
            assertThat(events.stream().filter(ProblemRegistered.class::isInstance))
                    .hasSize(1);
            registered.put(problemId, (ProblemRegistered) events.get(0));
        });
        assertThat(registered.values().stream()
                        .collect(Collectors.groupingBy(ProblemRegistered::split, Collectors.counting())))
                .isEqualTo(Map.of("train", (long) TRAIN, "test", (long) TEST));

        Map<Integer, String> models = journal.trainedModels();
        assertThat(models).containsOnlyKeys(0, 1, 2);
        for (int t = 1; t <= ITERATIONS; t++) {
            int iteration = t;
            assertThat(journal.experimentEvents(IterationStarted.class).stream()
                            .filter(e -> e.iteration() == iteration))
                    .singleElement()
                    .extracting(IterationStarted::samplingModelVersion)
                    .isEqualTo(models.get(t - 1));
            for (ProblemRegistered problem : registered.values()) {
                boolean train = problem.split().equals("train");
                List<Sampled> sampled = journal.problemEvents(problem.problemId(), Sampled.class).stream()
                        .filter(s -> s.iteration() == iteration)
                        .toList();
                assertThat(sampled.isEmpty())
                        .as("%s sampled in iteration %d", problem.problemId(), t)
                        .isEqualTo(!train);
                if (train) {
                    assertProblemIteration(journal, problem, t, sampled, models.get(t - 1));
                }
            }
            assertThat(finishedSampling(journal, t).counters())
                    .as("SamplingFinished(%d) against the problem journals", t)
                    .isEqualTo(samplingCounters(journal, t));
        }

        assertCursors(journal);
        assertTraining(journal, models);
        assertEvaluations(journal, registered);
        assertThat(journal.experimentEvents(ExperimentFinished.class))
                .singleElement()
                .extracting(ExperimentFinished::finalModelVersion)
                .isEqualTo(models.get(ITERATIONS));
        assertThat(journal.experimentEvents(ExperimentFailed.class)).isEmpty();

        // The scenario exercises what it claims to: guided resampling and every kind of decision.
        assertThat(journal.problemEvents(Resampled.class).count())
                .as("resample rounds in %s", id)
                .isPositive();
        assertThat(journal.problemEvents(Hinted.class).count())
                .as("state-reset hints in %s", id)
                .isPositive();
        assertThat(journal.problemEvents(Accepted.class)
                        .filter(Accepted::hintDerived)
                        .count())
                .as("hint-derived samples accepted in %s", id)
                .isPositive();
        assertThat(journal.problemEvents(Rejected.class)
                        .map(r -> r.reasons().get(0).rule())
                        .collect(Collectors.toSet()))
                .contains(DecisionRule.INCORRECT, DecisionRule.DUPLICATE);
    }

    /** One train problem in one iteration: each sample and decision once, rounds as the strategy says. */
    private static void assertProblemIteration(
            ExperimentJournal journal, ProblemRegistered problem, int t, List<Sampled> sampled, String modelVersion) {
        String problemId = problem.problemId();
        String what = problemId + " iteration " + t;
        Map<Long, Long> perPosition = sampled.stream()
                .collect(Collectors.groupingBy(s -> ((long) s.round() << 32) | s.index(), Collectors.counting()));
        assertThat(perPosition.values())
                .as("Sampled events per (round, index) of %s", what)
                .containsOnly(1L);
        int lastRound = sampled.stream().mapToInt(Sampled::round).max().orElseThrow();
        for (int r = 0; r <= lastRound; r++) {
            int round = r;
            assertThat(sampled.stream()
                            .filter(s -> s.round() == round)
                            .map(Sampled::index)
                            .sorted()
                            .toList())
                    .as("indices of round %d of %s", r, what)
                    .containsExactly(0, 1, 2, 3);
        }
        for (Sampled s : sampled) {
            SampleId expected = new SampleId(journal.experimentId(), problemId, t, s.round(), s.index());
            assertThat(s.sampleId()).isEqualTo(expected.value());
            // drawn under the experiment's configured seed, the same in the interrupted and the uninterrupted run
            assertThat(s.seed()).isEqualTo(expected.seed(SEED));
            assertThat(s.modelVersion()).as("model of %s", s.sampleId()).isEqualTo(modelVersion);
            assertThat(s.strategy()).isEqualTo("state-reset");
        }

        List<Resampled> resampled = journal.problemEvents(problemId, Resampled.class).stream()
                .filter(e -> e.iteration() == t)
                .toList();
        assertThat(resampled)
                .extracting(Resampled::round)
                .as("resample rounds of %s", what)
                .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, lastRound)
                        .boxed()
                        .toList());
        Map<Integer, Hinted> hints = new HashMap<>();
        journal.problemEvents(problemId, Hinted.class).stream()
                .filter(e -> e.iteration() == t)
                .forEach(h -> {
                    assertThat(h.round()).isBetween(1, lastRound);
                    assertThat(hints.put(h.round(), h))
                            .as("one hint for round %d of %s", h.round(), what)
                            .isNull();
                });
        for (Sampled s : sampled) {
            Hinted hint = hints.get(s.round());
            assertThat(s.hintId()).as("hint of %s", s.sampleId()).isEqualTo(hint == null ? null : hint.hintId());
        }
        for (int r = 0; r < lastRound; r++) {
            int round = r;
            assertThat(sampled.stream()
                            .filter(s -> s.round() <= round && s.correct())
                            .count())
                    .as("correct samples of %s up to round %d, which was followed by a resample", what, r)
                    .isLessThan(MIN_CORRECT);
        }
        assertThat(lastRound == MAX_RESAMPLE
                        || sampled.stream().filter(Sampled::correct).count() >= MIN_CORRECT)
                .as("%s stopped resampling with %d rounds", what, lastRound + 1)
                .isTrue();

        Map<String, Sampled> byId = sampled.stream().collect(Collectors.toMap(Sampled::sampleId, Function.identity()));
        List<String> decided = new ArrayList<>();
        List<Accepted> accepted = journal.problemEvents(problemId, Accepted.class).stream()
                .filter(a -> a.iteration() == t)
                .toList();
        accepted.forEach(a -> decided.add(a.sampleId()));
        journal.problemEvents(problemId, Rejected.class).stream()
                .filter(r -> r.iteration() == t)
                .forEach(r -> decided.add(r.sampleId()));
        assertThat(decided)
                .as("decisions of %s", what)
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(byId.keySet());
        assertThat(accepted)
                .as("accepted samples of %s", what)
                .hasSizeLessThanOrEqualTo(QUOTA)
                .allSatisfy(a -> {
                    Sampled s = byId.get(a.sampleId());
                    assertThat(s.correct()).isTrue();
                    assertThat(a.hintDerived())
                            .as("hint-derived %s", a.sampleId())
                            .isEqualTo(s.hintId() != null);
                    assertThat(a.trainingPrompt())
                            .as("a hint-derived sample is learned without its hint")
                            .isEqualTo(Prompts.plain(problem.question()));
                    assertThat(a.trainingCompletion()).isEqualTo(s.text());
                });
    }

    /**
     * The coordinator's sampling cursors: within a phase of an iteration the watermark never moves back,
     * also across the restart, and the counters of a cursor count exactly the problems below it.
     */
    private static void assertCursors(ExperimentJournal journal) {
        List<ExperimentEvent.PhaseProgressed> cursors =
                journal.experimentEvents(ExperimentEvent.PhaseProgressed.class).stream()
                        .filter(p -> p.phase() == ExperimentEvent.Phase.SAMPLING)
                        .toList();
        assertThat(cursors).as("sampling cursors of %s", journal.experimentId()).isNotEmpty();
        for (int i = 1; i < cursors.size(); i++) {
            ExperimentEvent.PhaseProgressed previous = cursors.get(i - 1);
            ExperimentEvent.PhaseProgressed next = cursors.get(i);
            if (previous.iteration() == next.iteration()) {
                assertThat(next.watermark()).as("cursor after %s", previous).isGreaterThan(previous.watermark());
            }
        }
        assertThat(cursors).allSatisfy(p -> assertThat(p.counters().problems()).isEqualTo(p.watermark()));
    }

    /** Training sets and models: iteration 0 on the references, later ones on exactly what was accepted. */
    private static void assertTraining(ExperimentJournal journal, Map<Integer, String> models) {
        for (int t = 0; t <= ITERATIONS; t++) {
            int iteration = t;
            Set<String> acceptedIds = journal.problemEvents(Accepted.class)
                    .filter(a -> a.iteration() == iteration)
                    .map(Accepted::sampleId)
                    .collect(Collectors.toSet());
            int expected = t == 0 ? TRAIN : acceptedIds.size();
            assertThat(journal.experimentEvents(TrainingStarted.class).stream().filter(e -> e.iteration() == iteration))
                    .singleElement()
                    .extracting(TrainingStarted::exampleCount)
                    .isEqualTo(expected);
            List<TestDoubleTrainer.Job> jobs = trainer.jobs(journal.experimentId()).stream()
                    .filter(j -> j.job().iteration() == iteration)
                    .toList();
            assertThat(jobs).as("training jobs of iteration %d", t).hasSize(1);
            assertThat(jobs.get(0).modelVersion()).isEqualTo(models.get(t));
            if (t > 0) {
                assertThat(jobs.get(0).job().examples())
                        .extracting(TrainingExample::sampleId)
                        .containsExactlyInAnyOrderElementsOf(acceptedIds);
            }
        }
    }

    /** Each evaluation problem once per iteration and split, and the coordinator's counters match. */
    private static void assertEvaluations(ExperimentJournal journal, Map<String, ProblemRegistered> registered) {
        List<ProblemEvent.Evaluated> all =
                journal.problemEvents(ProblemEvent.Evaluated.class).toList();
        assertThat(all.stream()
                        .collect(Collectors.groupingBy(
                                e -> e.problemId() + "~" + e.iteration() + "~" + e.evaluationSplit(),
                                Collectors.counting()))
                        .values())
                .as("Evaluated events per (problem, iteration, split)")
                .containsOnly(1L);
        for (int t = 0; t <= ITERATIONS; t++) {
            int iteration = t;
            IterationCounts counters = IterationCounts.NONE;
            for (ProblemEvent.Evaluated e :
                    all.stream().filter(e -> e.iteration() == iteration).toList()) {
                counters = counters.plus(IterationCounts.evaluated(
                        e.evaluationSplit(), new IterationCounts.SplitCounts(0, 1, e.correct() ? 1 : 0, 0, 0), 0));
            }
            assertThat(counters.splits().get("held-out").greedy()).isEqualTo(TEST);
            assertThat(counters.splits().get("held-in").greedy()).isEqualTo(HELD_IN);
            assertThat(journal.experimentEvents(Evaluated.class).stream().filter(e -> e.iteration() == iteration))
                    .singleElement()
                    .extracting(Evaluated::counters)
                    .as("Evaluated(%d) against the problem journals", t)
                    .isEqualTo(counters);
        }
    }

    // ---- helpers ----

    private static SamplingFinished finishedSampling(ExperimentJournal journal, int t) {
        List<SamplingFinished> finished = journal.experimentEvents(SamplingFinished.class).stream()
                .filter(e -> e.iteration() == t)
                .toList();
        assertThat(finished)
                .as("SamplingFinished(%d) of %s", t, journal.experimentId())
                .hasSize(1);
        return finished.get(0);
    }

    /** The sampling counters of iteration t as the problems' journals tell them. */
    private static IterationCounts samplingCounters(ExperimentJournal journal, int t) {
        IterationCounts counters = journal.samplingCounters(t);
        assertThat(counters.problems()).isEqualTo(TRAIN);
        return counters;
    }

    private static <E, V> Map<Integer, V> byIteration(
            List<E> events, Function<E, Integer> iteration, Function<E, V> value) {
        Map<Integer, V> out = new TreeMap<>();
        events.forEach(e -> assertThat(out.put(iteration.apply(e), value.apply(e)))
                .as("one per iteration: %s", e)
                .isNull());
        return out;
    }

    private static ProblemRegistered registration(ExperimentJournal journal, String problemId) {
        return (ProblemRegistered) journal.problems().get(problemId).get(0);
    }

    private static boolean decidedIn(ProblemEvent event, int t) {
        return (event instanceof Accepted a && a.iteration() == t)
                || (event instanceof Rejected r && r.iteration() == t);
    }

    private static long seconds(long startedNanos) {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedNanos);
    }
}
