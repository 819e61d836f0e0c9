package lyceum.projections.evaluation;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import java.util.List;
import java.util.concurrent.CompletionStage;
import lyceum.events.ProblemEvent.EvaluationSampled;
import lyceum.metrics.journal.EvaluationSampleFacts;
import lyceum.projections.shared.ShardedTable;
import org.apache.pekko.Done;

/**
 * Read model of the sampled evaluation answers: one row per (problem, iteration, split, index), in
 * partitions of (experiment, iteration, shard), without the texts.
 */
public final class EvaluationSampleTable extends ShardedTable.PerIteration {

    public static final Layout LAYOUT = new Layout(
            "evaluation_samples",
            "split text, problem_id text, sample_index int",
            AnswerColumns.COLUMNS + ", sample_id text",
            "split, problem_id, sample_index, correct, extracted_answer, mean_log_prob");

    private EvaluationSampleTable(CqlSession session, List<PreparedStatement> statements) {
        super(session, statements);
    }

    public static CompletionStage<EvaluationSampleTable> prepare(CqlSession session, String keyspace) {
        return LAYOUT.prepare(session, keyspace, EvaluationSampleTable::new);
    }

    public CompletionStage<Done> upsert(EvaluationSampled e) {
        return upsertRow(
                AnswerColumns.values(e, e.sampleId()),
                e.experimentId(),
                e.iteration(),
                e.problemId(),
                e.evaluationSplit(),
                e.problemId(),
                e.index());
    }

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
