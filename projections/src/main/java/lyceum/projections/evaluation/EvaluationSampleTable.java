package lyceum.projections.evaluation;

import com.datastax.oss.driver.api.core.cql.Row;
import lyceum.events.ProblemEvent.EvaluationSampled;
import lyceum.metrics.journal.EvaluationSampleFacts;
import lyceum.projections.shared.ShardedTable.Layout;
import lyceum.projections.shared.ShardedTable.Upsert;

/**
 * Read model of the sampled evaluation answers: one row per (problem, iteration, split, index), in
 * partitions of (experiment, iteration, shard), without the texts.
 */
public final class EvaluationSampleTable {

    public static final Layout<EvaluationSampled> LAYOUT = new Layout<>(
            "evaluation_samples",
            "split text, problem_id text, sample_index int",
            AnswerColumns.COLUMNS + ", sample_id text",
            "split, problem_id, sample_index, correct, extracted_answer, mean_log_prob",
            e -> new Upsert(
                    AnswerColumns.values(e, e.sampleId()),
                    e,
                    e.iteration(),
                    e.evaluationSplit(),
                    e.problemId(),
                    e.index()));

    private EvaluationSampleTable() {}

    public static EvaluationSampleFacts facts(Row row) {
        return new EvaluationSampleFacts(
                row.getString("problem_id"),
                row.getString("split"),
                row.getInt("sample_index"),
                row.getString("extracted_answer"),
                row.getBoolean("correct"),
                row.isNull("mean_log_prob") ? Double.NaN : row.getDouble("mean_log_prob"));
    }
}
