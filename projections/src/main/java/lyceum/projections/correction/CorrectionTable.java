package lyceum.projections.correction;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionStage;
import lyceum.events.ProblemEvent.Corrected;
import lyceum.events.ProblemEvent.StepVerdict;
import lyceum.metrics.CorrectionOutcome;
import lyceum.projections.shared.ShardedTable;
import org.apache.pekko.Done;

/**
 * Read model of the corrections (critique-and-refine, reflect-and-retry): one row per refined sample,
 * with the verdicts before and after and what the critic said in numbers.
 */
public final class CorrectionTable extends ShardedTable.PerIteration {

    public static final Layout LAYOUT = new Layout(
            "corrections",
            "problem_id text, refined_sample_id text",
            """
          sample_id text,
          kind text,
          parsed boolean,
          steps int,
          wrong_steps int,
          critic_final_verdict boolean,
          critic_model_version text,
          original_correct boolean,
          refined_correct boolean""",
            "refined_sample_id, original_correct, refined_correct");

    private CorrectionTable(CqlSession session, List<PreparedStatement> statements) {
        super(session, statements);
    }

    public static CompletionStage<CorrectionTable> prepare(CqlSession session, String keyspace) {
        return LAYOUT.prepare(session, keyspace, CorrectionTable::new);
    }

    public CompletionStage<Done> upsert(Corrected e) {
        List<StepVerdict> steps = e.stepVerdicts() == null ? List.of() : e.stepVerdicts();
        return upsertRow(
                Arrays.asList(
                        e.sampleId(),
                        e.kind() == null ? null : e.kind().name(),
                        e.parsed(),
                        steps.size(),
                        (int) steps.stream().filter(s -> !s.correct()).count(),
                        e.criticFinalVerdict(),
                        e.criticModelVersion(),
                        e.originalCorrect(),
                        e.refinedCorrect()),
                e.experimentId(),
                e.iteration(),
                e.problemId(),
                e.problemId(),
                e.refinedSampleId());
    }

    public static CorrectionOutcome outcome(Row row) {
        return new CorrectionOutcome(
                row.getString("refined_sample_id"),
                row.getBoolean("original_correct"),
                row.getBoolean("refined_correct"));
    }
}
