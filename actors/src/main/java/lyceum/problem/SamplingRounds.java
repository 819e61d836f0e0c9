// Stays whole: one iteration's rounds, from the first samples through resamples and feedback to the
// acceptance decisions, read one after the other; reference scoring and planning live apart.
package lyceum.problem;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import lyceum.engine.Generation;
import lyceum.engine.ModelRef;
import lyceum.engine.SamplingParams;
import lyceum.events.ProblemEvent;
import lyceum.events.ProblemEvent.Accepted;
import lyceum.events.ProblemEvent.HintKind;
import lyceum.events.ProblemEvent.Hinted;
import lyceum.events.ProblemEvent.ProblemRegistered;
import lyceum.events.ProblemEvent.Rejected;
import lyceum.events.ProblemEvent.Resampled;
import lyceum.events.ProblemEvent.Sampled;
import lyceum.events.RequestKey;
import lyceum.events.SampleId;
import lyceum.experiment.config.ExperimentConfig;
import lyceum.grading.Verdict;
import lyceum.problem.ProblemActor.Advance;
import lyceum.problem.ProblemActor.JournalArrived;
import lyceum.problem.ProblemActor.RunSampling;
import lyceum.problem.ProblemActor.SamplingSummary;
import lyceum.problem.ProblemState.Registered;
import lyceum.workers.GenerationPool;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.typed.javadsl.Effect;

/**
 * The sampling of a problem in one iteration: the first round, resample rounds with hints when the
 * strategy guides, feedback rounds as {@link FeedbackRounds} plans them, then the acceptance decisions.
 * Each step is decided from the journal ({@link IterationJournal}); what is kept here only routes
 * answers and avoids asking twice.
 */
final class SamplingRounds {

    /** The settings of the sampling run in progress; re-sent by the coordinator after a restart. */
    record Run(
            ModelRef model,
            ExperimentConfig.Strategy strategy,
            ExperimentConfig.Acceptance acceptance,
            Prompts prompts,
            Long experimentSeed) {}

    private final ProblemActor.Wiring wiring;
    private final Map<Integer, Run> runs = new HashMap<>();
    private final Map<Integer, List<ActorRef<SamplingSummary>>> waiters = new HashMap<>();
    private final ReferenceScoring reference;
    /** Sample and feedback requests sent and not yet answered. */
    private final Set<RequestKey> requested = new HashSet<>();

    private final Arrivals<SampleId> arrived;
    /** Feedback written by a model for a round, by slot, until every slot is written or failed. */
    private final Map<RequestKey.Feedback, String> feedbackArrived = new HashMap<>();

    SamplingRounds(ProblemActor.Wiring wiring) {
        this.wiring = wiring;
        this.reference = new ReferenceScoring(wiring, runs::get);
        this.arrived = new Arrivals<>(() -> wiring.tellSelf(JournalArrived.INSTANCE));
    }

    /** Whether a command awaits this handler's answer. */
    boolean owesAnswers() {
        return !waiters.isEmpty();
    }

    /** The scoring of the reference rationale, asked with each iteration's sampling. */
    ReferenceScoring reference() {
        return reference;
    }

    Effect<ProblemEvent, ProblemState> onRunSampling(Registered state, RunSampling cmd) {
        IterationJournal it = state.iterations().get(cmd.iteration());
        if (it != null && it.ended()) {
            return wiring.effects().none().thenRun(s -> cmd.replyTo().tell(summary(s.registered(), cmd.iteration())));
        }
        runs.put(
                cmd.iteration(),
                new Run(
                        cmd.model(),
                        cmd.strategy(),
                        cmd.acceptance(),
                        Prompts.of(cmd.prompts()),
                        cmd.experimentSeed()));
        waiters.computeIfAbsent(cmd.iteration(), k -> new ArrayList<>()).add(cmd.replyTo());
        requested.clear(); // a repeated command asks again for whatever is still missing
        reference.askAgain();
        return advance(state, new Advance(cmd.iteration()));
    }

    /**
     * Moves an iteration on: ask for a feedback round's feedback, request missing samples, open a resample
     * round, or decide.
     */
    Effect<ProblemEvent, ProblemState> advance(Registered state, Advance cmd) {
        int t = cmd.iteration();
        Run run = runs.get(t);
        IterationJournal it = state.iteration(t);
        if (run == null || it.ended()) {
            return wiring.effects().none();
        }
        reference.ask(state, run, t);
        ExperimentConfig.Strategy strategy = run.strategy();
        int round = it.round;
        if (round > 0 && strategy.usesFeedback() && it.hints(round).isEmpty()) {
            return askForFeedback(state, run, t, round);
        }
        int roundSize = strategy.usesFeedback() && round > 0
                ? FeedbackRounds.samplesInRound(strategy, round, it.hints(round).size())
                : strategy.samplesInRound(round);
        boolean waiting = false;
        for (int index = 0; index < roundSize; index++) {
            if (!it.holds(round, index)) {
                waiting = true;
                SampleId id = new SampleId(
                        state.problem().experimentId(), state.problem().problemId(), t, round, index);
                if (requested.add(new RequestKey.Sample(id))) {
                    wiring.ask(
                            run.model(),
                            SampleEvents.promptFor(run.prompts(), state.problem(), it, it.hintFor(round, index))
                                    .request(
                                            id.value(),
                                            new SamplingParams(
                                                    strategy.temperature(),
                                                    strategy.topP(),
                                                    strategy.maxTokens(),
                                                    id.seed(run.experimentSeed()))));
                }
            }
        }
        if (waiting) {
            return wiring.effects().none();
        }
        FeedbackRounds.Drawn drawn = new FeedbackRounds.Drawn(it.sampleList());
        if (strategy.usesFeedback()
                ? FeedbackRounds.opensAnother(strategy, drawn, round)
                : opensAnother(strategy, it, round)) {
            int next = round + 1;
            String why = strategy.usesFeedback()
                    ? FeedbackRounds.cause(strategy, drawn)
                    : it.correct() + " of " + it.samples.size() + " correct, below min_correct "
                            + strategy.minCorrect();
            ProblemRegistered p = state.problem();
            List<ProblemEvent> events = new ArrayList<>();
            events.add(new Resampled(p.experimentId(), p.problemId(), t, next, why, strategy.maxResample() - next));
            Hinted hint = SampleEvents.referenceHint(p, strategy.name(), t, next, why);
            if (hint != null) {
                events.add(hint);
            }
            return wiring.effects().persist(events).thenRun(s -> wiring.tellSelf(new Advance(t)));
        }
        return decide(state, run, t);
    }

    private static boolean opensAnother(ExperimentConfig.Strategy strategy, IterationJournal it, int round) {
        return strategy.resamples() && it.correct() < strategy.minCorrect() && round < strategy.maxResample();
    }

    private Effect<ProblemEvent, ProblemState> decide(Registered state, Run run, int t) {
        IterationJournal it = state.iteration(t);
        if (ReferenceScoring.pending(state, t)) {
            return wiring.effects().none(); // decided once the reference's score is journaled, which advances again
        }
        ExperimentConfig.Strategy strategy = run.strategy();
        ProblemRegistered problem = state.problem();
        Map<String, HintKind> feedbackHints = new HashMap<>();
        it.hints
                .values()
                .forEach(round -> round.stream()
                        .filter(h -> FeedbackRounds.isFeedback(h.kind()))
                        .forEach(h -> feedbackHints.put(h.hintId(), h.kind())));
        var refinements = new AcceptancePolicy.Refinements(
                feedbackHints, strategy.feedback().acceptPerCritique(), problem.referenceRationale());
        List<ProblemEvent> decisions = new ArrayList<>();
        for (AcceptancePolicy.Decision d : AcceptancePolicy.decide(it.sampleList(), run.acceptance(), refinements)) {
            Sampled s = d.sample();
            if (d.accepted()) {
                Hinted hint = it.hintFor(s.round(), s.index());
                boolean conditioned = hint != null
                        && FeedbackRounds.isFeedback(hint.kind())
                        && strategy.feedback().conditionedTraining();
                String prompt = conditioned
                        ? SampleEvents.promptFor(run.prompts(), problem, it, hint)
                                .text()
                        : run.prompts().sample(problem.question()).text();
                decisions.add(new Accepted(
                        s.experimentId(),
                        s.problemId(),
                        s.sampleId(),
                        t,
                        d.reasons(),
                        AcceptancePolicy.VERSION,
                        s.hintId() != null,
                        prompt,
                        s.text()));
            } else {
                decisions.add(new Rejected(
                        s.experimentId(), s.problemId(), s.sampleId(), t, d.reasons(), AcceptancePolicy.VERSION));
            }
        }
        return wiring.effects().persist(decisions).thenRun(s -> {
            runs.remove(t);
            reply(s.registered(), t);
        });
    }

    /**
     * Journals a feedback round's hints: at once when the step checker writes them, otherwise once a
     * feedback model has answered (or failed) for every slot; with no feedback written, the iteration is decided.
     */
    private Effect<ProblemEvent, ProblemState> askForFeedback(Registered state, Run run, int t, int round) {
        ExperimentConfig.Strategy strategy = run.strategy();
        IterationJournal it = state.iteration(t);
        List<FeedbackRounds.Slot> slots =
                FeedbackRounds.slots(strategy, new FeedbackRounds.Drawn(it.sampleList()), round);
        if (slots.isEmpty()) {
            return decide(state, run, t); // nothing wrong to give feedback on
        }
        ProblemRegistered p = state.problem();
        TreeMap<Integer, String> written = new TreeMap<>();
        if (!FeedbackRounds.needsModel(strategy, run.model())) {
            for (int slot = 0; slot < slots.size(); slot++) {
                written.put(slot, FeedbackRounds.withoutModel(strategy, p, slots.get(slot)));
            }
            return persistFeedback(state, run, t, round, slots, written);
        }
        int failed = 0;
        for (int slot = 0; slot < slots.size(); slot++) {
            var key = new RequestKey.Feedback(p.experimentId(), p.problemId(), t, round, slot);
            if (feedbackArrived.containsKey(key)) {
                written.put(slot, feedbackArrived.get(key));
            } else if (it.feedbackFailed.containsKey(IterationJournal.key(round, slot))) {
                failed++;
            } else if (requested.add(key)) {
                wiring.pool()
                        .tell(FeedbackRounds.request(
                                strategy,
                                run.prompts(),
                                p,
                                slots.get(slot),
                                key,
                                run.experimentSeed(),
                                run.model(),
                                wiring.replyAdapter()));
            }
        }
        if (written.size() + failed < slots.size()) {
            return wiring.effects().none();
        }
        feedbackArrived.keySet().removeIf(k -> k.iteration() == t && k.round() == round);
        return written.isEmpty() ? decide(state, run, t) : persistFeedback(state, run, t, round, slots, written);
    }

    /** Journals the hints of the slots written, by slot; a failed slot gets none. */
    private Effect<ProblemEvent, ProblemState> persistFeedback(
            Registered state,
            Run run,
            int t,
            int round,
            List<FeedbackRounds.Slot> slots,
            Map<Integer, String> written) {
        ExperimentConfig.Strategy strategy = run.strategy();
        ProblemRegistered p = state.problem();
        HintKind kind = FeedbackRounds.kind(strategy.name());
        String source = FeedbackRounds.source(strategy, run.model());
        String why = FeedbackRounds.cause(
                strategy, new FeedbackRounds.Drawn(state.iteration(t).sampleList()));
        List<ProblemEvent> hints = new ArrayList<>();
        written.forEach((slot, text) -> {
            Sampled about = slots.get(slot).about();
            hints.add(new Hinted(
                    p.experimentId(),
                    p.problemId(),
                    t,
                    round,
                    "hint-" + t + "-" + round + "-" + slot,
                    kind,
                    FeedbackRounds.payload(strategy.name(), text),
                    why + "; " + kind.name().toLowerCase(Locale.ROOT).replace('_', ' ') + " on " + about.sampleId()
                            + ", which answered "
                            + (about.extractedAnswer() == null
                                            || about.extractedAnswer().isEmpty()
                                    ? "nothing"
                                    : about.extractedAnswer()),
                    about.sampleId(),
                    source));
        });
        return wiring.effects().persist(hints).thenRun(s -> wiring.tellSelf(new Advance(t)));
    }

    Effect<ProblemEvent, ProblemState> onFeedbackGenerated(Registered state, RequestKey.Feedback key, Generation g) {
        requested.remove(key);
        IterationJournal it = state.iteration(key.iteration());
        if (!runs.containsKey(key.iteration())
                || it.ended()
                || it.round != key.round()
                || !it.hints(key.round()).isEmpty()) {
            return wiring.effects().none(); // a repeat, or an answer for a round already journaled
        }
        feedbackArrived.putIfAbsent(key, g.text());
        return advance(state, new Advance(key.iteration()));
    }

    Effect<ProblemEvent, ProblemState> onSampleGenerated(
            Registered state, SampleId id, GenerationPool.Generated generated, Verdict verdict) {
        if (journaled(state, id)) {
            requested.remove(new RequestKey.Sample(id));
            return wiring.effects().none(); // a repeat of a sample already journaled
        }
        arrived.add(id, generated, verdict);
        return wiring.effects().none();
    }

    Effect<ProblemEvent, ProblemState> onJournalArrived(Registered state, JournalArrived cmd) {
        List<ProblemEvent> events = new ArrayList<>();
        Set<Integer> iterations = new HashSet<>();
        arrived.take().forEach((id, graded) -> {
            requested.remove(new RequestKey.Sample(id));
            if (!journaled(state, id)) {
                Run run = runs.get(id.iteration());
                Sampled sampled = SampleEvents.sampled(
                        state.problem(),
                        state.iteration(id.iteration()),
                        id,
                        graded.generated(),
                        run == null ? null : run.strategy(),
                        run == null ? null : run.model(),
                        run == null ? Prompts.DEFAULT : run.prompts(),
                        graded.verdict(),
                        run == null ? id.seed() : id.seed(run.experimentSeed()));
                events.add(sampled);
                SampleEvents.correction(state.iteration(id.iteration()), sampled)
                        .ifPresent(events::add);
                iterations.add(id.iteration());
            }
        });
        if (events.isEmpty()) {
            return wiring.effects().none();
        }
        return wiring.effects().persist(events).thenRun(s -> iterations.forEach(t -> wiring.tellSelf(new Advance(t))));
    }

    /**
     * Journals a sample or feedback request the pool gave up on, once, while its run is going on (an
     * answer for a run from before a restart is left to the repeated command, which asks again). The
     * round goes on without it; a permanent failure ends the iteration and answers its waiters at once.
     */
    Effect<ProblemEvent, ProblemState> onFailed(
            Registered state, RequestKey key, GenerationPool.GenerationFailed failed) {
        requested.remove(key);
        int t = key.iteration();
        Run run = runs.get(t);
        IterationJournal it = state.iteration(t);
        boolean journaled = key instanceof RequestKey.Sample sample
                ? journaled(state, sample.id())
                : key instanceof RequestKey.Feedback f
                        && (it.ended()
                                || it.round != f.round()
                                || !it.hints(f.round()).isEmpty()
                                || it.feedbackFailed.containsKey(IterationJournal.key(f.round(), f.slot())));
        if (run == null || journaled) {
            return wiring.effects().none();
        }
        return wiring.effects()
                .persist(key.failure(
                        failed.reason(), failed.permanent(), run.model().engineName()))
                .thenRun(s -> {
                    if (failed.permanent()) {
                        runs.remove(t);
                        reply(s.registered(), t);
                    } else {
                        wiring.tellSelf(new Advance(t));
                    }
                });
    }

    private static boolean journaled(Registered state, SampleId id) {
        IterationJournal it = state.iteration(id.iteration());
        return it.ended() || it.holds(id.round(), id.index());
    }

    private void reply(Registered state, int t) {
        SamplingSummary summary = summary(state, t);
        waiters.getOrDefault(t, List.of()).forEach(w -> w.tell(summary));
        waiters.remove(t);
    }

    private static SamplingSummary summary(Registered state, int t) {
        IterationJournal it = state.iteration(t);
        return new SamplingSummary(
                state.problem().problemId(),
                t,
                state.problem().difficultyBucket(),
                it.samples.size(),
                it.correct(),
                it.correctInRound(0),
                it.round + 1,
                it.accepted.size(),
                it.failedCount(),
                it.permanentFailure);
    }
}
