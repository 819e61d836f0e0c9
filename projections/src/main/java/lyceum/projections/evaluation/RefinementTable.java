package lyceum.projections.evaluation;

import com.datastax.oss.driver.api.core.cql.Row;
import java.util.Arrays;
import lyceum.events.ProblemEvent.EvaluationRefined;
import lyceum.metrics.RefinementOutcome;
import lyceum.projections.shared.ShardedTable.Layout;
import lyceum.projections.shared.ShardedTable.Upsert;

/**
 * Read model of test-time critique-then-refine: one row per (problem, iteration, split), with the
 * verdict before, whether the critic flagged the answer and the verdict after, in partitions of
 * (experiment, iteration, shard).
 */
public final class RefinementTable {

    public static final Layout<EvaluationRefined> LAYOUT = new Layout<>(
            "evaluation_refinements",
            "split text, problem_id text",
            """
          critic_version text,
          parsed boolean,
          flagged boolean,
          original_correct boolean,
          correct_after boolean""",
            "split, problem_id, flagged, original_correct, correct_after",
            e -> new Upsert(
                    Arrays.asList(e.criticVersion(), e.parsed(), e.flagged(), e.originalCorrect(), e.correctAfter()),
                    e,
                    e.iteration(),
                    e.evaluationSplit(),
                    e.problemId()));

    private RefinementTable() {}

    public static RefinementOutcome outcome(Row row) {
        return new RefinementOutcome(
                row.getString("split"),
                row.getString("problem_id"),
                row.getBoolean("original_correct"),
                row.getBoolean("flagged"),
                row.getBoolean("correct_after"));
    }
}
