package lyceum.projections.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.cql.Row;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import lyceum.events.ProblemEvent;
import lyceum.events.ProblemEvent.Accepted;
import lyceum.events.ProblemEvent.DecisionReason;
import lyceum.events.ProblemEvent.DecisionRule;
import lyceum.events.ProblemEvent.Rejected;
import lyceum.events.ProblemEvent.Sampled;
import lyceum.events.SampleId;
import lyceum.metrics.journal.Decision;
import lyceum.metrics.journal.ReadSideShard;
import lyceum.metrics.journal.SampleFacts;
import lyceum.projections.Envelopes;
import lyceum.projections.ExperimentScript;
import lyceum.projections.HandlerFixture;
import lyceum.projections.SampledFixture;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SampleHandlerTest {

    @RegisterExtension
    static final HandlerFixture fixture = new HandlerFixture();

    static Sampled sampled(String exp, int round, int index, String hintId, boolean correct, double lp) {
        String id = new SampleId(exp, "p1", 1, round, index).value();
        return SampledFixture.sample(exp, "p1", id)
                .at(1, round, index)
                .strategy("rationale-driven", hintId)
                .model("m0", "node-b")
                .params(0.7, 0.95, 128, 42L, "prompt-hash")
                .text("3 + 4 = 7. The answer is 7.", 14, lp)
                .graded(correct ? "7" : "8", "grader-2", correct)
                .latency(85)
                .build();
    }

    @Test
    void gradeAndFateLandInOneRowWhateverTheirOrderAndRepeats() {
        String exp = "samples-" + UUID.randomUUID();
        String pid = ExperimentScript.persistenceId(exp, "p1");
        Sampled plain = sampled(exp, 0, 0, null, true, -0.5);
        Sampled hinted = sampled(exp, 1, 0, "hint-1-1", false, Double.NaN);
        Accepted keep = new Accepted(
                exp,
                "p1",
                plain.sampleId(),
                1,
                List.of(new DecisionReason(DecisionRule.CORRECT_UNDER_QUOTA, "1 of 4")),
                "policy-3",
                false,
                "q",
                plain.text());
        Rejected drop = new Rejected(
                exp, "p1", hinted.sampleId(), 1, List.of(new DecisionReason(DecisionRule.INCORRECT, "")), "policy-3");
        List<EventEnvelope<ProblemEvent>> envelopes = List.of(
                Envelopes.single(pid, 1, plain),
                Envelopes.single(pid, 3, drop), // a decision seen before its sample
                Envelopes.single(pid, 2, hinted),
                Envelopes.single(pid, 4, keep),
                Envelopes.single(pid, 1, plain)); // redelivered after its decision

        fixture.run(
                "samples",
                envelopes,
                () -> new SampleHandler(fixture.cassandra().readSide().samples()));

        List<Row> rows = rows(exp);
        assertThat(rows).hasSize(2);
        assertThat(rows.stream().map(SampleTable::facts).toList())
                .containsExactly(
                        SampleFacts.of(plain).withDecision(Decision.ACCEPTED),
                        SampleFacts.of(hinted).withDecision(Decision.REJECTED));
        Map<String, Object> kept = Envelopes.columns(rows.get(0));
        assertThat(kept)
                .containsEntry("decision", "ACCEPTED")
                .containsEntry("decision_reasons", List.of("correct and under the per-problem quota (1 of 4)"))
                .containsEntry("policy_version", "policy-3")
                .containsEntry("model_version", "m0")
                .containsEntry("worker_node", "node-b")
                .containsEntry("token_count", 14)
                .containsEntry("latency_millis", 85L)
                .containsEntry("seed", 42L);
        assertThat(Envelopes.columns(rows.get(1))).containsEntry("hint_id", "hint-1-1");

        fixture.run(
                "samples",
                envelopes,
                () -> new SampleHandler(fixture.cassandra().readSide().samples()));
        assertThat(rows(exp).stream().map(Envelopes::columns).toList())
                .isEqualTo(rows.stream().map(Envelopes::columns).toList());
    }

    static List<Row> rows(String exp) {
        return fixture.cassandra()
                .session()
                .execute(
                        "SELECT * FROM lyceum.samples WHERE experiment_id = ? AND iteration = 1 AND shard = ?",
                        exp,
                        ReadSideShard.of("p1"))
                .all();
    }
}
