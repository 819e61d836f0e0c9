package lyceum.problem;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import lyceum.engine.Generation;
import lyceum.engine.SamplingParams;
import lyceum.events.ProblemEvent;
import lyceum.events.ProblemEvent.Evaluated;
import lyceum.events.ProblemEvent.EvaluationRefined;
import lyceum.events.ProblemEvent.HintKind;
import lyceum.events.ProblemEvent.ProblemRegistered;
import lyceum.events.RequestKey;
import lyceum.events.RequestKey.EvaluationOf;
import lyceum.grading.Verdict;
import lyceum.problem.ProblemActor.RefineGreedy;
import lyceum.problem.ProblemState.Registered;
import org.apache.pekko.persistence.typed.javadsl.Effect;

/**
 * Critique-then-refine of the journaled greedy evaluation answer: the step checker answers at once (it
 * compares the steps with the reference rationale), a model critic through the generation pool without
 * the reference answer. Neither sees the grader's verdict. When the critic flags the answer, the model
 * refines it greedily with the critique in the prompt. Nothing is journaled until the critique (and, when
 * it flags the answer, the refinement) is in, so a restart asks again: the critic and the refinement are
 * greedy, so they write the same again.
 */
final class GreedyRefinement {

    private final ProblemActor.Wiring wiring;
    private final Evaluations evaluations;
    /** Requests sent and not yet answered. */
    private final Set<RequestKey> requested = new HashSet<>();
    /** Critiques that flagged a greedy answer, until its refinement is in. */
    private final Map<EvaluationOf, String> flaggingCritiques = new HashMap<>();

    GreedyRefinement(ProblemActor.Wiring wiring, Evaluations evaluations) {
        this.wiring = wiring;
        this.evaluations = evaluations;
    }

    Effect<ProblemEvent, ProblemState> onRefineGreedy(Registered state, RefineGreedy cmd) {
        EvaluationOf key = cmd.evaluation();
        Evaluations.Run run = evaluations.run(key);
        EvaluationJournal journal = state.evaluation(key);
        if (cmd.askAgain()) {
            requested.remove(new RequestKey.Critique(key));
            requested.remove(new RequestKey.Refine(key));
        }
        if (run == null
                || journal.greedy == null
                || journal.refinement != null
                || journal.refinementFailed()
                || journal.permanentFailure() != null) {
            return wiring.effects().none();
        }
        if (flaggingCritiques.containsKey(key)) {
            return afterCritique(state, key, run, flaggingCritiques.get(key));
        }
        Critic critic = Critic.of(run.settings().refine(), run.model());
        if (critic instanceof ModelCritic model) {
            RequestKey critique = new RequestKey.Critique(key);
            if (requested.add(critique)) {
                wiring.ask(
                        model.model(),
                        model.blindRequest(
                                run.prompts(),
                                critique.wire(),
                                state.problem(),
                                journal.greedy.text(),
                                run.settings().maxTokens()));
            }
            return wiring.effects().none();
        }
        return afterCritique(
                state,
                key,
                run,
                StepCheckerCritic.judge(journal.greedy.text(), state.problem().referenceRationale()));
    }

    Effect<ProblemEvent, ProblemState> onCritique(Registered state, RequestKey.Critique key, Generation g) {
        requested.remove(key);
        Evaluations.Run run = evaluations.run(key.of());
        if (run == null || state.evaluation(key.of()).refinement != null || flaggingCritiques.containsKey(key.of())) {
            return wiring.effects().none(); // a repeat, or a critique already acted on
        }
        return afterCritique(state, key.of(), run, g.text());
    }

    /** Keeps the greedy answer when the critic finds it correct (or writes no verdict), else refines it. */
    private Effect<ProblemEvent, ProblemState> afterCritique(
            Registered state, EvaluationOf key, Evaluations.Run run, String critiqueText) {
        Critique critique = Critique.parse(critiqueText);
        if (!flags(critique)) {
            return persistRefinement(state, key, run, critique, null, null);
        }
        flaggingCritiques.put(key, critiqueText);
        Evaluated greedy = state.evaluation(key).greedy;
        RequestKey refine = new RequestKey.Refine(key);
        if (requested.add(refine)) {
            Prompts.Prompt prompt = run.prompts()
                    .revise(
                            state.problem().question(),
                            greedy.text(),
                            FeedbackRounds.label(HintKind.CRITIQUE),
                            critique.text());
            wiring.ask(
                    run.model(),
                    prompt.request(
                            refine.wire(), SamplingParams.greedy(run.settings().maxTokens())));
        }
        return wiring.effects().none();
    }

    /** A critique flags an answer when it is parsed and its final verdict is "wrong". */
    static boolean flags(Critique critique) {
        return critique.parsed() && Boolean.FALSE.equals(critique.finalVerdict());
    }

    Effect<ProblemEvent, ProblemState> onRefined(
            Registered state, RequestKey.Refine key, Generation g, Verdict verdict) {
        requested.remove(key);
        Evaluations.Run run = evaluations.run(key.of());
        String critiqueText = flaggingCritiques.get(key.of());
        if (run == null || critiqueText == null || state.evaluation(key.of()).refinement != null) {
            return wiring.effects().none(); // a repeat, or an answer to a request from before a restart
        }
        return persistRefinement(state, key.of(), run, Critique.parse(critiqueText), g, verdict);
    }

    private Effect<ProblemEvent, ProblemState> persistRefinement(
            Registered state,
            EvaluationOf key,
            Evaluations.Run run,
            Critique critique,
            Generation refined,
            Verdict verdict) {
        Evaluated greedy = state.evaluation(key).greedy;
        ProblemRegistered p = state.problem();
        EvaluationRefined event = new EvaluationRefined(
                p.experimentId(),
                p.problemId(),
                new RequestKey.Refine(key).wire(),
                greedy.iteration(),
                greedy.evaluationSplit(),
                run.modelVersion(),
                greedy.correct(),
                Critic.of(run.settings().refine(), run.model()).version(),
                critique.text(),
                critique.parsed(),
                critique.steps(),
                critique.finalVerdict(),
                refined != null,
                refined == null ? null : refined.text(),
                verdict == null ? null : verdict.extracted(),
                verdict == null ? greedy.graderVersion() : verdict.graderVersion(),
                refined == null ? null : refined.tokenCount(),
                verdict == null ? null : verdict.equivalent(),
                verdict == null ? greedy.correct() : verdict.equivalent());
        return wiring.effects().persist(event).thenRun(s -> {
            flaggingCritiques.remove(key);
            evaluations.replyIfComplete(s.registered(), key);
        });
    }
}
