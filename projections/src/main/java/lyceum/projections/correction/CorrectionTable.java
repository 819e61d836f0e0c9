package lyceum.projections.correction;

import com.datastax.oss.driver.api.core.cql.Row;
import java.util.Arrays;
import java.util.List;
import lyceum.events.ProblemEvent.Corrected;
import lyceum.events.ProblemEvent.StepVerdict;
import lyceum.metrics.CorrectionOutcome;
import lyceum.projections.shared.ShardedTable.Layout;
import lyceum.projections.shared.ShardedTable.Upsert;

/**
 * Read model of the corrections (critique-and-refine, reflect-and-retry): one row per refined sample,
 * with the verdicts before and after and what the critic said in numbers.
 */
public final class CorrectionTable {

    public static final Layout<Corrected> LAYOUT = new Layout<>(
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
            "refined_sample_id, original_correct, refined_correct",
            CorrectionTable::row);

    private CorrectionTable() {}

    private static Upsert row(Corrected e) {
        List<StepVerdict> steps = e.stepVerdicts() == null ? List.of() : e.stepVerdicts();
        return new Upsert(
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
                e,
                e.iteration(),
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
