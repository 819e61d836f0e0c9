package lyceum.projections.problem;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import lyceum.events.ProblemEvent;
import lyceum.events.ProblemEvent.ProblemRegistered;
import lyceum.metrics.journal.ProblemFacts;
import lyceum.metrics.journal.ReadSideShard;
import lyceum.projections.Envelopes;
import lyceum.projections.ExperimentScript;
import lyceum.projections.HandlerFixture;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ProblemRegistrationHandlerTest {

    @RegisterExtension
    static final HandlerFixture fixture = new HandlerFixture();

    @Test
    void aRowPerProblemAndARepeatedEnvelopeChangesNothing() {
        String exp = "reg-" + UUID.randomUUID();
        ProblemRegistered train = new ProblemRegistered(
                exp,
                "gsm-train-1",
                "q",
                "5",
                "2 + 3 = 5. The answer is 5.",
                2.5,
                2,
                "train",
                "gsm8k",
                "train.jsonl",
                17);
        ProblemRegistered test =
                new ProblemRegistered(exp, "gsm-test-1", "q", "7", null, 4.0, 4, "test", "gsm8k", "test.jsonl", 3);
        EventEnvelope<ProblemEvent> first =
                Envelopes.single(ExperimentScript.persistenceId(exp, "gsm-train-1"), 1, train);
        List<EventEnvelope<ProblemEvent>> envelopes =
                List.of(first, Envelopes.single(ExperimentScript.persistenceId(exp, "gsm-test-1"), 1, test), first);

        fixture.run(
                "problems",
                envelopes,
                () -> new ProblemRegistrationHandler(
                        fixture.cassandra().readSide().problems()));

        Map<String, Object> trainRow = Envelopes.columns(row(exp, "gsm-train-1"));
        assertThat(trainRow)
                .containsEntry("split", "train")
                .containsEntry("difficulty", 2.5)
                .containsEntry("difficulty_bucket", 2)
                .containsEntry("dataset", "gsm8k")
                .containsEntry("source_line", 17)
                .containsEntry("reference_length", 9);
        assertThat(ProblemTable.facts(row(exp, "gsm-test-1")))
                .isEqualTo(new ProblemFacts("gsm-test-1", "test", 4, null));

        fixture.run(
                "problems",
                List.of(first, first),
                () -> new ProblemRegistrationHandler(
                        fixture.cassandra().readSide().problems()));
        assertThat(Envelopes.columns(row(exp, "gsm-train-1"))).isEqualTo(trainRow);
    }

    static Row row(String exp, String problemId) {
        CqlSession session = fixture.cassandra().session();
        return session.execute(
                        "SELECT * FROM lyceum.problems WHERE experiment_id = ? AND shard = ? AND problem_id = ?",
                        exp,
                        ReadSideShard.of(problemId),
                        problemId)
                .one();
    }
}
