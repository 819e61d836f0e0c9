package lyceum.projections.evaluation;

import com.datastax.oss.driver.api.core.cql.Row;
import lyceum.events.ProblemEvent.Evaluated;
import lyceum.metrics.journal.EvaluationFacts;
import lyceum.projections.shared.ShardedTable.Layout;
import lyceum.projections.shared.ShardedTable.Upsert;

/**
 * Read model of the evaluation answers: one row per (problem, iteration, split, mode), in partitions of
 * (experiment, iteration, shard).
 */
public final class EvaluationTable {

    public static final Layout<Evaluated> LAYOUT = new Layout<>(
            "evaluations",
            "mode text, split text, problem_id text",
            AnswerColumns.COLUMNS,
            "mode, split, problem_id, correct",
            e -> new Upsert(AnswerColumns.values(e), e, e.iteration(), e.mode(), e.evaluationSplit(), e.problemId()));

    private EvaluationTable() {}

    public static EvaluationFacts facts(Row row) {
        return new EvaluationFacts(
                row.getString("problem_id"), row.getString("split"), row.getString("mode"), row.getBoolean("correct"));
    }
}
