package lyceum.projections;

import java.util.ArrayList;
import java.util.List;
import lyceum.events.ProblemEvent.Evaluated;
import lyceum.events.ProblemEvent.EvaluationRefined;
import lyceum.events.RequestKey;
import lyceum.metrics.IterationMetrics;
import lyceum.metrics.journal.MetricsFromEvents;

/** Metrics of a scripted experiment, for the report tests. */
public final class ScriptedMetrics {

    private ScriptedMetrics() {}

    /** Iterations 0, 1 and 2 of a 24-problem experiment. */
    public static List<IterationMetrics> threeIterations() {
        return MetricsFromEvents.compute(
                "exp-report",
                ExperimentScript.generate("exp-report", 5, 24, 8, 6, 2).events());
    }

    /** The same with 8 sampled evaluation answers per evaluated problem. */
    public static List<IterationMetrics> threeIterationsWithTestTime() {
        return MetricsFromEvents.compute(
                "exp-report",
                ExperimentScript.generate("exp-report", 5, 24, 8, 6, 2, 8).events());
    }

    /**
     * The same with critique-then-refine of every greedy answer: a critic that flags the wrong answers and
     * every third right one, and refinements that repair every other flagged answer.
     */
    public static List<IterationMetrics> threeIterationsWithRefine() {
        List<Object> events = new ArrayList<>(
                ExperimentScript.generate("exp-report", 5, 24, 8, 6, 2).events());
        List<Object> refined = new ArrayList<>();
        int n = 0;
        for (Object event : events) {
            if (event instanceof Evaluated e) {
                boolean flagged = !e.correct() || n % 3 == 0;
                boolean after = flagged ? n % 2 == 0 : e.correct();
                refined.add(refined(
                        e.experimentId(),
                        e.problemId(),
                        e.iteration(),
                        e.evaluationSplit(),
                        e.modelVersion(),
                        e.correct(),
                        flagged,
                        after));
                n++;
            }
        }
        events.addAll(refined);
        return MetricsFromEvents.compute("exp-report", events);
    }

    /**
     * Critique-then-refine of a greedy answer that was right {@code before}: the critic's verdict, and when
     * it {@code flagged} the answer a refinement whose verdict is {@code after} (else the answer kept).
     */
    public static EvaluationRefined refined(
            String experimentId,
            String problemId,
            int iteration,
            String split,
            String modelVersion,
            boolean before,
            boolean flagged,
            boolean after) {
        return new EvaluationRefined(
                experimentId,
                problemId,
                new RequestKey.Refine(new RequestKey.EvaluationOf(experimentId, problemId, iteration, split)).wire(),
                iteration,
                split,
                modelVersion,
                before,
                "critic",
                flagged ? "Verdict: wrong" : "Verdict: correct",
                true,
                List.of(),
                !flagged,
                flagged,
                flagged ? "#### 1" : null,
                flagged ? "1" : null,
                "g",
                flagged ? 2 : null,
                flagged ? after : null,
                after);
    }
}
