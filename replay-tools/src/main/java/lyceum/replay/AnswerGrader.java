package lyceum.replay;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import lyceum.grading.Grader;
import lyceum.grading.GraderSettings;
import lyceum.grading.Verdict;

/**
 * Grades a response against a problem's reference answer, as the problem actor does when it journals
 * a sample. Replay takes one so a fixed or deliberately changed grader can be tried on old journals.
 */
@FunctionalInterface
public interface AnswerGrader {

    Verdict grade(String referenceAnswer, String response);

    /**
     * This grader under a problem's journaled settings (see ProblemRegistered.graderSettings). A grader
     * that has no settings, such as a test's, grades every problem alike.
     */
    default AnswerGrader withSettings(GraderSettings settings) {
        return this;
    }

    /**
     * Starts whatever this grader needs before its first verdict (the symbolic engine) in the background,
     * so that a replay reads the journal meanwhile.
     */
    default void warmUp() {}

    /**
     * The grader of this code version, with a memory of its own (a new one per call, so one per replay):
     * a problem's samples mostly repeat a few final answers, and each (reference, answer) pair is then
     * compared once per settings. The verdicts are the grader's own ({@link Grader#memoizing()}).
     */
    static AnswerGrader current() {
        return new Current(GraderSettings.MATH, new ConcurrentHashMap<>());
    }

    /** The current grader under {@code settings}, sharing one memoizing grader per settings. */
    record Current(GraderSettings settings, Map<GraderSettings, Grader> graders) implements AnswerGrader {

        @Override
        public Verdict grade(String referenceAnswer, String response) {
            return graders.computeIfAbsent(settings, s -> Grader.withSettings(s).memoizing())
                    .grade(referenceAnswer, response);
        }

        @Override
        public void warmUp() {
            Grader.warmUp();
        }

        @Override
        public AnswerGrader withSettings(GraderSettings settings) {
            return new Current(settings, graders);
        }
    }
}
