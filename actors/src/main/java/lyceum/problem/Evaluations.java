package lyceum.problem;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import lyceum.engine.Generation;
import lyceum.engine.ModelRef;
import lyceum.engine.SamplingParams;
import lyceum.events.ProblemEvent;
import lyceum.events.ProblemEvent.Evaluated;
import lyceum.events.ProblemEvent.EvaluationSampled;
import lyceum.events.ProblemEvent.ProblemRegistered;
import lyceum.events.RequestKey;
import lyceum.events.RequestKey.EvaluationOf;
import lyceum.experiment.config.ExperimentConfig;
import lyceum.grading.Verdict;
import lyceum.problem.ProblemActor.Evaluate;
import lyceum.problem.ProblemActor.EvaluationSummary;
import lyceum.problem.ProblemActor.JournalEvaluations;
import lyceum.problem.ProblemActor.RefineGreedy;
import lyceum.problem.ProblemState.Registered;
import lyceum.workers.GenerationPool;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.typed.javadsl.Effect;

/**
 * Evaluation of a problem: the greedy answer and the sampled answers (best-of-N, majority vote), each
 * graded and journaled once; critique-then-refine of the greedy answer is {@link GreedyRefinement}'s.
 * Answers a command when every request is journaled, as an answer or a failure.
 */
final class Evaluations {

    /** The settings of an evaluation in progress; re-sent by the coordinator after a restart. */
    record Run(ModelRef model, ExperimentConfig.Evaluation settings, Prompts prompts, Long experimentSeed) {

        /** The model that answers: a served model pinned by name is journaled by that name. */
        String modelVersion() {
            return model.engineName();
        }
    }

    private final ProblemActor.Wiring wiring;
    private final Map<EvaluationOf, Run> runs = new HashMap<>();
    private final Map<EvaluationOf, List<ActorRef<EvaluationSummary>>> waiters = new HashMap<>();
    private final Arrivals<RequestKey.Evaluation> arrived;

    Evaluations(ProblemActor.Wiring wiring) {
        this.wiring = wiring;
        this.arrived = new Arrivals<>(() -> wiring.tellSelf(JournalEvaluations.INSTANCE));
    }

    /** Whether a command awaits this handler's answer. */
    boolean owesAnswers() {
        return !waiters.isEmpty();
    }

    Run run(EvaluationOf key) {
        return runs.get(key);
    }

    Effect<ProblemEvent, ProblemState> onEvaluate(Registered state, Evaluate cmd) {
        EvaluationOf key = state.evaluationOf(cmd.iteration(), cmd.split());
        EvaluationJournal journal = state.evaluation(key);
        ExperimentConfig.Evaluation settings = cmd.evaluation();
        if (journal.complete(settings)) {
            return wiring.effects().none().thenRun(s -> cmd.replyTo().tell(summary(s.registered(), key)));
        }
        waiters.computeIfAbsent(key, k -> new ArrayList<>()).add(cmd.replyTo());
        runs.put(key, new Run(cmd.model(), settings, Prompts.of(cmd.prompts()), cmd.experimentSeed()));
        Prompts.Prompt prompt = Prompts.of(cmd.prompts()).sample(state.problem().question());
        if (settings.greedy() && journal.greedy == null && !journal.greedyFailed()) {
            wiring.ask(
                    cmd.model(),
                    prompt.request(
                            new RequestKey.GreedyEvaluation(key).wire(), SamplingParams.greedy(settings.maxTokens())));
        }
        for (int index = 0; index < settings.samples(); index++) {
            if (!journal.holdsSample(index)) {
                RequestKey.SampledEvaluation id = new RequestKey.SampledEvaluation(key, index);
                wiring.ask(
                        cmd.model(),
                        prompt.request(
                                id.wire(),
                                new SamplingParams(
                                        settings.temperature(),
                                        settings.topP(),
                                        settings.maxTokens(),
                                        id.seed(cmd.experimentSeed()))));
            }
        }
        if (settings.refine().enabled() && journal.greedy != null) {
            // a repeated command asks the critic and the refinement again if their answers went missing
            wiring.tellSelf(new RefineGreedy(key, true));
        }
        return wiring.effects().none();
    }

    Effect<ProblemEvent, ProblemState> onGenerated(
            RequestKey.Evaluation key, GenerationPool.Generated generated, Verdict verdict) {
        arrived.add(key, generated, verdict);
        return wiring.effects().none();
    }

    Effect<ProblemEvent, ProblemState> onJournalEvaluations(Registered state, JournalEvaluations cmd) {
        List<ProblemEvent> events = new ArrayList<>();
        Set<EvaluationOf> keys = new LinkedHashSet<>();
        arrived.take().forEach((key, graded) -> {
            Run run = runs.get(key.of());
            EvaluationJournal journal = state.evaluation(key.of());
            if (run == null) {
                return;
            }
            if (key instanceof RequestKey.SampledEvaluation sampled && !journal.holdsSample(sampled.index())) {
                events.add(evaluationSampled(state.problem(), sampled, run, graded.generated(), graded.verdict()));
                keys.add(key.of());
            } else if (key instanceof RequestKey.GreedyEvaluation
                    && journal.greedy == null
                    && !journal.greedyFailed()) {
                events.add(evaluated(
                        state.problem(), key.of(), run, graded.generated().generation(), graded.verdict()));
                keys.add(key.of());
            }
        });
        if (events.isEmpty()) {
            return wiring.effects().none();
        }
        return wiring.effects()
                .persist(events)
                .thenRun(s -> keys.forEach(key -> {
                    Run run = runs.get(key);
                    EvaluationJournal journal = s.registered().evaluation(key);
                    if (run != null
                            && run.settings().refine().enabled()
                            && journal.greedy != null
                            && journal.refinement == null) {
                        wiring.tellSelf(new RefineGreedy(key, false));
                    }
                    replyIfComplete(s.registered(), key);
                }));
    }

    /**
     * Journals a request the pool gave up on, once, while its evaluation is going on; a permanent failure
     * completes the evaluation at once.
     */
    Effect<ProblemEvent, ProblemState> onFailed(
            Registered state, RequestKey.Evaluation key, GenerationPool.GenerationFailed failed) {
        Run run = runs.get(key.of());
        EvaluationJournal journal = state.evaluation(key.of());
        if (run == null || journal.failures.containsKey(key.wire()) || journal.complete(run.settings())) {
            return wiring.effects().none();
        }
        return wiring.effects()
                .persist(key.failure(failed.reason(), failed.permanent(), run.modelVersion()))
                .thenRun(s -> replyIfComplete(s.registered(), key.of()));
    }

    /** Answers the waiters and ends the run once the journal holds everything it asked for. */
    boolean replyIfComplete(Registered state, EvaluationOf key) {
        Run run = runs.get(key);
        if (run == null || !state.evaluation(key).complete(run.settings())) {
            return false;
        }
        EvaluationSummary summary = summary(state, key);
        waiters.getOrDefault(key, List.of()).forEach(w -> w.tell(summary));
        waiters.remove(key);
        runs.remove(key);
        return true;
    }

    private static EvaluationSummary summary(Registered state, EvaluationOf key) {
        return state.evaluation(key).summary(state.problem().problemId(), key.iteration(), key.split());
    }

    private Evaluated evaluated(ProblemRegistered problem, EvaluationOf key, Run run, Generation g, Verdict verdict) {
        return new Evaluated(
                problem.experimentId(),
                problem.problemId(),
                key.iteration(),
                key.split(),
                "greedy",
                run.modelVersion(),
                g.text(),
                verdict.extracted(),
                verdict.graderVersion(),
                verdict.equivalent(),
                g.tokenCount(),
                g.meanLogProb());
    }

    private EvaluationSampled evaluationSampled(
            ProblemRegistered problem,
            RequestKey.SampledEvaluation key,
            Run run,
            GenerationPool.Generated generated,
            Verdict verdict) {
        Generation g = generated.generation();
        ExperimentConfig.Evaluation settings = run.settings();
        return new EvaluationSampled(
                problem.experimentId(),
                problem.problemId(),
                key.wire(),
                key.iteration(),
                key.of().split(),
                key.index(),
                run.modelVersion(),
                generated.workerNode(),
                settings.temperature(),
                settings.topP(),
                run.prompts().sample(problem.question()).maxTokens(settings.maxTokens()),
                key.seed(run.experimentSeed()),
                g.text(),
                g.tokenCount(),
                g.meanLogProb(),
                g.truncated(),
                verdict.extracted(),
                verdict.graderVersion(),
                verdict.equivalent(),
                g.latencyMillis());
    }
}
