package lyceum.projections.correction;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.cql.Row;
import java.util.List;
import java.util.UUID;
import lyceum.events.ProblemEvent;
import lyceum.events.ProblemEvent.Corrected;
import lyceum.events.ProblemEvent.CorrectionKind;
import lyceum.events.ProblemEvent.StepVerdict;
import lyceum.metrics.CorrectionOutcome;
import lyceum.metrics.journal.ReadSideShard;
import lyceum.projections.Envelopes;
import lyceum.projections.ExperimentScript;
import lyceum.projections.HandlerFixture;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CorrectionHandlerTest {

    @RegisterExtension
    static final HandlerFixture fixture = new HandlerFixture();

    @Test
    void oneRowPerRefinedSampleAndARepeatChangesNothing() {
        String exp = "corr-" + UUID.randomUUID();
        String pid = ExperimentScript.persistenceId(exp, "p3");
        Corrected repaired = new Corrected(
                exp,
                "p3",
                1,
                "s-1",
                CorrectionKind.CRITIQUE,
                "Step 2 adds 5 instead of 6.",
                true,
                List.of(
                        new StepVerdict(1, true, "fine"),
                        new StepVerdict(2, false, "wrong addend"),
                        new StepVerdict(3, false, "follows the error")),
                false,
                "critic-7",
                "s-1~refined",
                "6 + 6 = 12",
                "12",
                true,
                false);
        Corrected unparsed = new Corrected(
                exp,
                "p3",
                1,
                "s-2",
                CorrectionKind.REFLECTION,
                "I am not sure what went wrong.",
                false,
                null,
                null,
                "critic-7",
                "s-2~refined",
                "13",
                "13",
                false,
                true);
        List<EventEnvelope<ProblemEvent>> envelopes = List.of(
                Envelopes.single(pid, 5, repaired),
                Envelopes.single(pid, 6, unparsed),
                Envelopes.single(pid, 5, repaired));

        fixture.run(
                "corrections",
                envelopes,
                () -> new CorrectionHandler(fixture.cassandra().readSide().corrections()));

        List<Row> rows = fixture.cassandra()
                .session()
                .execute(
                        "SELECT * FROM lyceum.corrections WHERE experiment_id = ? AND iteration = 1 AND shard = ?",
                        exp,
                        ReadSideShard.of("p3"))
                .all();
        assertThat(rows.stream().map(CorrectionTable::outcome).toList())
                .containsExactly(
                        new CorrectionOutcome("s-1~refined", false, true),
                        new CorrectionOutcome("s-2~refined", true, false));
        assertThat(Envelopes.columns(rows.get(0)))
                .containsEntry("sample_id", "s-1")
                .containsEntry("kind", "CRITIQUE")
                .containsEntry("parsed", true)
                .containsEntry("steps", 3)
                .containsEntry("wrong_steps", 2)
                .containsEntry("critic_final_verdict", false)
                .containsEntry("critic_model_version", "critic-7");
        assertThat(Envelopes.columns(rows.get(1)))
                .containsEntry("kind", "REFLECTION")
                .containsEntry("parsed", false)
                .containsEntry("steps", 0)
                .containsEntry("critic_final_verdict", null);
    }
}
