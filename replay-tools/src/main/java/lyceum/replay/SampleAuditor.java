package lyceum.replay;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import lyceum.events.ExperimentEvent.IterationStarted;
import lyceum.events.ExperimentEvent.ModelTrained;
import lyceum.events.ExperimentEvent.TrainingSkipped;
import lyceum.events.ExperimentEvent.TrainingStarted;
import lyceum.events.ProblemEvent.Accepted;
import lyceum.events.ProblemEvent.Corrected;
import lyceum.events.ProblemEvent.DecisionReason;
import lyceum.events.ProblemEvent.Hinted;
import lyceum.events.ProblemEvent.ProblemRegistered;
import lyceum.events.ProblemEvent.Rejected;
import lyceum.events.ProblemEvent.Resampled;
import lyceum.events.ProblemEvent.Sampled;
import lyceum.events.SampleId;
import lyceum.grading.GraderSettings;
import lyceum.grading.Verdict;
import lyceum.problem.AcceptancePolicy;
import lyceum.problem.Prompts;

/**
 * Explains one sample from its problem's journal and its experiment's: the problem, the resample rounds
 * and hints before it, how and by which model it was drawn (and which iteration's training produced that
 * model), its grade, critiques naming it, and the acceptance decision with its rules.
 */
public final class SampleAuditor {

    /** The rules of {@link AcceptancePolicy#VERSION}, in words. */
    static final String CURRENT_POLICY_RULE =
            "a sample is kept when its answer is correct, it was not cut off at the token limit, it does not repeat"
                    + " a kept rationale (case and white space aside) and its problem's quota for the iteration is not"
                    + " full; a refinement written after feedback must also show its reasoning (a reasoning line, every"
                    + " 'a op b = c' step checking out, no fewer such steps than the reference: else it is a shortcut) and"
                    + " at most the configured number of refinements per critique is kept; samples are considered in"
                    + " (round, index) order";

    private SampleAuditor() {}

    /** The sample id's experiment and problem, for loading the two journals. */
    public static SampleId locate(String sampleId) {
        String[] parts = sampleId.split("~", -1);
        if (parts.length < 5) {
            throw new IllegalArgumentException(
                    "not a sample id (experiment~problem~iteration~round~index): " + sampleId);
        }
        return SampleId.parse(String.join("~", Arrays.copyOf(parts, 5)));
    }

    /**
     * @param problemHistory the problem's journal, oldest first
     * @param experimentHistory the experiment's journal, oldest first
     * @param current when not null, the sample is also graded by it and the audit says whether it agrees
     */
    public static SampleAudit audit(
            String sampleId,
            List<JournaledEvent> problemHistory,
            List<JournaledEvent> experimentHistory,
            AnswerGrader current) {
        SampleId id = locate(sampleId);
        JournaledEvent registration = find(problemHistory, ProblemRegistered.class, e -> true)
                .orElseThrow(() -> new IllegalArgumentException(
                        "no problem '" + id.problemId() + "' in experiment '" + id.experimentId() + "'"));
        ProblemRegistered p = (ProblemRegistered) registration.event();
        Optional<JournaledEvent> sampledEntry =
                find(problemHistory, Sampled.class, s -> s.sampleId().equals(sampleId));
        if (sampledEntry.isEmpty()) {
            String hint = find(problemHistory, Corrected.class, c -> sampleId.equals(c.refinedSampleId()))
                    .map(c -> "; it is the refinement in a critique of " + ((Corrected) c.event()).sampleId()
                            + ", audit that sample")
                    .orElse("");
            throw new IllegalArgumentException("no sample '" + sampleId + "' in the journal" + hint);
        }
        Sampled s = (Sampled) sampledEntry.get().event();
        List<HistoryEntry> chain = new ArrayList<>();
        List<JournaledEvent> chainEvents = new ArrayList<>();
        chainEvents.add(registration);

        List<SampleAudit.Resample> resamples = new ArrayList<>();
        List<SampleAudit.Hint> hints = new ArrayList<>();
        List<SampleAudit.Correction> corrections = new ArrayList<>();
        JournaledEvent decisionEntry = null;
        for (JournaledEvent e : problemHistory) {
            Object event = e.event();
            if (event instanceof Resampled r && r.iteration() == s.iteration() && r.round() <= s.round()) {
                resamples.add(new SampleAudit.Resample(r.round(), r.cause(), r.remainingBudget()));
                chainEvents.add(e);
            } else if (event instanceof Hinted h && h.iteration() == s.iteration() && h.round() <= s.round()) {
                hints.add(new SampleAudit.Hint(
                        h.hintId(),
                        h.round(),
                        h.kind().name().toLowerCase(Locale.ROOT),
                        HintWords.of(h.kind()),
                        h.payload(),
                        h.reason(),
                        h.hintId().equals(s.hintId())));
                chainEvents.add(e);
            } else if (event == s) {
                chainEvents.add(e);
            } else if (event instanceof Corrected c
                    && (sampleId.equals(c.sampleId()) || sampleId.equals(c.refinedSampleId()))) {
                corrections.add(correction(c, sampleId));
                chainEvents.add(e);
            } else if (event instanceof Accepted a && a.sampleId().equals(sampleId)
                    || event instanceof Rejected r && r.sampleId().equals(sampleId)) {
                decisionEntry = e;
                chainEvents.add(e);
            }
        }
        SampleAudit.Model model = model(s.modelVersion(), experimentHistory, chainEvents);
        find(experimentHistory, IterationStarted.class, i -> i.iteration() == s.iteration())
                .ifPresent(chainEvents::add);

        SampleAudit.CurrentVerdict currentVerdict = null;
        if (current != null) {
            Verdict v = current.withSettings(GraderSettings.fromMap(p.graderSettings()))
                    .grade(p.referenceAnswer(), s.text() == null ? "" : s.text());
            currentVerdict = new SampleAudit.CurrentVerdict(
                    v.graderVersion(), v.extracted(), v.equivalent(), v.rule(), v.equivalent() == s.correct());
        }
        SampleAudit.Grading grading = new SampleAudit.Grading(
                s.extractedAnswer(), p.referenceAnswer(), s.correct(), s.graderVersion(), currentVerdict);

        String decision = "undecided";
        List<DecisionReason> reasons = List.of();
        String policyVersion = null;
        SampleAudit.Training training = null;
        if (decisionEntry != null && decisionEntry.event() instanceof Accepted a) {
            decision = "accepted";
            reasons = a.reasons();
            policyVersion = a.policyVersion();
            training = new SampleAudit.Training(a.trainingPrompt(), a.trainingCompletion(), a.hintDerived());
        } else if (decisionEntry != null && decisionEntry.event() instanceof Rejected r) {
            decision = "rejected";
            reasons = r.reasons();
            policyVersion = r.policyVersion();
        }
        String policyRule = policyVersion == null
                ? null
                : AcceptancePolicy.VERSION.equals(policyVersion)
                        ? CURRENT_POLICY_RULE
                        : "policy " + policyVersion + " is not this code's (" + AcceptancePolicy.VERSION
                                + "): its rules are the journaled reasons";

        // Events of two entities, ordered by write time; a stable sort keeps each entity's own order.
        chainEvents.sort(Comparator.comparingLong(JournaledEvent::timestamp));
        chainEvents.forEach(e -> chain.add(HistoryEntry.of(e)));

        SampleAudit.Problem problem = new SampleAudit.Problem(
                p.question(),
                p.referenceAnswer(),
                p.difficulty(),
                p.difficultyBucket(),
                p.split(),
                p.dataset(),
                p.source(),
                p.sourceLine());
        Prompts prompts = JournaledPrompts.of(experimentHistory);
        SampleAudit.Sampling sampling = new SampleAudit.Sampling(
                s.strategy(),
                s.hintId(),
                s.temperature(),
                s.topP(),
                s.maxTokens(),
                s.seed(),
                s.promptHash(),
                s.workerNode(),
                s.tokenCount(),
                s.meanLogProb(),
                s.truncated(),
                s.latencyMillis(),
                s.text(),
                prompt(s, p, problemHistory, prompts));
        List<SampleAudit.Reason> reasonViews = reasons.stream()
                .map(r -> new SampleAudit.Reason(r.rule().name().toLowerCase(Locale.ROOT), r.detail(), r.describe()))
                .toList();
        List<String> explanation = Explanation.of(
                id,
                p,
                s,
                resamples,
                hints,
                model,
                grading,
                corrections,
                decision,
                reasons,
                policyVersion,
                policyRule,
                training,
                prompts.sample(p.question()).text());
        return new SampleAudit(
                sampleId,
                id.experimentId(),
                id.problemId(),
                s.iteration(),
                s.round(),
                s.index(),
                decision,
                reasonViews,
                policyVersion,
                policyRule,
                problem,
                resamples,
                hints,
                sampling,
                model,
                grading,
                corrections,
                training,
                explanation,
                chain);
    }

    /** The sample's prompt, rendered as the problem rendered it: its hint and the sample a feedback hint is about. */
    private static SampleAudit.Prompt prompt(
            Sampled s, ProblemRegistered p, List<JournaledEvent> problemHistory, Prompts prompts) {
        Hinted hint = s.hintId() == null
                ? null
                : find(
                                problemHistory,
                                Hinted.class,
                                h -> h.iteration() == s.iteration()
                                        && h.hintId().equals(s.hintId()))
                        .map(e -> (Hinted) e.event())
                        .orElse(null);
        String about = hint == null || hint.aboutSampleId() == null
                ? null
                : find(problemHistory, Sampled.class, a -> a.sampleId().equals(hint.aboutSampleId()))
                        .map(e -> ((Sampled) e.event()).text())
                        .orElse("");
        Prompts.Prompt drawn = prompts.underHint(p, hint, about);
        return new SampleAudit.Prompt(
                drawn.chat() ? "chat" : "completion",
                drawn.text(),
                drawn.chat() ? drawn.messages() : List.of(),
                drawn.stop(),
                Prompts.hash(drawn.text()).equals(s.promptHash()));
    }

    /** The model version's origin: the experiment iteration that trained it, or none (a base model). */
    private static SampleAudit.Model model(
            String version, List<JournaledEvent> experiment, List<JournaledEvent> chain) {
        Optional<JournaledEvent> trained =
                find(experiment, ModelTrained.class, m -> m.modelVersion().equals(version));
        if (trained.isPresent()) {
            ModelTrained m = (ModelTrained) trained.get().event();
            Map<String, Object> training = null;
            Optional<JournaledEvent> started =
                    find(experiment, TrainingStarted.class, t -> t.iteration() == m.iteration());
            if (started.isPresent()) {
                TrainingStarted t = (TrainingStarted) started.get().event();
                training = new LinkedHashMap<>();
                training.put("iteration", t.iteration());
                training.put("dataset_path", t.datasetPath());
                training.put("dataset_hash", t.datasetHash());
                training.put("example_count", t.exampleCount());
                training.put("base_model_version", t.baseModelVersion());
                chain.add(started.get());
            }
            chain.add(trained.get());
            return new SampleAudit.Model(
                    version, m.iteration(), training, m.checkpointPath(), m.trainerNode(), m.lossSummary(), null);
        }
        Optional<JournaledEvent> skipped =
                find(experiment, TrainingSkipped.class, t -> t.modelVersion().equals(version));
        if (skipped.isPresent()) {
            TrainingSkipped t = (TrainingSkipped) skipped.get().event();
            chain.add(skipped.get());
            return SampleAudit.Model.untrained(
                    version,
                    "iteration " + t.iteration() + " skipped training (" + t.reason() + ") and kept this model");
        }
        return SampleAudit.Model.untrained(
                version, "not trained by this experiment (a base model or one given in its configuration)");
    }

    private static SampleAudit.Correction correction(Corrected c, String sampleId) {
        List<Map<String, Object>> steps = new ArrayList<>();
        if (c.stepVerdicts() != null) {
            c.stepVerdicts().forEach(v -> {
                Map<String, Object> step = new LinkedHashMap<>();
                step.put("step", v.step());
                step.put("correct", v.correct());
                step.put("explanation", v.explanation());
                steps.add(step);
            });
        }
        String role = sampleId.equals(c.sampleId()) ? "critique of this sample" : "this sample is the refinement";
        return new SampleAudit.Correction(
                role,
                c.kind().name().toLowerCase(Locale.ROOT),
                c.criticModelVersion(),
                c.critiqueText(),
                c.parsed(),
                steps,
                c.criticFinalVerdict(),
                c.sampleId(),
                c.originalCorrect(),
                c.refinedSampleId(),
                c.refinedExtractedAnswer(),
                c.refinedCorrect());
    }

    @SuppressWarnings("unchecked")
    private static <T> Optional<JournaledEvent> find(List<JournaledEvent> events, Class<T> type, Predicate<T> test) {
        return events.stream()
                .filter(e -> type.isInstance(e.event()) && test.test((T) e.event()))
                .findFirst();
    }
}
