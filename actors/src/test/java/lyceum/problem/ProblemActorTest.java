package lyceum.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import lyceum.PersistenceTestConfig;
import lyceum.engine.ChatMessage;
import lyceum.engine.Generation;
import lyceum.engine.ModelRef;
import lyceum.engine.TrainingExample;
import lyceum.events.ProblemEvent;
import lyceum.events.ProblemEvent.Accepted;
import lyceum.events.ProblemEvent.DecisionRule;
import lyceum.events.ProblemEvent.Evaluated;
import lyceum.events.ProblemEvent.EvaluationRefined;
import lyceum.events.ProblemEvent.EvaluationSampled;
import lyceum.events.ProblemEvent.HintKind;
import lyceum.events.ProblemEvent.Hinted;
import lyceum.events.ProblemEvent.ProblemRegistered;
import lyceum.events.ProblemEvent.ReferenceScored;
import lyceum.events.ProblemEvent.Rejected;
import lyceum.events.ProblemEvent.Resampled;
import lyceum.events.ProblemEvent.Sampled;
import lyceum.events.RequestKey;
import lyceum.events.SampleId;
import lyceum.experiment.config.ExperimentConfig;
import lyceum.experiment.config.ExperimentConfigLoader;
import lyceum.experiment.config.StrategySettings.StrategyName;
import lyceum.grading.Grader;
import lyceum.workers.GenerationPool;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProblemActorTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String EXPERIMENT = "exp-1";
    private static final String QUESTION = "Ann has 2 apples and buys 3 more. How many apples does she have?";
    private static final String RATIONALE = "Ann starts with 2 apples.\nShe buys 3 more: 2 + 3 = 5.\n#### 5";
    private static final String FIRST_STEP = "Ann starts with 2 apples.\n";
    private static final ExperimentConfig.Acceptance ACCEPTANCE = new ExperimentConfig.Acceptance(4, true);
    private static final AtomicInteger PROBLEMS = new AtomicInteger();
    private static final ExperimentConfig.Evaluation GREEDY = ExperimentConfig.Evaluation.greedyOnly(64);
    private static final ExperimentConfig.Evaluation GREEDY_AND_FOUR_SAMPLES =
            new ExperimentConfig.Evaluation(64, true, 4, 0.8, 0.9);
    private static final ExperimentConfig.Evaluation GREEDY_THEN_STEP_CHECKER = new ExperimentConfig.Evaluation(
            64, true, 0, 0.7, 0.95, new ExperimentConfig.Refine(true, ExperimentConfig.CriticKind.STEP_CHECKER, ""));
    private static final ExperimentConfig.Evaluation GREEDY_THEN_MODEL_CRITIC = new ExperimentConfig.Evaluation(
            64, true, 0, 0.7, 0.95, new ExperimentConfig.Refine(true, ExperimentConfig.CriticKind.MODEL, "critic-1"));

    /**
     * Commands and events are serialized by the test kit; the problem's State is not: it is a mutable
     * class that the event handler updates in place and is never snapshotted (the actor defines no
     * retention), so it never reaches a serializer in production either.
     */
    private static final EventSourcedBehaviorTestKit.SerializationSettings SERIALIZATION =
            EventSourcedBehaviorTestKit.enabledSerializationSettings().withVerifyState(false);

    private static ActorTestKit testKit;

    private TestProbe<GenerationPool.Command> pool;
    private TestProbe<ProblemActor.SamplingSummary> summary;
    private TestProbe<ProblemActor.EvaluationSummary> evaluation;
    private String problemId;
    private String persistenceId;
    private EventSourcedBehaviorTestKit<ProblemActor.Command, ProblemEvent, ProblemState> problem;

    @BeforeAll
    static void start() {
        testKit = ActorTestKit.create("problem-actor", PersistenceTestConfig.config());
    }

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    @BeforeEach
    void newProblem() {
        pool = testKit.createTestProbe();
        summary = testKit.createTestProbe();
        evaluation = testKit.createTestProbe();
        problemId = "p-" + PROBLEMS.incrementAndGet();
        String entityId = ProblemActor.entityId(EXPERIMENT, problemId);
        persistenceId = "Problem|" + EXPERIMENT + "|" + problemId; // the id projections and replays read
        problem = EventSourcedBehaviorTestKit.create(
                testKit.system(),
                ProblemActor.create(entityId, pool.ref(), Grader.standard(), Duration.ofMinutes(1)),
                SERIALIZATION);
    }

    private static final String STEPS_QUESTION =
            "Bo has 2 coins and finds 3 more, then his pile grows 4 times. How many?";
    private static final String STEPS_RATIONALE = "2 + 3 = 5\n5 * 4 = 20\n#### 20";

    /** A problem with a step-wise arithmetic reference, which the step checker can judge. */
    private ProblemRegistered registeredWithSteps() {
        return new ProblemRegistered(
                EXPERIMENT,
                problemId,
                STEPS_QUESTION,
                "20",
                STEPS_RATIONALE,
                2.0,
                2,
                "train",
                "synthetic",
                "synthetic:2",
                2);
    }

    private void registerWithSteps() {
        problem.<Done>runCommand(r -> new ProblemActor.Register(registeredWithSteps(), r));
    }

    /** Step-checked feedback: one acceptance per critique, the critic used, two reflections. */
    private static ExperimentConfig.Feedback critiqueFeedback(
            ExperimentConfig.CriticKind critic, String criticModel, int refinements, boolean conditionedTraining) {
        return new ExperimentConfig.Feedback(
                critic,
                criticModel,
                refinements,
                1,
                true,
                2,
                ExperimentConfig.ReflectionDemand.CHECK_STEPS,
                conditionedTraining,
                ExperimentConfig.CriticEndpoint.NONE);
    }

    /** Iteration 1 of model m-1. */
    private EventSourcedBehaviorTestKit.CommandResult<ProblemActor.Command, ProblemEvent, ProblemState> sample(
            ExperimentConfig.Strategy strategy) {
        return sample(1, "m-1", strategy);
    }

    private EventSourcedBehaviorTestKit.CommandResult<ProblemActor.Command, ProblemEvent, ProblemState> sample(
            int iteration, String model, ExperimentConfig.Strategy strategy) {
        return problem.runCommand(
                new ProblemActor.RunSampling(iteration, ModelRef.local(model), strategy, ACCEPTANCE, summary.ref()));
    }

    /** Iteration 1 of model m-1 with the templates, experiment seed and registration given (null: none). */
    private ProblemActor.RunSampling samplingOfM1(
            ExperimentConfig.Strategy strategy,
            ExperimentConfig.PromptTemplates prompts,
            Long experimentSeed,
            ProblemRegistered registration) {
        return new ProblemActor.RunSampling(
                1, ModelRef.local("m-1"), strategy, ACCEPTANCE, summary.ref(), prompts, experimentSeed, registration);
    }

    /** Samples iteration 1 of model m-1 and returns the {@code requests} it asks for. */
    private List<GenerationPool.Generate> sampleAndAsk(ExperimentConfig.Strategy strategy, int requests) {
        sample(strategy);
        return generates(requests);
    }

    private List<GenerationPool.Generate> registerAndSample(ExperimentConfig.Strategy strategy, int requests) {
        register();
        return sampleAndAsk(strategy, requests);
    }

    private List<GenerationPool.Generate> registerWithStepsAndSample(ExperimentConfig.Strategy strategy, int requests) {
        registerWithSteps();
        return sampleAndAsk(strategy, requests);
    }

    /** A repeated sampling command journals nothing, asks for nothing and answers with the summary it gave before. */
    private void assertSamplingAnsweredFromTheJournal(
            ExperimentConfig.Strategy strategy, ProblemActor.SamplingSummary expected) {
        assertThat(sample(strategy).events()).isEmpty();
        assertThat(summary.receiveMessage(WAIT)).isEqualTo(expected);
        pool.expectNoMessage(Duration.ofMillis(200));
    }

    private EventSourcedBehaviorTestKit.CommandResult<ProblemActor.Command, ProblemEvent, ProblemState> evaluate(
            int iteration, String split, String model, ExperimentConfig.Evaluation settings) {
        return problem.runCommand(
                new ProblemActor.Evaluate(iteration, split, ModelRef.local(model), settings, evaluation.ref()));
    }

    /** The same evaluation asked again, answered by the actor itself. */
    private EventSourcedBehaviorTestKit.CommandResultWithReply<
                    ProblemActor.Command, ProblemEvent, ProblemState, ProblemActor.EvaluationSummary>
            evaluateAgain(int iteration, String split, String model, ExperimentConfig.Evaluation settings) {
        return problem.runCommand(r -> new ProblemActor.Evaluate(iteration, split, ModelRef.local(model), settings, r));
    }

    /** A repeated evaluation journals nothing, asks for nothing and answers with the summary it gave before. */
    private void assertAnsweredFromTheJournal(
            int iteration,
            String split,
            String model,
            ExperimentConfig.Evaluation settings,
            ProblemActor.EvaluationSummary expected) {
        var repeat = evaluateAgain(iteration, split, model, settings);
        assertThat(repeat.events()).isEmpty();
        assertThat(repeat.reply()).isEqualTo(expected);
        pool.expectNoMessage(Duration.ofMillis(200));
    }

    private static ExperimentConfig.Strategy feedbackStrategy(
            StrategyName name, int samples, int minCorrect, int maxResample, ExperimentConfig.Feedback feedback) {
        return new ExperimentConfig.Strategy(name, samples, minCorrect, maxResample, 0, 0.7, 0.95, 64, feedback);
    }

    private ProblemRegistered registered() {
        return new ProblemRegistered(
                EXPERIMENT, problemId, QUESTION, "5", RATIONALE, 1.0, 1, "train", "synthetic", "synthetic:1", 1);
    }

    private void register() {
        problem.<Done>runCommand(r -> new ProblemActor.Register(registered(), r));
    }

    private static ExperimentConfig.Strategy strategy(StrategyName name, int samples, int minCorrect, int maxResample) {
        return new ExperimentConfig.Strategy(
                name, samples, minCorrect, maxResample, 0, 0.7, 0.95, 64, ExperimentConfig.Feedback.defaults());
    }

    /**
     * The next {@code n} requests other than reference scores, by id. A training problem's reference is
     * scored first in each iteration; such a request is answered here at once with {@link #REFERENCE_LOG_PROB}
     * (its ReferenceScored is journaled right after the registration, before any sample).
     */
    private List<GenerationPool.Generate> generates(int n) {
        List<GenerationPool.Generate> requests = new ArrayList<>();
        while (requests.size() < n) {
            GenerationPool.Generate g = (GenerationPool.Generate) pool.receiveMessage(WAIT);
            if (g.request().scores()) {
                answer(g, g.request().scoreText(), REFERENCE_LOG_PROB);
            } else {
                requests.add(g);
            }
        }
        pool.expectNoMessage(Duration.ofMillis(100));
        requests.sort(Comparator.comparing(g -> g.request().requestId()));
        return requests;
    }

    private static final double REFERENCE_LOG_PROB = -0.8;

    /** Answers the first requests with the texts, one each, in the order given. */
    private static void answerInOrder(List<GenerationPool.Generate> requests, String... texts) {
        assertThat(texts.length).isLessThanOrEqualTo(requests.size());
        for (int i = 0; i < texts.length; i++) {
            answer(requests.get(i), texts[i]);
        }
    }

    private static void answer(GenerationPool.Generate request, String text) {
        answer(request, text, -0.4);
    }

    private static void answer(GenerationPool.Generate request, String text, double meanLogProb) {
        request.replyTo()
                .tell(new GenerationPool.Generated(
                        new Generation(request.request().requestId(), text, 12, meanLogProb, false, 30), "node-gpu"));
    }

    /**
     * The journal without the reference's scores: {@link #generates} answers them as they are asked, and
     * {@code everyIterationScoresTheReferenceOnceBeforeItsDecisions} checks them.
     */
    private List<Object> journal() {
        return problem.persistenceTestKit().persistedInStorage(persistenceId).stream()
                .filter(e -> !(e instanceof ReferenceScored))
                .toList();
    }

    private List<Object> awaitJournal(int size) {
        return pool.awaitAssert(WAIT, () -> {
            assertThat(journal()).hasSize(size);
            return journal();
        });
    }

    private static <T> List<T> ofType(List<Object> events, Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Test
    void everyIterationScoresTheReferenceOnceBeforeItsDecisions() {
        register();
        ExperimentConfig.Strategy vanilla = strategy(StrategyName.VANILLA, 2, 1, 0);

        sample(vanilla);
        List<GenerationPool.Generate> asked = pool.receiveSeveralMessages(3, WAIT).stream()
                .map(GenerationPool.Generate.class::cast)
                .toList();
        GenerationPool.Generate reference =
                asked.stream().filter(g -> g.request().scores()).findFirst().orElseThrow();
        assertThat(reference.request().requestId())
                .isEqualTo(new RequestKey.ReferenceScore(EXPERIMENT, problemId, 1).wire());
        assertThat(reference.request().scoreText()).isEqualTo(RATIONALE);
        assertThat(reference.request().prompt()).isEqualTo(Prompts.plain(QUESTION));
        assertThat(reference.model()).isEqualTo(ModelRef.local("m-1"));
        asked.stream().filter(g -> !g.request().scores()).forEach(g -> answer(g, "2 + 3 = 5\n#### 5"));
        awaitJournal(1 + 2);
        summary.expectNoMessage(Duration.ofMillis(200));
        assertThat(ofType(journal(), Accepted.class))
                .as("no decision before the reference's score")
                .isEmpty();

        answer(reference, RATIONALE, -0.6);
        assertThat(summary.receiveMessage(WAIT).samples()).isEqualTo(2);
        List<Object> all = problem.persistenceTestKit().persistedInStorage(persistenceId);
        ReferenceScored scored = ofType(all, ReferenceScored.class).get(0);
        assertThat(scored)
                .isEqualTo(new ReferenceScored(
                        EXPERIMENT, problemId, 1, "m-1", Prompts.hash(Prompts.plain(QUESTION)), 12, -0.6, null));
        assertThat(all.indexOf(scored))
                .isLessThan(all.indexOf(ofType(all, Accepted.class).get(0)));
        sample(vanilla);
        assertThat(summary.receiveMessage(WAIT).iteration())
                .as("a repeat is answered from the journal")
                .isEqualTo(1);
        pool.expectNoMessage(Duration.ofMillis(200));

        // A score that fails is journaled without one, and the iteration is decided all the same.
        sample(2, "m-2", vanilla);
        List<GenerationPool.Generate> second = pool.receiveSeveralMessages(3, WAIT).stream()
                .map(GenerationPool.Generate.class::cast)
                .toList();
        second.stream().filter(g -> g.request().scores()).forEach(g -> fail(g, "timed out after PT2M", false));
        second.stream().filter(g -> !g.request().scores()).forEach(g -> answer(g, "#### 7"));
        assertThat(summary.receiveMessage(WAIT).iteration()).isEqualTo(2);
        assertThat(ofType(problem.persistenceTestKit().persistedInStorage(persistenceId), ReferenceScored.class))
                .extracting(
                        ReferenceScored::iteration,
                        ReferenceScored::modelVersion,
                        ReferenceScored::meanLogProb,
                        ReferenceScored::failure)
                .containsExactly(tuple(1, "m-1", -0.6, null), tuple(2, "m-2", null, "timed out after PT2M"));
    }

    @Test
    void registerJournalsTheProblemOnceAndAcknowledgesARepeat() {
        var first = problem.<Done>runCommand(r -> new ProblemActor.Register(registered(), r));
        var again = problem.<Done>runCommand(r -> new ProblemActor.Register(registered(), r));

        assertThat(first.events()).containsExactly(registered());
        assertThat(first.reply()).isEqualTo(Done.getInstance());
        assertThat(again.events()).isEmpty();
        assertThat(again.reply()).isEqualTo(Done.getInstance());
        assertThat(problem.getState().problem()).isEqualTo(registered());
    }

    @Test
    void theFirstSamplingCommandJournalsTheRegistrationItCarriesBeforeItsWorkAndOnlyOnce() {
        ProblemActor.RunSampling run = samplingOfM1(strategy(StrategyName.VANILLA, 2, 1, 0), null, 7L, registered());

        var first = problem.runCommand(run);
        assertThat(first.events()).containsExactly(registered());
        List<GenerationPool.Generate> requests = generates(2);
        assertThat(problem.runCommand(run).events())
                .as("the coordinator's repeat")
                .isEmpty();
        answerInOrder(requests, "2 + 3 = 5\n#### 5", "2 + 4 = 6\n#### 6");

        assertThat(summary.receiveMessage(WAIT).samples()).isEqualTo(2);
        List<Object> stored = problem.persistenceTestKit().persistedInStorage(persistenceId);
        assertThat(stored.get(0)).isEqualTo(registered());
        assertThat(ofType(stored, ProblemRegistered.class)).hasSize(1);
        assertThat(ofType(stored, Sampled.class)).hasSize(2);
        assertThat(problem.getState().problem()).isEqualTo(registered());
    }

    @Test
    void theFirstEvaluationJournalsTheRegistrationItCarries() {
        ProblemRegistered test = new ProblemRegistered(
                EXPERIMENT, problemId, QUESTION, "5", RATIONALE, 1.0, 1, "test", "synthetic", "synthetic:1", 1);

        var asked = problem.runCommand(new ProblemActor.Evaluate(
                0, "held-out", ModelRef.local("m-0"), GREEDY, evaluation.ref(), null, 7L, test));
        assertThat(asked.events()).containsExactly(test);
        answer(generates(1).get(0), "2 + 3 = 5\n#### 5");

        assertThat(evaluation.receiveMessage(WAIT).correct()).isTrue();
        assertThat(awaitJournal(2))
                .extracting(Object::getClass)
                .containsExactly(ProblemRegistered.class, Evaluated.class);
    }

    @Test
    void collectingIterationZerosReferenceRegistersAProblemNotAskedBefore() {
        TrainingExample reference =
                new TrainingExample("reference~" + EXPERIMENT + "~" + problemId, Prompts.plain(QUESTION), RATIONALE);
        TestProbe<ProblemActor.TrainingData> data = testKit.createTestProbe();

        var asked = problem.runCommand(
                new ProblemActor.CollectTrainingData(0, false, false, data.ref(), null, registered()));

        assertThat(asked.events()).containsExactly(registered());
        assertThat(data.receiveMessage(WAIT).examples()).containsExactly(reference);
        var without = problem.<ProblemActor.TrainingData>runCommand(
                r -> new ProblemActor.CollectTrainingData(0, false, false, r));
        assertThat(without.events()).isEmpty();
        assertThat(without.reply().examples()).containsExactly(reference);
    }

    @Test
    void workWithoutARegistrationOrWithAnotherProblemsIsNotDoneBeforeRegistration() {
        ProblemRegistered another = new ProblemRegistered(
                EXPERIMENT, problemId + "-other", QUESTION, "5", RATIONALE, 1.0, 1, "train", "synthetic", "s:2", 2);

        for (ProblemRegistered registration : java.util.Arrays.asList(null, another)) {
            var asked =
                    problem.runCommand(samplingOfM1(strategy(StrategyName.VANILLA, 2, 1, 0), null, 7L, registration));
            assertThat(asked.events()).isEmpty();
        }
        pool.expectNoMessage(Duration.ofMillis(200));
        summary.expectNoMessage(Duration.ofMillis(100));
        assertThat(problem.getState().problem()).isNull();
    }

    @Test
    void vanillaSamplingAsksForEachSampleOnceWithTheSeedOfItsId() {
        List<GenerationPool.Generate> requests = registerAndSample(strategy(StrategyName.VANILLA, 4, 1, 0), 4);
        assertThat(requests)
                .extracting(g -> g.request().requestId())
                .containsExactly(
                        new SampleId(EXPERIMENT, problemId, 1, 0, 0).value(),
                                new SampleId(EXPERIMENT, problemId, 1, 0, 1).value(),
                        new SampleId(EXPERIMENT, problemId, 1, 0, 2).value(),
                                new SampleId(EXPERIMENT, problemId, 1, 0, 3).value());
        assertThat(requests).allSatisfy(g -> {
            assertThat(g.model()).isEqualTo(ModelRef.local("m-1"));
            assertThat(g.request().prompt()).isEqualTo(Prompts.plain(QUESTION));
            assertThat(g.request().params().seed())
                    .isEqualTo(SampleId.parse(g.request().requestId()).seed());
            assertThat(g.request().params().temperature()).isEqualTo(0.7);
        });
    }

    @Test
    void underAnExperimentSeedSamplingSeedsDependOnTheSeedAndThePlaceNotOnTheExperimentId() {
        register();

        problem.runCommand(samplingOfM1(strategy(StrategyName.VANILLA, 2, 1, 0), null, 7L, null));

        List<GenerationPool.Generate> requests = generates(2);
        for (int i = 0; i < 2; i++) {
            long seed = requests.get(i).request().params().seed();
            // another experiment run from the same configuration draws with the same seed
            assertThat(seed).isEqualTo(new SampleId("exp-another-run", problemId, 1, 0, i).seed(7L));
            assertThat(seed).isNotEqualTo(new SampleId(EXPERIMENT, problemId, 1, 0, i).seed(8L));
        }
        answerInOrder(requests, "2 + 3 = 5\n#### 5", "2 + 4 = 6\n#### 6");
        summary.receiveMessage(WAIT);
        assertThat(ofType(journal(), Sampled.class))
                .extracting(Sampled::seed)
                .containsExactly(
                        requests.get(0).request().params().seed(),
                        requests.get(1).request().params().seed());
    }

    @Test
    void answeredSamplesAreJournaledGradedAndDecidedInIndexOrder() {
        List<GenerationPool.Generate> requests = registerAndSample(strategy(StrategyName.VANILLA, 4, 1, 0), 4);

        answer(requests.get(3), "I do not know.");
        answer(requests.get(1), "2 + 4 = 6\n#### 6");
        answer(requests.get(0), "2 + 3 = 5\n#### 5");
        answer(requests.get(2), "Two and three make five.\n#### 5");

        ProblemActor.SamplingSummary result = summary.receiveMessage(WAIT);
        assertThat(result).isEqualTo(new ProblemActor.SamplingSummary(problemId, 1, 1, 4, 2, 2, 1, 2, 0, null));
        List<Object> events = awaitJournal(9);
        assertThat(events.subList(1, 5)).allMatch(Sampled.class::isInstance);
        List<Sampled> sampled = ofType(events, Sampled.class);
        assertThat(sampled).extracting(Sampled::index).containsExactly(3, 1, 0, 2);
        assertThat(sampled).extracting(Sampled::correct).containsExactly(false, false, true, true);
        assertThat(sampled).extracting(Sampled::extractedAnswer).containsExactly("", "6", "5", "5");
        assertThat(sampled).allSatisfy(s -> {
            assertThat(s.strategy()).isEqualTo("vanilla");
            assertThat(s.modelVersion()).isEqualTo("m-1");
            assertThat(s.workerNode()).isEqualTo("node-gpu");
            assertThat(s.graderVersion()).isEqualTo(Grader.VERSION);
            assertThat(s.seed()).isEqualTo(SampleId.parse(s.sampleId()).seed());
            assertThat(s.promptHash()).isEqualTo(Prompts.hash(Prompts.plain(QUESTION)));
            assertThat(s.hintId()).isNull();
        });
        List<Object> decisions = events.subList(5, 9);
        assertThat(decisions)
                .extracting(e -> e.getClass().getSimpleName())
                .containsExactly("Accepted", "Rejected", "Accepted", "Rejected");
        assertThat(ofType(decisions, Rejected.class))
                .extracting(r -> r.reasons().get(0).rule())
                .containsExactly(DecisionRule.INCORRECT, DecisionRule.INCORRECT);
        assertThat(ofType(decisions, Accepted.class)).allSatisfy(a -> {
            assertThat(a.hintDerived()).isFalse();
            assertThat(a.policyVersion()).isEqualTo(AcceptancePolicy.VERSION);
        });
    }

    @Test
    void aSampleFromAServedModelPinnedByNameIsJournaledWithThatName() {
        register();
        ModelRef pinned = new ModelRef(
                "m-1",
                new lyceum.engine.OpenAiEndpoint(
                        "http://127.0.0.1:8000", "qwen-0.5b", 2, java.time.Duration.ofSeconds(5), 0, ""));
        problem.runCommand(new ProblemActor.RunSampling(
                1, pinned, strategy(StrategyName.VANILLA, 1, 1, 0), ACCEPTANCE, summary.ref()));
        GenerationPool.Generate request = generates(1).get(0);
        assertThat(request.model()).isEqualTo(pinned);

        answer(request, "2 + 3 = 5\n#### 5");

        summary.receiveMessage(WAIT);
        assertThat(ofType(awaitJournal(3), Sampled.class))
                .singleElement()
                .satisfies(s -> assertThat(s.modelVersion()).isEqualTo("qwen-0.5b"));
    }

    @Test
    void aSampleAnsweredTwiceIsJournaledOnce() {
        List<GenerationPool.Generate> requests = registerAndSample(strategy(StrategyName.VANILLA, 2, 1, 0), 2);

        answer(requests.get(0), "2 + 3 = 5\n#### 5");
        answer(requests.get(0), "a different text for the same sample\n#### 5");
        answer(requests.get(1), "2 + 4 = 6\n#### 6");

        assertThat(summary.receiveMessage(WAIT).samples()).isEqualTo(2);
        List<Object> events = awaitJournal(5);
        assertThat(ofType(events, Sampled.class))
                .extracting(Sampled::text)
                .containsExactly("2 + 3 = 5\n#### 5", "2 + 4 = 6\n#### 6");
    }

    @Test
    void aRepeatedRunSamplingAfterTheDecisionsIsAnsweredFromTheJournal() {
        register();
        ExperimentConfig.Strategy vanilla = strategy(StrategyName.VANILLA, 2, 1, 0);
        List<GenerationPool.Generate> requests = sampleAndAsk(vanilla, 2);
        answerInOrder(requests, "2 + 3 = 5\n#### 5", "#### 7");
        ProblemActor.SamplingSummary first = summary.receiveMessage(WAIT);
        awaitJournal(5);

        assertSamplingAnsweredFromTheJournal(vanilla, first);
        assertThat(journal()).hasSize(5);
    }

    @Test
    void afterARestartMidIterationOnlyTheMissingSamplesAreAskedFor() {
        register();
        ExperimentConfig.Strategy vanilla = strategy(StrategyName.VANILLA, 4, 1, 0);
        List<GenerationPool.Generate> before = sampleAndAsk(vanilla, 4);
        answer(before.get(0), "2 + 3 = 5\n#### 5");
        answer(before.get(2), "#### 7");
        awaitJournal(3);

        problem.restart();
        List<GenerationPool.Generate> after = sampleAndAsk(vanilla, 2);
        assertThat(after)
                .extracting(g -> SampleId.parse(g.request().requestId()).index())
                .containsExactly(1, 3);
        answerInOrder(after, "2 + 3 is 5\n#### 5", "#### 8");
        ProblemActor.SamplingSummary result = summary.receiveMessage(WAIT);
        assertThat(result.samples()).isEqualTo(4);
        assertThat(result.correct()).isEqualTo(2);
        assertThat(ofType(awaitJournal(9), Sampled.class))
                .extracting(Sampled::index)
                .containsExactly(0, 2, 1, 3);
    }

    @Test
    void aSampleWhoseWriteFailedIsForgottenAndAskedForAgain() {
        register();
        ExperimentConfig.Strategy vanilla = strategy(StrategyName.VANILLA, 2, 1, 0);
        List<GenerationPool.Generate> before = sampleAndAsk(vanilla, 2);

        // The journal refuses the first sample's write: the actor restarts from the journal (backing off).
        problem.persistenceTestKit().failNextPersisted();
        answer(before.get(0), "2 + 3 = 5\n#### 5");
        pool.awaitAssert(WAIT, () -> {
            assertThat(journal()).hasSize(1);
            return null;
        });

        List<GenerationPool.Generate> after = sampleAndAsk(vanilla, 2);
        assertThat(after)
                .as("both samples asked for again: the failed write left nothing in the state")
                .extracting(g -> SampleId.parse(g.request().requestId()).index())
                .containsExactly(0, 1);
        answerInOrder(after, "2 + 3 = 5\n#### 5", "#### 7");

        assertThat(summary.receiveMessage(WAIT).samples()).isEqualTo(2);
        List<Object> events = awaitJournal(5);
        assertThat(ofType(events, Sampled.class)).extracting(Sampled::index).containsExactlyInAnyOrder(0, 1);
        assertThat(Stream.concat(
                        ofType(events, Accepted.class).stream().map(Accepted::sampleId),
                        ofType(events, Rejected.class).stream().map(Rejected::sampleId)))
                .as("every decision is of a journaled sample")
                .containsExactlyInAnyOrderElementsOf(ofType(events, Sampled.class).stream()
                        .map(Sampled::sampleId)
                        .toList());
    }

    @Test
    void stateResetResamplesFromAReferencePrefixAndTrainsHintDerivedSamplesOnThePlainPrompt() {
        List<GenerationPool.Generate> firstRound = registerAndSample(strategy(StrategyName.STATE_RESET, 2, 1, 2), 2);
        answerInOrder(firstRound, "2 + 4 = 6\n#### 6", "#### 7");

        List<GenerationPool.Generate> secondRound = generates(2);
        List<Object> afterFirstRound = journal();
        Resampled resampled = ofType(afterFirstRound, Resampled.class).get(0);
        Hinted hinted = ofType(afterFirstRound, Hinted.class).get(0);
        assertThat(resampled.round()).isEqualTo(1);
        assertThat(resampled.remainingBudget()).isEqualTo(1);
        assertThat(resampled.cause()).contains("0 of 2 correct", "min_correct 1");
        assertThat(hinted.kind()).isEqualTo(HintKind.STATE_RESET_PREFIX);
        assertThat(hinted.round()).isEqualTo(1);
        assertThat(hinted.payload()).isEqualTo(FIRST_STEP);
        assertThat(secondRound).allSatisfy(g -> {
            assertThat(SampleId.parse(g.request().requestId()).round()).isEqualTo(1);
            assertThat(g.request().prompt()).startsWith(Prompts.plain(QUESTION)).endsWith(FIRST_STEP);
        });

        answerInOrder(secondRound, "She buys 3 more: 2 + 3 = 5.\n#### 5", "Then 3 more makes 5.\n#### 5");

        ProblemActor.SamplingSummary result = summary.receiveMessage(WAIT);
        assertThat(result.rounds()).isEqualTo(2);
        assertThat(result.correctInFirstRound()).isZero();
        assertThat(result.correct()).isEqualTo(2);
        List<Object> events = awaitJournal(1 + 2 + 2 + 2 + 4);
        List<Sampled> hintedSamples = ofType(events, Sampled.class).stream()
                .filter(s -> s.round() == 1)
                .toList();
        assertThat(hintedSamples).allSatisfy(s -> {
            assertThat(s.hintId()).isEqualTo(hinted.hintId());
            assertThat(s.text()).startsWith(FIRST_STEP);
            assertThat(s.strategy()).isEqualTo("state-reset");
        });
        List<Accepted> accepted = ofType(events, Accepted.class);
        assertThat(accepted).hasSize(2).allSatisfy(a -> {
            assertThat(a.hintDerived()).isTrue();
            assertThat(a.trainingPrompt()).isEqualTo(Prompts.plain(QUESTION));
        });
        assertThat(accepted.get(0).trainingCompletion()).isEqualTo(FIRST_STEP + "She buys 3 more: 2 + 3 = 5.\n#### 5");
    }

    private static final ExperimentConfig.PromptTemplates CHAT =
            ExperimentConfigLoader.parse("""
      experiment.prompts {
        format = chat
        system = "You solve word problems."
        few-shot = [{question = "What is 1 + 1?", answer = "1 + 1 = 2\\n#### 2"}]
        stop = ["\\n\\n"]
        state-reset.max-tokens = 40
      }
      """).prompts();

    @Test
    void aChatExperimentSendsMessagesAndStopStringsAndAStateResetContinuesTheAssistantsMessage() {
        register();
        problem.runCommand(samplingOfM1(strategy(StrategyName.STATE_RESET, 2, 1, 2), CHAT, null, null));

        List<GenerationPool.Generate> firstRound = generates(2);
        List<ChatMessage> asked = List.of(
                new ChatMessage("system", "You solve word problems."),
                new ChatMessage("user", "What is 1 + 1?\n"),
                new ChatMessage("assistant", "1 + 1 = 2\n#### 2"),
                new ChatMessage("user", QUESTION + "\n"));
        String text = "You solve word problems.\nWhat is 1 + 1?\n1 + 1 = 2\n#### 2\n" + QUESTION + "\n";
        assertThat(firstRound).allSatisfy(g -> {
            assertThat(g.request().messages()).isEqualTo(asked);
            assertThat(g.request().prompt()).isEqualTo(text);
            assertThat(g.request().stop()).containsExactly("\n\n");
            assertThat(g.request().continuesFinalMessage()).isFalse();
            assertThat(g.request().params().maxTokens()).isEqualTo(64);
        });
        answerInOrder(firstRound, "2 + 4 = 6\n#### 6", "#### 7");

        List<GenerationPool.Generate> secondRound = generates(2);
        assertThat(secondRound).allSatisfy(g -> {
            List<ChatMessage> messages = g.request().messages();
            assertThat(messages.subList(0, 4)).isEqualTo(asked);
            assertThat(messages.get(4)).isEqualTo(new ChatMessage("assistant", FIRST_STEP));
            assertThat(g.request().continuesFinalMessage()).isTrue();
            assertThat(g.request().prompt()).isEqualTo(text + FIRST_STEP);
            assertThat(g.request().stop()).containsExactly("\n\n");
            assertThat(g.request().params().maxTokens()).isEqualTo(40);
        });
        answerInOrder(secondRound, "She buys 3 more: 2 + 3 = 5.\n#### 5", "#### 9");

        summary.receiveMessage(WAIT);
        List<Object> events = awaitJournal(1 + 2 + 2 + 2 + 4);
        List<Sampled> sampled = ofType(events, Sampled.class);
        // the hash is the rendered text's; the max tokens journaled are the role's
        assertThat(sampled.stream().filter(s -> s.round() == 0)).allSatisfy(s -> {
            assertThat(s.promptHash()).isEqualTo(Prompts.hash(text));
            assertThat(s.maxTokens()).isEqualTo(64);
        });
        assertThat(sampled.stream().filter(s -> s.round() == 1)).allSatisfy(s -> {
            assertThat(s.promptHash()).isEqualTo(Prompts.hash(text + FIRST_STEP));
            assertThat(s.maxTokens()).isEqualTo(40);
        });
        // a hint-derived sample trains on the plain prompt of the chat template
        assertThat(ofType(events, Accepted.class))
                .singleElement()
                .satisfies(a -> assertThat(a.trainingPrompt()).isEqualTo(text));

        // its training example carries those messages, for the conversational training-data formats; the
        // completion begins with the reference step the model continued
        var collected = problem.<ProblemActor.TrainingData>runCommand(
                r -> new ProblemActor.CollectTrainingData(1, true, false, r, CHAT, null));
        assertThat(collected.reply().examples()).hasSize(2).allSatisfy(e -> {
            assertThat(e.messages()).isEqualTo(asked);
            assertThat(e.prompt()).isEqualTo(text);
        });
        assertThat(collected.reply().examples().get(1).completion()).startsWith(FIRST_STEP);
    }

    @Test
    void evaluateJournalsOneGreedyVerdictAndAnswersARepeatFromTheJournal() {
        register();

        var asked = evaluate(1, "held-out", "m-2", GREEDY);
        assertThat(asked.events()).isEmpty();
        GenerationPool.Generate request = generates(1).get(0);
        assertThat(request.model()).isEqualTo(ModelRef.local("m-2"));
        assertThat(request.request().params().isGreedy()).isTrue();
        assertThat(request.request().prompt()).isEqualTo(Prompts.plain(QUESTION));
        answer(request, "2 + 3 = 5\n#### 5");

        ProblemActor.EvaluationSummary expected =
                new ProblemActor.EvaluationSummary(problemId, 1, "held-out", true, 0, 0, false, false, false, 0, null);
        assertThat(evaluation.receiveMessage(WAIT)).isEqualTo(expected);
        Evaluated evaluated = (Evaluated) awaitJournal(2).get(1);
        assertThat(evaluated.correct()).isTrue();
        assertThat(evaluated.evaluationSplit()).isEqualTo("held-out");
        assertThat(evaluated.modelVersion()).isEqualTo("m-2");
        assertThat(evaluated.extractedAnswer()).isEqualTo("5");

        assertAnsweredFromTheJournal(1, "held-out", "m-2", GREEDY, expected);
    }

    @Test
    void aGreedyAnswerTheStepCheckerFlagsIsRefinedOnceWithTheCritiqueInThePrompt() {
        register();

        evaluate(1, "held-out", "m-2", GREEDY_THEN_STEP_CHECKER);
        String greedyId = "eval~" + EXPERIMENT + "~" + problemId + "~1~held-out";
        answer(generates(1).get(0), "2 + 4 = 6\n#### 6");

        GenerationPool.Generate refine = generates(1).get(0);
        assertThat(refine.request().requestId()).isEqualTo(greedyId + "~refine");
        assertThat(refine.request().params().isGreedy()).isTrue();
        String critique = StepCheckerCritic.judge("2 + 4 = 6\n#### 6", RATIONALE);
        assertThat(critique).endsWith("Verdict: wrong");
        assertThat(refine.request().prompt())
                .isEqualTo(Prompts.revision(QUESTION, "2 + 4 = 6\n#### 6", "Critique", critique));
        evaluation.expectNoMessage(Duration.ofMillis(100));

        // a restart before the refinement is journaled: the repeated command asks for it again, and the
        // answer to the first request (a late redelivery) and to the second are journaled once
        problem.restart();
        evaluate(1, "held-out", "m-2", GREEDY_THEN_STEP_CHECKER);
        GenerationPool.Generate again = generates(1).get(0);
        assertThat(again.request()).isEqualTo(refine.request());
        answer(again, "Looking again:\n2 + 3 = 5\n#### 5");
        answer(refine, "Looking again:\n2 + 3 = 5\n#### 5");

        ProblemActor.EvaluationSummary expected =
                new ProblemActor.EvaluationSummary(problemId, 1, "held-out", false, 0, 0, true, true, true, 0, null);
        assertThat(evaluation.receiveMessage(WAIT)).isEqualTo(expected);
        List<Object> events = awaitJournal(3);
        EvaluationRefined refined = (EvaluationRefined) events.get(2);
        assertThat(refined.sampleId()).isEqualTo(greedyId + "~refine");
        assertThat(refined.criticVersion()).isEqualTo(StepCheckerCritic.VERSION);
        assertThat(refined.critiqueText()).isEqualTo(critique);
        assertThat(refined.parsed()).isTrue();
        assertThat(refined.criticFinalVerdict()).isFalse();
        assertThat(refined.stepVerdicts())
                .isNotEmpty()
                .anySatisfy(v -> assertThat(v.correct()).isFalse());
        assertThat(refined.flagged()).isTrue();
        assertThat(refined.originalCorrect()).isFalse();
        assertThat(refined.refinedExtractedAnswer()).isEqualTo("5");
        assertThat(refined.refinedCorrect()).isTrue();
        assertThat(refined.correctAfter()).isTrue();
        assertThat(refined.modelVersion()).isEqualTo("m-2");

        assertAnsweredFromTheJournal(1, "held-out", "m-2", GREEDY_THEN_STEP_CHECKER, expected);
    }

    @Test
    void aModelCriticThatFindsTheGreedyAnswerCorrectKeepsItWithoutRefining() {
        register();

        evaluate(2, "held-in", "m-3", GREEDY_THEN_MODEL_CRITIC);
        answer(generates(1).get(0), "2 + 3 = 5\n#### 5");

        GenerationPool.Generate critic = generates(1).get(0);
        assertThat(critic.model()).isEqualTo(ModelRef.local("critic-1"));
        assertThat(critic.request().requestId()).endsWith("~2~held-in~critique");
        assertThat(critic.request().prompt()).isEqualTo(Prompts.blindCritiqueRequest(QUESTION, "2 + 3 = 5\n#### 5"));
        assertThat(critic.request().params().isGreedy()).isTrue();
        answer(critic, "Step 1: correct - 2 + 3 = 5\nVerdict: correct");
        answer(critic, "Step 1: correct - 2 + 3 = 5\nVerdict: correct");

        assertThat(evaluation.receiveMessage(WAIT))
                .isEqualTo(new ProblemActor.EvaluationSummary(
                        problemId, 2, "held-in", true, 0, 0, true, false, true, 0, null));
        EvaluationRefined kept = (EvaluationRefined) awaitJournal(3).get(2);
        assertThat(kept.flagged()).isFalse();
        assertThat(kept.criticVersion()).isEqualTo("critic-1");
        assertThat(kept.criticFinalVerdict()).isTrue();
        assertThat(kept.refinedText()).isNull();
        assertThat(kept.refinedCorrect()).isNull();
        assertThat(kept.correctAfter()).isTrue();
        pool.expectNoMessage(Duration.ofMillis(200));
    }

    @Test
    void evaluateWithSamplesJournalsEachSampledAnswerOnceAndAnswersWhenAllAreIn() {
        register();

        var asked = evaluate(2, "held-in", "m-3", GREEDY_AND_FOUR_SAMPLES);
        assertThat(asked.events()).isEmpty();
        List<GenerationPool.Generate> requests = generates(5);
        String greedyId = "eval~" + EXPERIMENT + "~" + problemId + "~2~held-in";
        assertThat(requests)
                .extracting(g -> g.request().requestId())
                .containsExactly(greedyId, greedyId + "~0", greedyId + "~1", greedyId + "~2", greedyId + "~3");
        assertThat(requests.get(0).request().params().isGreedy()).isTrue();
        requests.subList(1, 5).forEach(g -> {
            assertThat(g.model()).isEqualTo(ModelRef.local("m-3"));
            assertThat(g.request().prompt()).isEqualTo(Prompts.plain(QUESTION));
            assertThat(g.request().params().temperature()).isEqualTo(0.8);
            assertThat(g.request().params().topP()).isEqualTo(0.9);
            assertThat(g.request().params().seed())
                    .isEqualTo(SampleId.seedOf(g.request().requestId()));
        });

        // the greedy answer and two samples, one of them twice (a redelivery)
        answer(requests.get(0), "#### 6");
        answer(requests.get(1), "2 + 3 = 5\n#### 5", -0.2);
        answer(requests.get(2), "#### 7", -0.9);
        answer(requests.get(2), "#### 7", -0.9);
        awaitJournal(4);
        evaluation.expectNoMessage(Duration.ofMillis(200));

        // the coordinator asks again: only the missing samples are requested
        evaluate(2, "held-in", "m-3", GREEDY_AND_FOUR_SAMPLES);
        List<GenerationPool.Generate> again = generates(2);
        assertThat(again).extracting(g -> g.request().requestId()).containsExactly(greedyId + "~2", greedyId + "~3");
        answer(again.get(0), "Five.\n#### 5", -0.5);
        answer(again.get(1), "#### 7", -0.3);

        ProblemActor.EvaluationSummary expected =
                new ProblemActor.EvaluationSummary(problemId, 2, "held-in", false, 4, 2, false, false, false, 0, null);
        assertThat(evaluation.receiveMessage(WAIT)).isEqualTo(expected);
        assertThat(evaluation.receiveMessage(WAIT)).isEqualTo(expected);
        List<Object> events = awaitJournal(6);
        assertThat(ofType(events, Evaluated.class))
                .singleElement()
                .satisfies(e -> assertThat(e.correct()).isFalse());
        List<EvaluationSampled> sampled = ofType(events, EvaluationSampled.class);
        assertThat(sampled).extracting(EvaluationSampled::index).containsExactlyInAnyOrder(0, 1, 2, 3);
        assertThat(sampled).allSatisfy(e -> {
            assertThat(e.sampleId()).isEqualTo(greedyId + "~" + e.index());
            assertThat(e.seed()).isEqualTo(SampleId.seedOf(e.sampleId()));
            assertThat(e.modelVersion()).isEqualTo("m-3");
            assertThat(e.workerNode()).isEqualTo("node-gpu");
            assertThat(e.temperature()).isEqualTo(0.8);
            assertThat(e.graderVersion()).isNotBlank();
        });
        assertThat(sampled.stream().filter(e -> e.index() == 0).findFirst().orElseThrow())
                .satisfies(e -> {
                    assertThat(e.correct()).isTrue();
                    assertThat(e.extractedAnswer()).isEqualTo("5");
                    assertThat(e.meanLogProb()).isEqualTo(-0.2);
                });
        assertThat(sampled)
                .filteredOn(EvaluationSampled::correct)
                .extracting(EvaluationSampled::index)
                .containsExactlyInAnyOrder(0, 2);

        assertAnsweredFromTheJournal(2, "held-in", "m-3", GREEDY_AND_FOUR_SAMPLES, expected);

        problem.restart();
        var afterRestart = evaluateAgain(2, "held-in", "m-3", GREEDY_AND_FOUR_SAMPLES);
        assertThat(afterRestart.reply()).isEqualTo(expected);
        pool.expectNoMessage(Duration.ofMillis(200));
    }

    @Test
    void trainingDataIsTheReferenceAtIterationZeroAndTheAcceptedSamplesLater() {
        register();
        TrainingExample reference =
                new TrainingExample("reference~" + EXPERIMENT + "~" + problemId, Prompts.plain(QUESTION), RATIONALE);

        var original = problem.<ProblemActor.TrainingData>runCommand(
                r -> new ProblemActor.CollectTrainingData(0, false, false, r));
        assertThat(original.reply().examples()).containsExactly(reference);

        List<GenerationPool.Generate> requests = sampleAndAsk(strategy(StrategyName.VANILLA, 3, 1, 0), 3);
        answerInOrder(requests, "2 + 3 = 5\n#### 5", "#### 9", "Five apples.\n#### 5");
        summary.receiveMessage(WAIT);

        var accepted = problem.<ProblemActor.TrainingData>runCommand(
                r -> new ProblemActor.CollectTrainingData(1, false, false, r));
        assertThat(accepted.reply().examples())
                .containsExactly(
                        new TrainingExample(
                                requests.get(0).request().requestId(), Prompts.plain(QUESTION), "2 + 3 = 5\n#### 5"),
                        new TrainingExample(
                                requests.get(2).request().requestId(),
                                Prompts.plain(QUESTION),
                                "Five apples.\n#### 5"));
        assertThat(accepted.events()).isEmpty();

        var withOriginal = problem.<ProblemActor.TrainingData>runCommand(
                r -> new ProblemActor.CollectTrainingData(1, true, false, r));
        assertThat(withOriginal.reply().examples()).hasSize(3).first().isEqualTo(reference);
    }

    /** Every journaled sample has exactly one Accepted or Rejected. */
    private static void assertOneDecisionPerSample(List<Object> events) {
        List<String> samples = ofType(events, Sampled.class).stream()
                .map(Sampled::sampleId)
                .sorted()
                .toList();
        List<String> decided = java.util.stream.Stream.concat(
                        ofType(events, Accepted.class).stream().map(Accepted::sampleId),
                        ofType(events, Rejected.class).stream().map(Rejected::sampleId))
                .sorted()
                .toList();
        assertThat(decided).isEqualTo(samples);
    }

    @Test
    void interactiveResamplesWithATeacherNamingTheFirstWrongStepAndTrainsRevisionsOnThePlainPrompt() {
        List<GenerationPool.Generate> firstRound = registerWithStepsAndSample(
                feedbackStrategy(StrategyName.INTERACTIVE, 2, 1, 2, ExperimentConfig.Feedback.defaults()), 2);
        String wrong = "2 + 3 = 5\n5 * 4 = 21\n#### 21";
        answerInOrder(firstRound, wrong, "#### 7");

        List<GenerationPool.Generate> revisions = generates(2);
        Hinted hint = ofType(journal(), Hinted.class).get(0);
        assertThat(hint.kind()).isEqualTo(HintKind.TEACHER_FEEDBACK);
        assertThat(hint.round()).isEqualTo(1);
        assertThat(hint.aboutSampleId()).isEqualTo(firstRound.get(0).request().requestId());
        assertThat(hint.payload()).isEqualTo("Step 2: wrong - 5 * 4 = 21, but 5 * 4 is 20\nVerdict: wrong");
        assertThat(hint.source()).isEqualTo(StepCheckerCritic.VERSION);
        assertThat(hint.reason())
                .contains(
                        "0 of 2 correct, below min_correct 1",
                        firstRound.get(0).request().requestId(),
                        "answered 21");
        assertThat(ofType(journal(), Resampled.class).get(0).cause()).contains("0 of 2 correct", "first wrong step");
        assertThat(revisions)
                .allSatisfy(g -> assertThat(g.request().prompt())
                        .isEqualTo(Prompts.revision(STEPS_QUESTION, wrong, "Teacher", hint.payload())));

        String revised = "2 + 3 = 5\n5 * 4 = 20\n#### 20";
        answerInOrder(revisions, revised, "2 + 3 = 5\n5 * 4 = 22\n#### 22");

        ProblemActor.SamplingSummary result = summary.receiveMessage(WAIT);
        assertThat(result.rounds()).isEqualTo(2);
        assertThat(result.correct()).isEqualTo(1);
        List<Object> events = awaitJournal(1 + 2 + 2 + 2 + 2 + 4);
        List<ProblemEvent.Corrected> corrected = ofType(events, ProblemEvent.Corrected.class);
        assertThat(corrected).hasSize(2).allSatisfy(c -> {
            assertThat(c.sampleId()).isEqualTo(hint.aboutSampleId());
            assertThat(c.kind()).isEqualTo(ProblemEvent.CorrectionKind.CRITIQUE);
            assertThat(c.parsed()).isTrue();
            assertThat(c.stepVerdicts())
                    .containsExactly(new ProblemEvent.StepVerdict(2, false, "5 * 4 = 21, but 5 * 4 is 20"));
            assertThat(c.criticFinalVerdict()).isFalse();
            assertThat(c.criticModelVersion()).isEqualTo(StepCheckerCritic.VERSION);
            assertThat(c.originalCorrect()).isFalse();
        });
        assertThat(corrected).extracting(ProblemEvent.Corrected::refinedCorrect).containsExactly(true, false);
        assertThat(corrected.get(0).refinedText()).isEqualTo(revised);
        Accepted accepted = ofType(events, Accepted.class).get(0);
        assertThat(ofType(events, Accepted.class)).hasSize(1);
        assertThat(accepted.sampleId()).isEqualTo(revisions.get(0).request().requestId());
        assertThat(accepted.hintDerived()).isTrue();
        assertThat(accepted.trainingPrompt()).isEqualTo(Prompts.plain(STEPS_QUESTION));
        assertOneDecisionPerSample(events);
    }

    @Test
    void critiqueRefinementsAreKeptUnderTheCapPerCritiqueAndShortcutsAreRejected() {
        registerWithSteps();
        var feedback = critiqueFeedback(ExperimentConfig.CriticKind.STEP_CHECKER, "", 3, true);
        List<GenerationPool.Generate> firstRound =
                sampleAndAsk(feedbackStrategy(StrategyName.CRITIQUE, 2, 1, 1, feedback), 2);
        String wrong = "2 + 3 = 5\n5 + 4 = 9\n#### 9";
        answerInOrder(firstRound, "2 + 3 = 5\n5 * 4 = 20\n#### 20", wrong);

        List<GenerationPool.Generate> refinements = generates(3);
        Hinted critique = ofType(journal(), Hinted.class).get(0);
        assertThat(critique.kind()).isEqualTo(HintKind.CRITIQUE);
        assertThat(critique.aboutSampleId())
                .isEqualTo(firstRound.get(1).request().requestId());
        assertThat(critique.payload())
                .isEqualTo(
                        "Step 1: correct - 2 + 3 = 5\nStep 2: wrong - 5 + 4 = 9 is not the step needed here: the reference computes"
                                + " 5 * 4 = 20\nVerdict: wrong");
        assertThat(refinements)
                .allSatisfy(g -> assertThat(g.request().prompt())
                        .isEqualTo(Prompts.revision(STEPS_QUESTION, wrong, "Critique", critique.payload())));

        answerInOrder(
                refinements,
                "2 + 3 = 5\n5 * 4 = 20\nSo Bo has 20.\n#### 20",
                "The pile grows to 20.\n#### 20",
                "2 + 3 = 5\n5 x 4 = 20\n#### 20");

        ProblemActor.SamplingSummary result = summary.receiveMessage(WAIT);
        assertThat(result.samples()).isEqualTo(5);
        List<Object> events = awaitJournal(1 + 2 + 1 + 1 + 3 + 3 + 5);
        assertOneDecisionPerSample(events);
        List<ProblemEvent.Corrected> corrected = ofType(events, ProblemEvent.Corrected.class);
        assertThat(corrected).hasSize(3).allSatisfy(c -> {
            assertThat(c.parsed()).isTrue();
            assertThat(c.stepVerdicts())
                    .extracting(ProblemEvent.StepVerdict::correct)
                    .containsExactly(true, false);
            assertThat(c.refinedCorrect()).isTrue();
        });
        Rejected shortcut = ofType(events, Rejected.class).stream()
                .filter(r -> r.sampleId().equals(refinements.get(1).request().requestId()))
                .findFirst()
                .orElseThrow();
        assertThat(shortcut.reasons().get(0).rule()).isEqualTo(DecisionRule.SHORTCUT);
        assertThat(shortcut.reasons().get(0).detail()).isEqualTo("0 of the 2 steps the reference needs");
        Rejected capped = ofType(events, Rejected.class).stream()
                .filter(r -> r.sampleId().equals(refinements.get(2).request().requestId()))
                .findFirst()
                .orElseThrow();
        assertThat(capped.reasons().get(0).rule()).isEqualTo(DecisionRule.CRITIQUE_CAP);
        List<Accepted> accepted = ofType(events, Accepted.class);
        assertThat(accepted)
                .extracting(Accepted::sampleId)
                .containsExactly(
                        firstRound.get(0).request().requestId(),
                        refinements.get(0).request().requestId());
        // trained on the critique-conditioned prompt, as configured; the first-round sample on the plain one
        assertThat(accepted.get(0).trainingPrompt()).isEqualTo(Prompts.plain(STEPS_QUESTION));
        assertThat(accepted.get(1).trainingPrompt())
                .isEqualTo(refinements.get(0).request().prompt());
    }

    @Test
    void aModelCriticsUnparseableCritiqueIsJournaledAsSuch() {
        registerWithSteps();
        var feedback = critiqueFeedback(ExperimentConfig.CriticKind.MODEL, "critic-9", 1, false);
        sample(feedbackStrategy(StrategyName.CRITIQUE, 1, 1, 1, feedback));
        String wrong = "2 + 3 = 6\n6 * 4 = 24\n#### 24";
        answer(generates(1).get(0), wrong);

        GenerationPool.Generate critic = generates(1).get(0);
        assertThat(critic.model()).isEqualTo(ModelRef.local("critic-9"));
        assertThat(critic.request().params().isGreedy()).isTrue();
        assertThat(critic.request().prompt()).isEqualTo(Prompts.critiqueRequest(STEPS_QUESTION, "20", wrong));
        assertThat(ofType(journal(), Hinted.class)).isEmpty();
        answer(critic, "hmm, numbers everywhere");

        GenerationPool.Generate refinement = generates(1).get(0);
        assertThat(refinement.model()).isEqualTo(ModelRef.local("m-1"));
        answer(refinement, "2 + 3 = 5\n5 * 4 = 20\n#### 20");

        summary.receiveMessage(WAIT);
        List<Object> events = awaitJournal(1 + 1 + 1 + 1 + 1 + 1 + 2);
        Hinted hint = ofType(events, Hinted.class).get(0);
        assertThat(hint.payload()).isEqualTo("hmm, numbers everywhere");
        assertThat(hint.source()).isEqualTo("critic-9");
        ProblemEvent.Corrected corrected =
                ofType(events, ProblemEvent.Corrected.class).get(0);
        assertThat(corrected.parsed()).isFalse();
        assertThat(corrected.critiqueText()).isEqualTo("hmm, numbers everywhere");
        assertThat(corrected.stepVerdicts()).isEmpty();
        assertThat(corrected.criticFinalVerdict()).isNull();
        assertThat(corrected.criticModelVersion()).isEqualTo("critic-9");
        assertThat(corrected.refinedCorrect()).isTrue();
        assertOneDecisionPerSample(events);
    }

    @Test
    void reflectionAsksTheSampledModelForReflectionsAndRetriesOncePerReflection() {
        registerWithSteps();
        sample(feedbackStrategy(StrategyName.REFLECTION, 1, 1, 1, ExperimentConfig.Feedback.defaults()));
        String wrong = "2 + 3 = 5\n5 + 4 = 9\n#### 9";
        answer(generates(1).get(0), wrong);

        List<GenerationPool.Generate> reflections = generates(2);
        assertThat(reflections).allSatisfy(g -> {
            assertThat(g.model()).isEqualTo(ModelRef.local("m-1"));
            assertThat(g.request().params().temperature()).isEqualTo(0.7);
            assertThat(g.request().prompt())
                    .isEqualTo(Prompts.reflectionRequest(
                            STEPS_QUESTION, wrong, ExperimentConfig.ReflectionDemand.CHECK_STEPS.instruction()));
        });
        assertThat(reflections.get(0).request().params().seed())
                .isNotEqualTo(reflections.get(1).request().params().seed());
        // answers in either order: the hints are journaled in slot order once both are in
        answer(reflections.get(1), "I should have multiplied by 4.");
        assertThat(ofType(journal(), Hinted.class)).isEmpty();
        answer(reflections.get(0), "Step 2 adds; the pile grows 4 times.");

        List<GenerationPool.Generate> secondTrials = generates(2);
        List<Hinted> hints = ofType(journal(), Hinted.class);
        assertThat(hints)
                .extracting(Hinted::payload)
                .containsExactly("Step 2 adds; the pile grows 4 times.", "I should have multiplied by 4.");
        assertThat(hints).allSatisfy(h -> assertThat(h.kind()).isEqualTo(HintKind.REFLECTION));
        assertThat(secondTrials.get(1).request().prompt())
                .isEqualTo(Prompts.revision(STEPS_QUESTION, wrong, "Reflection", "I should have multiplied by 4."));
        answerInOrder(secondTrials, "2 + 3 = 5\n5 + 4 = 9\n#### 9", "2 + 3 = 5\n5 * 4 = 20\n#### 20");

        summary.receiveMessage(WAIT);
        List<Object> events = awaitJournal(1 + 1 + 1 + 2 + 2 + 2 + 3);
        List<ProblemEvent.Corrected> corrected = ofType(events, ProblemEvent.Corrected.class);
        assertThat(corrected).allSatisfy(c -> assertThat(c.kind()).isEqualTo(ProblemEvent.CorrectionKind.REFLECTION));
        assertThat(corrected)
                .extracting(ProblemEvent.Corrected::critiqueText, ProblemEvent.Corrected::refinedCorrect)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("Step 2 adds; the pile grows 4 times.", false),
                        org.assertj.core.groups.Tuple.tuple("I should have multiplied by 4.", true));
        assertThat(ofType(events, Accepted.class))
                .extracting(Accepted::sampleId)
                .containsExactly(secondTrials.get(1).request().requestId());
        assertOneDecisionPerSample(events);
    }

    @Test
    void afterARestartInAFeedbackRoundTheFeedbackIsAskedAgainAndJournaledOnce() {
        registerWithSteps();
        var feedback = critiqueFeedback(ExperimentConfig.CriticKind.MODEL, "critic-9", 2, false);
        ExperimentConfig.Strategy critique = feedbackStrategy(StrategyName.CRITIQUE, 1, 1, 1, feedback);
        sample(critique);
        answer(generates(1).get(0), "2 + 3 = 5\n5 + 4 = 9\n#### 9");
        GenerationPool.Generate lost = generates(1).get(0);

        problem.restart();
        sample(critique);
        GenerationPool.Generate again = generates(1).get(0);
        assertThat(again.request()).isEqualTo(lost.request());
        answer(again, "Step 2: wrong - multiply\nVerdict: wrong");
        answer(again, "Step 2: wrong - a second answer to the same request\nVerdict: wrong");
        List<GenerationPool.Generate> refinements = generates(2);
        answer(refinements.get(0), "2 + 3 = 5\n5 * 4 = 20\n#### 20");
        awaitJournal(1 + 1 + 1 + 1 + 2);

        problem.restart();
        sample(critique);
        GenerationPool.Generate missing = generates(1).get(0);
        assertThat(missing.request().requestId())
                .isEqualTo(refinements.get(1).request().requestId());
        answer(missing, "2 + 3 = 5\n5 * 4 = 21\n#### 21");

        assertThat(summary.receiveMessage(WAIT).samples()).isEqualTo(3);
        List<Object> events = awaitJournal(1 + 1 + 1 + 1 + 2 + 2 + 3);
        assertThat(ofType(events, Hinted.class))
                .singleElement()
                .satisfies(h -> assertThat(h.payload()).isEqualTo("Step 2: wrong - multiply\nVerdict: wrong"));
        assertThat(ofType(events, ProblemEvent.Corrected.class))
                .extracting(ProblemEvent.Corrected::refinedCorrect)
                .containsExactly(true, false);
        assertOneDecisionPerSample(events);
    }

    // ---- failed generation requests ----

    private List<Integer> indices(List<GenerationPool.Generate> requests) {
        return requests.stream()
                .map(g -> SampleId.parse(g.request().requestId()).index())
                .toList();
    }

    private static void fail(GenerationPool.Generate request, String reason, boolean permanent) {
        request.replyTo()
                .tell(new GenerationPool.GenerationFailed(request.request().requestId(), reason, permanent));
    }

    @Test
    void aSampleThatExhaustedItsAttemptsIsJournaledAsFailedAndTheRoundCompletesWithoutIt() {
        ExperimentConfig.Strategy vanilla = strategy(StrategyName.VANILLA, 4, 1, 0);
        List<GenerationPool.Generate> requests = registerAndSample(vanilla, 4);

        answer(requests.get(0), "2 + 3 = 5\n#### 5");
        fail(requests.get(1), "timed out after PT2M", false);
        fail(requests.get(1), "timed out after PT2M", false); // a repeat is journaled once
        answer(requests.get(2), "#### 7");
        answer(requests.get(3), "2 + 3 = 5, so 5\n#### 5");

        ProblemActor.SamplingSummary result = summary.receiveMessage(WAIT);
        assertThat(result).isEqualTo(new ProblemActor.SamplingSummary(problemId, 1, 1, 3, 2, 2, 1, 2, 1, null));
        List<Object> events = awaitJournal(1 + 3 + 1 + 3);
        assertThat(ofType(events, ProblemEvent.SampleFailed.class))
                .singleElement()
                .isEqualTo(new ProblemEvent.SampleFailed(
                        EXPERIMENT,
                        problemId,
                        1,
                        0,
                        1,
                        requests.get(1).request().requestId(),
                        "timed out after PT2M",
                        false,
                        ProblemEvent.RequestKind.SAMPLE,
                        null,
                        "m-1"));
        assertThat(ofType(events, Accepted.class).size()
                        + ofType(events, Rejected.class).size())
                .isEqualTo(3);

        assertSamplingAnsweredFromTheJournal(vanilla, result);
    }

    @Test
    void aFailedSampleIsNotAskedForAgainByARepeatedCommandOrAfterARestart() {
        ExperimentConfig.Strategy vanilla = strategy(StrategyName.VANILLA, 3, 1, 0);
        List<GenerationPool.Generate> requests = registerAndSample(vanilla, 3);
        fail(requests.get(0), "out of memory", false);
        awaitJournal(2);

        assertThat(sample(vanilla).events()).isEmpty();
        assertThat(indices(generates(2))).containsExactly(1, 2);

        problem.restart();
        List<GenerationPool.Generate> after = sampleAndAsk(vanilla, 2);
        assertThat(indices(after)).containsExactly(1, 2);
        answerInOrder(after, "#### 5", "#### 5");
        ProblemActor.SamplingSummary result = summary.receiveMessage(WAIT);
        assertThat(result.samples()).isEqualTo(2);
        assertThat(result.failed()).isEqualTo(1);
        assertThat(result.permanentFailure()).isNull();
    }

    @Test
    void aPermanentFailureEndsTheIterationAtOnceAndARepeatIsAnsweredFromTheJournal() {
        ExperimentConfig.Strategy vanilla = strategy(StrategyName.VANILLA, 3, 1, 2);
        List<GenerationPool.Generate> requests = registerAndSample(vanilla, 3);

        answer(requests.get(0), "#### 7");
        awaitJournal(2);
        fail(requests.get(1), "model 'm-1' does not exist", true);

        ProblemActor.SamplingSummary result = summary.receiveMessage(WAIT);
        assertThat(result.permanentFailure()).isEqualTo("model 'm-1' does not exist");
        assertThat(result.failed()).isEqualTo(1);
        assertThat(result.samples()).isEqualTo(1);
        // the other answers of the ended iteration are not journaled, and no round follows
        fail(requests.get(2), "model 'm-1' does not exist", true);
        answer(requests.get(2), "#### 5");
        pool.expectNoMessage(Duration.ofMillis(300));
        List<Object> events = journal();
        assertThat(events).hasSize(3);
        assertThat(ofType(events, ProblemEvent.SampleFailed.class))
                .singleElement()
                .satisfies(f -> assertThat(f.permanent()).isTrue());

        problem.restart();
        assertSamplingAnsweredFromTheJournal(vanilla, result);
    }

    @Test
    void aFeedbackRequestThatFailsLeavesTheRoundToTheFeedbackWritten() {
        registerWithSteps();
        sample(feedbackStrategy(StrategyName.REFLECTION, 1, 1, 1, ExperimentConfig.Feedback.defaults()));
        answer(generates(1).get(0), "2 + 3 = 5\n5 + 4 = 9\n#### 9");
        List<GenerationPool.Generate> reflections = generates(2);

        fail(reflections.get(0), "timed out", false);
        answer(reflections.get(1), "I should have multiplied by 4.");

        GenerationPool.Generate secondTrial = generates(1).get(0);
        assertThat(ofType(journal(), Hinted.class))
                .singleElement()
                .satisfies(h -> assertThat(h.hintId()).isEqualTo("hint-1-1-1"));
        answer(secondTrial, "2 + 3 = 5\n5 * 4 = 20\n#### 20");
        ProblemActor.SamplingSummary result = summary.receiveMessage(WAIT);
        assertThat(result.samples()).isEqualTo(2);
        assertThat(result.failed()).isEqualTo(1);
        assertThat(ofType(journal(), ProblemEvent.SampleFailed.class))
                .singleElement()
                .satisfies(f -> assertThat(f.kind()).isEqualTo(ProblemEvent.RequestKind.FEEDBACK));
    }

    @Test
    void anEvaluationCountsItsFailedRequestsAndEndsAtOnceOnAPermanentOne() {
        register();
        evaluate(2, "held-in", "m-3", GREEDY_AND_FOUR_SAMPLES);
        List<GenerationPool.Generate> requests = generates(5);
        answerInOrder(requests, "#### 5", "#### 5");
        fail(requests.get(2), "timed out", false);
        answer(requests.get(3), "#### 6");
        answer(requests.get(4), "#### 5");

        ProblemActor.EvaluationSummary expected =
                new ProblemActor.EvaluationSummary(problemId, 2, "held-in", true, 3, 2, false, false, false, 1, null);
        assertThat(evaluation.receiveMessage(WAIT)).isEqualTo(expected);
        assertThat(ofType(awaitJournal(6), ProblemEvent.SampleFailed.class))
                .singleElement()
                .satisfies(f -> {
                    assertThat(f.kind()).isEqualTo(ProblemEvent.RequestKind.SAMPLED_EVALUATION);
                    assertThat(f.index()).isEqualTo(1);
                    assertThat(f.evaluationSplit()).isEqualTo("held-in");
                    assertThat(f.modelVersion()).isEqualTo("m-3");
                });
        assertAnsweredFromTheJournal(2, "held-in", "m-3", GREEDY_AND_FOUR_SAMPLES, expected);

        evaluate(3, "held-in", "m-4", GREEDY_AND_FOUR_SAMPLES);
        List<GenerationPool.Generate> next = generates(5);
        fail(next.get(0), "prompt is over the context of m-4", true);
        ProblemActor.EvaluationSummary ended = evaluation.receiveMessage(WAIT);
        assertThat(ended.permanentFailure()).isEqualTo("prompt is over the context of m-4");
        assertThat(ended.failed()).isEqualTo(1);
        assertAnsweredFromTheJournal(3, "held-in", "m-4", GREEDY_AND_FOUR_SAMPLES, ended);
    }

    @Test
    void aRepeatedEvaluateWhileSamplesAreMissingDoesNotRefineTheGreedyAnswerAgain() {
        register();
        var settings = new ExperimentConfig.Evaluation(
                64,
                true,
                2,
                0.7,
                0.95,
                new ExperimentConfig.Refine(true, ExperimentConfig.CriticKind.STEP_CHECKER, ""));
        evaluate(1, "held-out", "m-2", settings);
        List<GenerationPool.Generate> requests = generates(3);
        answer(requests.get(0), RATIONALE);
        assertThat(ofType(awaitJournal(3), EvaluationRefined.class))
                .singleElement()
                .satisfies(r -> assertThat(r.flagged()).isFalse());

        evaluate(1, "held-out", "m-2", settings);
        List<GenerationPool.Generate> again = generates(2);
        answerInOrder(again, "#### 5", "#### 4");

        assertThat(evaluation.receiveMessage(WAIT))
                .isEqualTo(new ProblemActor.EvaluationSummary(
                        problemId, 1, "held-out", true, 2, 1, true, false, true, 0, null));
        assertThat(ofType(awaitJournal(5), EvaluationRefined.class)).hasSize(1);
    }

    @Test
    void aModelCriticThatFailsLeavesTheGreedyAnswerUnrefinedAndCountsTheFailure() {
        register();
        evaluate(2, "held-in", "m-3", GREEDY_THEN_MODEL_CRITIC);
        answer(generates(1).get(0), "2 + 4 = 6\n#### 6");
        fail(generates(1).get(0), "timed out", false);

        assertThat(evaluation.receiveMessage(WAIT))
                .isEqualTo(new ProblemActor.EvaluationSummary(
                        problemId, 2, "held-in", false, 0, 0, false, false, false, 1, null));
        assertThat(ofType(awaitJournal(3), ProblemEvent.SampleFailed.class))
                .singleElement()
                .satisfies(f -> assertThat(f.kind()).isEqualTo(ProblemEvent.RequestKind.CRITIQUE));
        pool.expectNoMessage(Duration.ofMillis(200));
    }
}
