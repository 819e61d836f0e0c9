package lyceum.replay;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import lyceum.events.ExperimentEvent;
import lyceum.events.ProblemEvent;
import lyceum.events.ProblemEvent.DecisionReason;

/** One readable line per journaled event, for {@code lyceum history} and audit chains. */
public final class EventLines {

    private static final int TEXT_WIDTH = 80;

    private EventLines() {}

    public static String describe(Object event) {
        if (event instanceof ProblemEvent p) {
            return problem(p);
        }
        if (event instanceof ExperimentEvent e) {
            return experiment(e);
        }
        return String.valueOf(event);
    }

    private static String problem(ProblemEvent event) {
        if (event instanceof ProblemEvent.ProblemRegistered r) {
            return String.format(
                    Locale.ROOT,
                    "registered (%s split, difficulty %.2f bucket %d, %s %s line %d): %s" + " | reference answer %s",
                    r.split(),
                    r.difficulty(),
                    r.difficultyBucket(),
                    r.dataset(),
                    r.source(),
                    r.sourceLine(),
                    clip(r.question()),
                    r.referenceAnswer());
        } else if (event instanceof ProblemEvent.Sampled s) {
            return String.format(
                    Locale.ROOT,
                    "sampled %s by %s (%s%s, %s): %s%s | %s",
                    s.sampleId(),
                    s.modelVersion(),
                    s.strategy(),
                    s.hintId() == null ? "" : ", hint " + s.hintId(),
                    drawn(s.temperature(), s.topP(), s.seed(), s.tokenCount(), s.truncated()),
                    verdict(s.extractedAnswer(), s.correct(), s.graderVersion()),
                    s.stepsValid() == null ? "" : s.stepsValid() ? ", steps check out" : ", a step does not check out",
                    clip(s.text()));
        } else if (event instanceof ProblemEvent.ReferenceScored r) {
            return r.meanLogProb() == null
                    ? String.format(
                            Locale.ROOT,
                            "reference rationale not scored in iteration %d by %s: %s",
                            r.iteration(),
                            r.modelVersion(),
                            clip(r.failure()))
                    : String.format(
                            Locale.ROOT,
                            "reference rationale scored in iteration %d by %s: %d tokens, mean log-prob"
                                    + " %.4f, perplexity %.3f",
                            r.iteration(),
                            r.modelVersion(),
                            r.tokenCount(),
                            r.meanLogProb(),
                            Math.exp(-r.meanLogProb()));
        } else if (event instanceof ProblemEvent.Hinted h) {
            return String.format(
                    Locale.ROOT,
                    "hinted %s before iteration %d round %d (%s): %s | because %s",
                    h.hintId(),
                    h.iteration(),
                    h.round(),
                    HintWords.of(h.kind()),
                    clip(h.payload()),
                    h.reason());
        } else if (event instanceof ProblemEvent.Resampled r) {
            return String.format(
                    Locale.ROOT,
                    "resampled: iteration %d round %d, %d round(s) left | because %s",
                    r.iteration(),
                    r.round(),
                    r.remainingBudget(),
                    r.cause());
        } else if (event instanceof ProblemEvent.Corrected c) {
            return String.format(
                    Locale.ROOT,
                    "corrected %s (%s by %s%s): refined %s is %s | %s",
                    c.sampleId(),
                    c.kind().name().toLowerCase(Locale.ROOT),
                    c.criticModelVersion(),
                    parsed(c.parsed(), c.stepVerdicts()),
                    c.refinedSampleId(),
                    correct(c.refinedCorrect()),
                    clip(c.critiqueText()));
        } else if (event instanceof ProblemEvent.Accepted a) {
            return String.format(
                    Locale.ROOT,
                    "accepted %s in iteration %d by %s: %s%s",
                    a.sampleId(),
                    a.iteration(),
                    a.policyVersion(),
                    reasons(a.reasons()),
                    a.hintDerived() ? " (hint-derived, trained without the hint)" : "");
        } else if (event instanceof ProblemEvent.Rejected r) {
            return String.format(
                    Locale.ROOT,
                    "rejected %s in iteration %d by %s: %s",
                    r.sampleId(),
                    r.iteration(),
                    r.policyVersion(),
                    reasons(r.reasons()));
        } else if (event instanceof ProblemEvent.Evaluated e) {
            return String.format(
                    Locale.ROOT,
                    "evaluated in iteration %d on %s (%s) by %s: %s | %s",
                    e.iteration(),
                    e.evaluationSplit(),
                    e.mode(),
                    e.modelVersion(),
                    verdict(e.extractedAnswer(), e.correct(), e.graderVersion()),
                    clip(e.text()));
        } else if (event instanceof ProblemEvent.EvaluationSampled e) {
            return String.format(
                    Locale.ROOT,
                    "evaluation sample %s by %s (%s, mean log-prob %.3f): %s | %s",
                    e.sampleId(),
                    e.modelVersion(),
                    drawn(e.temperature(), e.topP(), e.seed(), e.tokenCount(), e.truncated()),
                    e.meanLogProb(),
                    verdict(e.extractedAnswer(), e.correct(), e.graderVersion()),
                    clip(e.text()));
        } else if (event instanceof ProblemEvent.EvaluationRefined e) {
            return String.format(
                    Locale.ROOT,
                    "critique-then-refine in iteration %d on %s by %s (critic %s%s): %s | %s",
                    e.iteration(),
                    e.evaluationSplit(),
                    e.modelVersion(),
                    e.criticVersion(),
                    parsed(e.parsed(), e.stepVerdicts()),
                    e.flagged()
                            ? "flagged, greedy answer " + correct(e.originalCorrect())
                                    + ", refined answer "
                                    + answer(e.refinedExtractedAnswer()) + " "
                                    + correct(Boolean.TRUE.equals(e.refinedCorrect()))
                                    + " by " + e.graderVersion()
                            : "not flagged, greedy answer kept (" + correct(e.originalCorrect()) + ")",
                    clip(e.critiqueText()));
        } else if (event instanceof ProblemEvent.SampleFailed f) {
            return String.format(
                    Locale.ROOT,
                    "failed %s (%s%s, iteration %d) by %s, %s: %s",
                    f.sampleId(),
                    f.kind().name().toLowerCase(Locale.ROOT).replace('_', ' '),
                    f.evaluationSplit() == null ? "" : " on " + f.evaluationSplit(),
                    f.iteration(),
                    f.modelVersion(),
                    f.permanent() ? "permanently" : "after its attempts",
                    clip(f.cause()));
        }
        return event.toString();
    }

    private static String experiment(ExperimentEvent event) {
        if (event instanceof ExperimentEvent.ExperimentStarted s) {
            return "experiment started: " + s.name() + ", config hash " + s.configHash() + ", code " + s.codeVersion();
        } else if (event instanceof ExperimentEvent.ProblemsRegistered r) {
            return "problems registered: " + r.problemsPerSplit();
        } else if (event instanceof ExperimentEvent.IterationStarted s) {
            return "iteration " + s.iteration() + " started"
                    + (s.samplingModelVersion() == null ? "" : ", sampling with " + s.samplingModelVersion());
        } else if (event instanceof ExperimentEvent.PhaseProgressed p) {
            return "iteration " + p.iteration() + " " + p.phase().name().toLowerCase(Locale.ROOT) + " progressed to "
                    + p.watermark() + " " + p.counters();
        } else if (event instanceof ExperimentEvent.SamplingFinished s) {
            return "iteration " + s.iteration() + " sampling finished " + s.counters();
        } else if (event instanceof ExperimentEvent.TrainingStarted t) {
            return "iteration " + t.iteration() + " training started from "
                    + (t.baseModelVersion() == null ? "scratch" : t.baseModelVersion()) + " on "
                    + t.exampleCount() + " examples (" + t.datasetPath() + ", hash " + t.datasetHash() + ")";
        } else if (event instanceof ExperimentEvent.ModelTrained m) {
            return "iteration " + m.iteration() + " trained " + m.modelVersion() + " at " + m.checkpointPath() + " on "
                    + m.trainerNode() + ", loss " + m.lossSummary();
        } else if (event instanceof ExperimentEvent.TrainingSkipped s) {
            return "iteration " + s.iteration() + " training skipped, keeping " + s.modelVersion() + ": " + s.reason();
        } else if (event instanceof ExperimentEvent.Evaluated e) {
            return "iteration " + e.iteration() + " evaluated " + e.modelVersion() + ": " + e.accuracyBySplit();
        } else if (event instanceof ExperimentEvent.IterationCompleted c) {
            return "iteration " + c.iteration() + " completed";
        } else if (event instanceof ExperimentEvent.ExperimentFinished f) {
            return "experiment finished with " + f.finalModelVersion();
        } else if (event instanceof ExperimentEvent.ExperimentFailed f) {
            return "experiment failed: " + f.reason();
        } else if (event instanceof ExperimentEvent.ExperimentCancelled c) {
            return "experiment cancelled by " + c.by() + ": " + c.reason();
        }
        return event.toString();
    }

    static String reasons(List<DecisionReason> reasons) {
        return reasons.stream().map(DecisionReason::describe).collect(Collectors.joining("; "));
    }

    /** How a sample was drawn: "T=0.7 top-p=1.0 seed 3, 42 tokens", truncated or not. */
    private static String drawn(double temperature, double topP, long seed, int tokens, boolean truncated) {
        return String.format(
                Locale.ROOT,
                "T=%s top-p=%s seed %d, %d tokens%s",
                temperature,
                topP,
                seed,
                tokens,
                truncated ? ", truncated" : "");
    }

    /** A graded answer: "answer 42, correct by grader-v3". */
    private static String verdict(String extracted, boolean correct, String graderVersion) {
        return "answer " + answer(extracted) + ", " + correct(correct) + " by " + graderVersion;
    }

    private static String parsed(boolean parsed, List<?> stepVerdicts) {
        return parsed ? ", " + stepVerdicts.size() + " step verdicts" : ", not parsed";
    }

    private static String correct(boolean correct) {
        return correct ? "correct" : "wrong";
    }

    private static String answer(String extracted) {
        return extracted == null || extracted.isEmpty() ? "none found" : extracted;
    }

    /** The first line of a text, shortened: the full text is in the JSON. */
    static String clip(String text) {
        if (text == null) {
            return "";
        }
        String flat = text.strip().replaceAll("\\s+", " ");
        return flat.length() <= TEXT_WIDTH ? flat : flat.substring(0, TEXT_WIDTH - 3) + "...";
    }
}
