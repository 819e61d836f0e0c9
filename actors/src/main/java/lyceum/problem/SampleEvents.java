package lyceum.problem;

import java.util.Optional;
import lyceum.datasets.ArithmeticSteps;
import lyceum.engine.Generation;
import lyceum.engine.ModelRef;
import lyceum.engine.SamplingParams;
import lyceum.events.ProblemEvent.Corrected;
import lyceum.events.ProblemEvent.CorrectionKind;
import lyceum.events.ProblemEvent.HintKind;
import lyceum.events.ProblemEvent.Hinted;
import lyceum.events.ProblemEvent.ProblemRegistered;
import lyceum.events.ProblemEvent.Sampled;
import lyceum.events.SampleId;
import lyceum.experiment.config.ExperimentConfig;
import lyceum.experiment.config.StrategySettings.StrategyName;
import lyceum.grading.Verdict;
import lyceum.workers.GenerationPool;

/** The prompt a sample is drawn with and the events that journal it: pure functions of the journal. */
final class SampleEvents {

    private SampleEvents() {}

    static Prompts.Prompt promptFor(Prompts prompts, ProblemRegistered problem, IterationJournal it, Hinted hint) {
        String about = hint == null || !FeedbackRounds.isFeedback(hint.kind())
                ? null
                : it.sample(hint.aboutSampleId()).text();
        return prompts.underHint(problem, hint, about);
    }

    /** The hint from the reference that a resample round opens with, or null (feedback strategies write theirs later). */
    static Hinted referenceHint(ProblemRegistered p, StrategyName strategy, int t, int round, String why) {
        return switch (strategy) {
            case VANILLA, INTERACTIVE, CRITIQUE, REFLECTION -> null;
            case ANSWER_DRIVEN -> fromReference(p, t, round, HintKind.ANSWER, p.referenceAnswer(), why);
            case RATIONALE_DRIVEN ->
                p.referenceRationale() == null
                        ? null
                        : fromReference(p, t, round, HintKind.RATIONALE, p.referenceRationale(), why);
            case STATE_RESET -> {
                int steps = Prompts.stateResetSteps(
                        round, Prompts.reasoningLines(p.referenceRationale()).size());
                yield steps == 0
                        ? null
                        : fromReference(
                                p,
                                t,
                                round,
                                HintKind.STATE_RESET_PREFIX,
                                Prompts.rationalePrefix(p.referenceRationale(), steps),
                                why + "; restart after " + steps + " reference step(s)");
            }
        };
    }

    private static Hinted fromReference(
            ProblemRegistered p, int t, int round, HintKind kind, String payload, String why) {
        return new Hinted(
                p.experimentId(), p.problemId(), t, round, "hint-" + t + "-" + round, kind, payload, why, null, null);
    }

    /** A sample's text: the generation, after the reference prefix it continued from under state reset. */
    static String text(IterationJournal it, SampleId id, Generation g) {
        Hinted hint = it.hintFor(id.round(), id.index());
        return hint != null && hint.kind() == HintKind.STATE_RESET_PREFIX ? hint.payload() + g.text() : g.text();
    }

    /**
     * A generation journaled as a sample with the verdict on its {@link #text}; strategy and model are
     * null for a run no longer known.
     */
    static Sampled sampled(
            ProblemRegistered problem,
            IterationJournal it,
            SampleId id,
            GenerationPool.Generated generated,
            ExperimentConfig.Strategy strategy,
            ModelRef model,
            Prompts prompts,
            Verdict verdict,
            long seed) {
        Generation g = generated.generation();
        Hinted hint = it.hintFor(id.round(), id.index());
        String text = text(it, id, g);
        Prompts.Prompt prompt = promptFor(prompts, problem, it, hint);
        SamplingParams params = new SamplingParams(
                strategy != null ? strategy.temperature() : Double.NaN,
                strategy != null ? strategy.topP() : Double.NaN,
                strategy != null ? prompt.maxTokens(strategy.maxTokens()) : 0,
                seed);
        return new Sampled(
                id.experimentId(),
                id.problemId(),
                id.value(),
                id.iteration(),
                id.round(),
                id.index(),
                strategy != null ? strategy.name().key() : "unknown",
                hint != null ? hint.hintId() : null,
                model != null ? model.engineName() : "unknown",
                generated.workerNode(),
                params.temperature(),
                params.topP(),
                params.maxTokens(),
                params.seed(),
                Prompts.hash(prompt.text()),
                text,
                g.tokenCount(),
                g.meanLogProb(),
                g.truncated(),
                verdict.extracted(),
                verdict.graderVersion(),
                verdict.equivalent(),
                g.latencyMillis(),
                ArithmeticSteps.reasoningValid(problem.question(), problem.referenceRationale(), text)
                        .orElse(null));
    }

    /** A refinement written after feedback: the feedback, its parse and the refined sample, journaled with it. */
    static Optional<Corrected> correction(IterationJournal it, Sampled refined) {
        Hinted hint = it.hintFor(refined.round(), refined.index());
        if (hint == null || !FeedbackRounds.isFeedback(hint.kind())) {
            return Optional.empty();
        }
        Sampled original = it.sample(hint.aboutSampleId());
        Critique critique = Critique.parse(hint.payload());
        return Optional.of(new Corrected(
                refined.experimentId(),
                refined.problemId(),
                refined.iteration(),
                hint.aboutSampleId(),
                hint.kind() == HintKind.REFLECTION ? CorrectionKind.REFLECTION : CorrectionKind.CRITIQUE,
                hint.payload(),
                critique.parsed(),
                critique.steps(),
                critique.finalVerdict(),
                hint.source(),
                refined.sampleId(),
                refined.text(),
                refined.extractedAnswer(),
                refined.correct(),
                original.correct()));
    }
}
