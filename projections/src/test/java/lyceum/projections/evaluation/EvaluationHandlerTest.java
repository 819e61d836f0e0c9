package lyceum.projections.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.cql.Row;
import java.util.List;
import java.util.UUID;
import lyceum.events.ProblemEvent;
import lyceum.events.ProblemEvent.Evaluated;
import lyceum.metrics.journal.EvaluationFacts;
import lyceum.metrics.journal.ReadSideShard;
import lyceum.projections.Envelopes;
import lyceum.projections.ExperimentScript;
import lyceum.projections.HandlerFixture;
import lyceum.projections.ReadSide;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EvaluationHandlerTest {

    @RegisterExtension
    static final HandlerFixture fixture = new HandlerFixture();

    @Test
    void oneRowPerProblemSplitAndModeAndARepeatChangesNothing() {
        String exp = "eval-" + UUID.randomUUID();
        String pid = ExperimentScript.persistenceId(exp, "p9");
        Evaluated heldIn =
                new Evaluated(exp, "p9", 2, "held-in", "greedy", "m2", "it is 12", "12", "g1", true, 4, -0.3);
        Evaluated majority = new Evaluated(exp, "p9", 2, "held-in", "majority", "m2", "12", "12", "g1", false, 4, -0.3);
        Evaluated earlier = new Evaluated(exp, "p9", 1, "held-in", "greedy", "m1", "11", "11", "g1", false, 3, -0.9);
        List<EventEnvelope<ProblemEvent>> envelopes = List.of(
                Envelopes.single(pid, 1, earlier), Envelopes.single(pid, 2, heldIn),
                Envelopes.single(pid, 3, majority), Envelopes.single(pid, 2, heldIn));

        fixture.run("evaluations", envelopes, () -> {
            ReadSide readSide = fixture.cassandra().readSide();
            return new EvaluationHandler(readSide.evaluations(), readSide.evaluationSamples(), readSide.refinements());
        });

        List<Row> second = rows(exp, 2);
        assertThat(second.stream().map(EvaluationTable::facts).toList())
                .containsExactly(
                        new EvaluationFacts("p9", "held-in", "greedy", true),
                        new EvaluationFacts("p9", "held-in", "majority", false));
        assertThat(Envelopes.columns(second.get(0)))
                .containsEntry("model_version", "m2")
                .containsEntry("extracted_answer", "12")
                .containsEntry("grader_version", "g1")
                .containsEntry("token_count", 4);
        assertThat(rows(exp, 1).stream().map(EvaluationTable::facts).toList())
                .containsExactly(new EvaluationFacts("p9", "held-in", "greedy", false));
    }

    static List<Row> rows(String exp, int iteration) {
        return fixture.cassandra()
                .session()
                .execute(
                        "SELECT * FROM lyceum.evaluations WHERE experiment_id = ? AND iteration = ? AND shard = ?",
                        exp,
                        iteration,
                        ReadSideShard.of("p9"))
                .all();
    }
}
