package lyceum.projections.evaluation;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionStage;
import lyceum.events.ProblemEvent.EvaluationRefined;
import lyceum.metrics.RefinementOutcome;
import lyceum.projections.shared.ShardedTable;
import org.apache.pekko.Done;

/**
 * Read model of test-time critique-then-refine: one row per (problem, iteration, split), with the
 * verdict before, whether the critic flagged the answer and the verdict after, in partitions of
 * (experiment, iteration, shard).
 */
public final class RefinementTable extends ShardedTable.PerIteration {

    public static final Layout LAYOUT = new Layout(
            "evaluation_refinements",
            "split text, problem_id text",
            """
          critic_version text,
          parsed boolean,
          flagged boolean,
          original_correct boolean,
          correct_after boolean""",
            "split, problem_id, flagged, original_correct, correct_after");

    private RefinementTable(CqlSession session, List<PreparedStatement> statements) {
        super(session, statements);
    }

    public static CompletionStage<RefinementTable> prepare(CqlSession session, String keyspace) {
        return LAYOUT.prepare(session, keyspace, RefinementTable::new);
    }

    public CompletionStage<Done> upsert(EvaluationRefined e) {
        return upsertRow(
                Arrays.asList(e.criticVersion(), e.parsed(), e.flagged(), e.originalCorrect(), e.correctAfter()),
                e.experimentId(),
                e.iteration(),
                e.problemId(),
                e.evaluationSplit(),
                e.problemId());
    }

    public static RefinementOutcome outcome(Row row) {
        return new RefinementOutcome(
                row.getString("split"),
                row.getString("problem_id"),
                row.getBoolean("original_correct"),
                row.getBoolean("flagged"),
                row.getBoolean("correct_after"));
    }
}
