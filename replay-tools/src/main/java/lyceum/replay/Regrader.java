package lyceum.replay;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import lyceum.events.ProblemEvent;
import lyceum.events.ProblemEvent.Accepted;
import lyceum.events.ProblemEvent.Corrected;
import lyceum.events.ProblemEvent.Evaluated;
import lyceum.events.ProblemEvent.EvaluationAnswer;
import lyceum.events.ProblemEvent.EvaluationRefined;
import lyceum.events.ProblemEvent.EvaluationSampled;
import lyceum.events.ProblemEvent.ProblemRegistered;
import lyceum.events.ProblemEvent.Rejected;
import lyceum.events.ProblemEvent.Sampled;
import lyceum.grading.GraderSettings;
import lyceum.grading.Verdict;

/**
 * Re-grades one problem's journaled answers with another grader, in memory: every Sampled,
 * Evaluated and EvaluationSampled event, and the refined answer of every Corrected and EvaluationRefined
 * event, gets the new extracted answer,
 * verdict and grader version. Acceptance decisions stay as journaled: they are what the experiment
 * trained on, and the changes name them so an auditor sees accepted samples now judged wrong.
 * Thread-safe when the grader is.
 */
public final class Regrader {

    private final AnswerGrader grader;

    public Regrader(AnswerGrader grader) {
        this.grader = Objects.requireNonNull(grader);
    }

    /**
     * One problem's events after re-grading, and what changed. {@code readAsJournaled}: every answer was
     * read and judged as the journal has it, so the events differ from the journal's in their grader
     * version alone and give the journal's metrics.
     */
    public record RegradedProblem(
            List<ProblemEvent> events, List<ChangedVerdict> changes, long answersChanged, boolean readAsJournaled) {}

    /** {@code events}: one problem's stream in journal order, starting with its registration. */
    public RegradedProblem regrade(List<ProblemEvent> events) {
        Map<String, String> decisions = decisions(events);
        Map<String, Boolean> regradedSamples = new HashMap<>();
        Map<String, Boolean> regradedGreedy = new HashMap<>();
        List<ProblemEvent> out = new ArrayList<>(events.size());
        List<ChangedVerdict> changes = new ArrayList<>();
        long answersChanged = 0;
        boolean differs = false;
        String reference = null;
        String problemId = null;
        AnswerGrader grader = this.grader;
        for (ProblemEvent event : events) {
            GradedAnswer g = GradedAnswer.of(event);
            if (event instanceof ProblemRegistered r) {
                reference = r.referenceAnswer();
                problemId = r.problemId();
                // the settings the problem was graded with when journaled (MATH-style before they were journaled)
                grader = this.grader.withSettings(GraderSettings.fromMap(r.graderSettings()));
                out.add(r);
            } else if (reference != null && g != null) {
                Verdict v = grader.grade(reference, nullToEmpty(g.text()));
                String answer = answer(v, g.extracted());
                boolean sameAnswer = Objects.equals(g.extracted(), answer);
                if (event instanceof Sampled s) {
                    regradedSamples.put(s.sampleId(), v.equivalent());
                } else if (event instanceof Evaluated e) {
                    regradedGreedy.put(e.iteration() + "~" + e.evaluationSplit(), v.equivalent());
                }
                differs |= v.equivalent() != g.correct() || !sameAnswer;
                if (v.equivalent() != g.correct()) {
                    changes.add(new ChangedVerdict(
                            g.id(),
                            g.kind(),
                            problemId,
                            g.iteration(),
                            g.correct(),
                            v.equivalent(),
                            g.extracted(),
                            answer,
                            g.graderVersion(),
                            g.kind().equals("sample") ? decisions.getOrDefault(g.id(), "undecided") : null));
                } else if (!sameAnswer) {
                    answersChanged++;
                }
                out.add(g.rewrite().regraded(answer, v.graderVersion(), v.equivalent()));
            } else if (reference != null && event instanceof EvaluationRefined r) {
                boolean originalCorrect =
                        regradedGreedy.getOrDefault(r.iteration() + "~" + r.evaluationSplit(), r.originalCorrect());
                Boolean refinedCorrect = r.refinedCorrect();
                String refinedAnswer = r.refinedExtractedAnswer();
                String graderVersion = r.graderVersion();
                if (r.refinedText() != null) {
                    Verdict v = grader.grade(reference, r.refinedText());
                    refinedCorrect = v.equivalent();
                    refinedAnswer = answer(v, r.refinedExtractedAnswer());
                    graderVersion = v.graderVersion();
                    if (!refinedCorrect.equals(r.refinedCorrect())) {
                        changes.add(new ChangedVerdict(
                                r.sampleId(),
                                "refinement",
                                r.problemId(),
                                r.iteration(),
                                Boolean.TRUE.equals(r.refinedCorrect()),
                                refinedCorrect,
                                r.refinedExtractedAnswer(),
                                refinedAnswer,
                                r.graderVersion(),
                                null));
                    }
                }
                boolean correctAfter = r.flagged() ? Boolean.TRUE.equals(refinedCorrect) : originalCorrect;
                differs |= originalCorrect != r.originalCorrect()
                        || !Objects.equals(refinedCorrect, r.refinedCorrect())
                        || !Objects.equals(refinedAnswer, r.refinedExtractedAnswer())
                        || correctAfter != r.correctAfter();
                out.add(new EvaluationRefined(
                        r.experimentId(),
                        r.problemId(),
                        r.sampleId(),
                        r.iteration(),
                        r.evaluationSplit(),
                        r.modelVersion(),
                        originalCorrect,
                        r.criticVersion(),
                        r.critiqueText(),
                        r.parsed(),
                        r.stepVerdicts(),
                        r.criticFinalVerdict(),
                        r.flagged(),
                        r.refinedText(),
                        refinedAnswer,
                        graderVersion,
                        r.refinedTokenCount(),
                        refinedCorrect,
                        correctAfter));
            } else if (reference != null && event instanceof Corrected c) {
                boolean originalCorrect = regradedSamples.getOrDefault(c.sampleId(), c.originalCorrect());
                boolean refinedCorrect = c.refinedCorrect();
                String refinedAnswer = c.refinedExtractedAnswer();
                if (c.refinedText() != null) {
                    Verdict v = grader.grade(reference, c.refinedText());
                    refinedCorrect = v.equivalent();
                    refinedAnswer = answer(v, c.refinedExtractedAnswer());
                    // a refinement journaled as a sample of its own is counted once, as that sample
                    if (refinedCorrect != c.refinedCorrect() && !regradedSamples.containsKey(c.refinedSampleId())) {
                        changes.add(new ChangedVerdict(
                                c.refinedSampleId(),
                                "refinement",
                                c.problemId(),
                                c.iteration(),
                                c.refinedCorrect(),
                                refinedCorrect,
                                c.refinedExtractedAnswer(),
                                refinedAnswer,
                                null,
                                decisions.getOrDefault(c.refinedSampleId(), "undecided")));
                    }
                }
                differs |= originalCorrect != c.originalCorrect()
                        || refinedCorrect != c.refinedCorrect()
                        || !Objects.equals(refinedAnswer, c.refinedExtractedAnswer());
                out.add(c.regraded(refinedAnswer, refinedCorrect, originalCorrect));
            } else {
                out.add(event);
            }
        }
        return new RegradedProblem(out, changes, answersChanged, !differs);
    }

    /**
     * The graded answer of a Sampled, Evaluated or EvaluationSampled event (null for any other event), named as
     * a changed verdict names it, and how to write it back re-graded.
     */
    private record GradedAnswer(
            String id,
            String kind,
            int iteration,
            String text,
            String extracted,
            boolean correct,
            String graderVersion,
            Rewrite rewrite) {

        interface Rewrite {
            ProblemEvent regraded(String extractedAnswer, String graderVersion, boolean correct);
        }

        static GradedAnswer of(ProblemEvent event) {
            if (event instanceof Sampled s) {
                return new GradedAnswer(
                        s.sampleId(),
                        "sample",
                        s.iteration(),
                        s.text(),
                        s.extractedAnswer(),
                        s.correct(),
                        s.graderVersion(),
                        s::regraded);
            } else if (event instanceof Evaluated e) {
                String id = String.join(
                        "~",
                        e.experimentId(),
                        e.problemId(),
                        Integer.toString(e.iteration()),
                        "eval",
                        e.evaluationSplit(),
                        e.mode());
                return evaluation(id, e, e.text(), e::regraded);
            } else if (event instanceof EvaluationSampled e) {
                return evaluation(e.sampleId(), e, e.text(), e::regraded);
            }
            return null;
        }

        private static GradedAnswer evaluation(String id, EvaluationAnswer answer, String text, Rewrite rewrite) {
            return new GradedAnswer(
                    id,
                    "evaluation",
                    answer.iteration(),
                    text,
                    answer.extractedAnswer(),
                    answer.correct(),
                    answer.graderVersion(),
                    rewrite);
        }
    }

    private static Map<String, String> decisions(List<ProblemEvent> events) {
        Map<String, String> decisions = new HashMap<>();
        for (ProblemEvent event : events) {
            if (event instanceof Accepted a) {
                decisions.put(a.sampleId(), "accepted");
            } else if (event instanceof Rejected r) {
                decisions.put(r.sampleId(), "rejected");
            }
        }
        return decisions;
    }

    /**
     * The new answer as the problem actor journals it (an empty string when none is found), except that
     * "no answer" stays in the journal's own form when the journal had none either: a re-grading that
     * reads nothing new must change nothing (an empty string and null differ to maj@k).
     */
    private static String answer(Verdict v, String journaled) {
        return isBlank(v.extracted()) && isBlank(journaled) ? journaled : v.extracted();
    }

    private static boolean isBlank(String answer) {
        return answer == null || answer.isEmpty();
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }
}
