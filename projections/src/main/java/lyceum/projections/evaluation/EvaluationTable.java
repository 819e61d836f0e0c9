package lyceum.projections.evaluation;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import java.util.List;
import java.util.concurrent.CompletionStage;
import lyceum.events.ProblemEvent.Evaluated;
import lyceum.metrics.journal.EvaluationFacts;
import lyceum.projections.shared.ShardedTable;
import org.apache.pekko.Done;

/**
 * Read model of the evaluation answers: one row per (problem, iteration, split, mode), in partitions of
 * (experiment, iteration, shard).
 */
public final class EvaluationTable extends ShardedTable.PerIteration {

    public static final Layout LAYOUT = new Layout(
            "evaluations",
            "mode text, split text, problem_id text",
            AnswerColumns.COLUMNS,
            "mode, split, problem_id, correct");

    private EvaluationTable(CqlSession session, List<PreparedStatement> statements) {
        super(session, statements);
    }

    public static CompletionStage<EvaluationTable> prepare(CqlSession session, String keyspace) {
        return LAYOUT.prepare(session, keyspace, EvaluationTable::new);
    }

    public CompletionStage<Done> upsert(Evaluated e) {
        return upsertRow(
                AnswerColumns.values(e),
                e.experimentId(),
                e.iteration(),
                e.problemId(),
                e.mode(),
                e.evaluationSplit(),
                e.problemId());
    }

    public static EvaluationFacts facts(Row row) {
        return new EvaluationFacts(
                row.getString("problem_id"), row.getString("split"), row.getString("mode"), row.getBoolean("correct"));
    }
}
