package lyceum.problem;

import java.util.HashSet;
import java.util.Set;
import java.util.function.IntFunction;
import lyceum.engine.Generation;
import lyceum.engine.SamplingParams;
import lyceum.events.ProblemEvent;
import lyceum.events.ProblemEvent.ProblemRegistered;
import lyceum.events.ProblemEvent.ReferenceScored;
import lyceum.events.RequestKey;
import lyceum.problem.ProblemActor.Advance;
import lyceum.problem.ProblemState.Registered;
import lyceum.workers.GenerationPool;
import org.apache.pekko.persistence.typed.javadsl.Effect;

/**
 * A training problem's reference rationale is the original data of the tail statistics: it is scored
 * under each iteration's sampling model, with the plain sample prompt, for its perplexity. The score (or
 * its absence and why) is journaled once per iteration, before the iteration's decisions.
 */
final class ReferenceScoring {

    private final ProblemActor.Wiring wiring;
    /** The sampling run of an iteration, or null when none is going on. */
    private final IntFunction<SamplingRounds.Run> runs;
    /** Requests sent and not yet answered. */
    private final Set<RequestKey.ReferenceScore> requested = new HashSet<>();

    ReferenceScoring(ProblemActor.Wiring wiring, IntFunction<SamplingRounds.Run> runs) {
        this.wiring = wiring;
        this.runs = runs;
    }

    private static boolean scoresReference(ProblemRegistered p) {
        return "train".equals(p.split())
                && p.referenceRationale() != null
                && !p.referenceRationale().isBlank();
    }

    /** Whether the iteration's decisions wait for the reference's score. */
    static boolean pending(Registered state, int t) {
        return scoresReference(state.problem()) && state.iteration(t).reference == null;
    }

    /** Forgets what was asked, so a repeated command asks again for what is still missing. */
    void askAgain() {
        requested.clear();
    }

    void ask(Registered state, SamplingRounds.Run run, int t) {
        ProblemRegistered p = state.problem();
        if (!pending(state, t)) {
            return;
        }
        var key = new RequestKey.ReferenceScore(p.experimentId(), p.problemId(), t);
        if (requested.add(key)) {
            Prompts.Prompt prompt = run.prompts().sample(p.question());
            // greedy parameters: nothing is drawn, the text is scored
            wiring.ask(
                    run.model(),
                    prompt.request(
                                    key.wire(),
                                    SamplingParams.greedy(run.strategy().maxTokens()))
                            .scoring(p.referenceRationale()));
        }
    }

    Effect<ProblemEvent, ProblemState> onScored(Registered state, RequestKey.ReferenceScore key, Generation g) {
        requested.remove(key);
        SamplingRounds.Run run = runs.apply(key.iteration());
        if (run == null || state.iteration(key.iteration()).reference != null) {
            return wiring.effects().none(); // a repeat, or an answer for a run from before a restart
        }
        boolean scored = Double.isFinite(g.meanLogProb());
        return persist(
                state,
                run,
                key.iteration(),
                g.tokenCount(),
                scored ? g.meanLogProb() : null,
                scored
                        ? null
                        : "the " + run.model().engineName() + " engine did not score the text (a chat endpoint or"
                                + " one that does not echo the prompt's log-probs)");
    }

    Effect<ProblemEvent, ProblemState> onFailed(
            Registered state, RequestKey.ReferenceScore key, GenerationPool.GenerationFailed failed) {
        requested.remove(key);
        SamplingRounds.Run run = runs.apply(key.iteration());
        if (run == null || state.iteration(key.iteration()).reference != null) {
            return wiring.effects().none();
        }
        return persist(state, run, key.iteration(), 0, null, failed.reason());
    }

    /** Journals the score, or its absence and why; the iteration then goes on to its decisions. */
    private Effect<ProblemEvent, ProblemState> persist(
            Registered state, SamplingRounds.Run run, int t, int tokens, Double meanLogProb, String failure) {
        ProblemRegistered p = state.problem();
        ReferenceScored scored = new ReferenceScored(
                p.experimentId(),
                p.problemId(),
                t,
                run.model().engineName(),
                Prompts.hash(run.prompts().sample(p.question()).text()),
                tokens,
                meanLogProb,
                failure);
        return wiring.effects().persist(scored).thenRun(s -> wiring.tellSelf(new Advance(t)));
    }
}
