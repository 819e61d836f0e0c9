package lyceum.projections.iterations;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import lyceum.events.ExperimentEvent;
import lyceum.events.ExperimentEvent.ExperimentFailed;
import lyceum.events.ExperimentEvent.Phase;
import lyceum.events.ExperimentEvent.PhaseProgressed;
import lyceum.projections.Envelopes;
import lyceum.projections.ExperimentScript;
import lyceum.projections.HandlerFixture;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ExperimentIterationsHandlerTest {

    @RegisterExtension
    static final HandlerFixture fixture = new HandlerFixture();

    static ExperimentIterationsTable table;

    @BeforeAll
    static void start() {
        table = fixture.cassandra()
                .readSide()
                .experiments()
                .get()
                .toCompletableFuture()
                .join();
    }

    @Test
    void aWholeRunHasEveryIterationAndReplayingItChangesNothing() {
        String exp = "status-" + UUID.randomUUID();
        ExperimentScript script = ExperimentScript.generate(exp, 2, 6, 3, 2, 2);
        List<EventEnvelope<ExperimentEvent>> envelopes = Envelopes.of(script.journal(), ExperimentEvent.class);

        fixture.run(
                "experiment-iterations",
                envelopes,
                () -> new ExperimentIterationsHandler(
                        fixture.cassandra().readSide().experiments()));

        ExperimentEvent.Evaluated last = (ExperimentEvent.Evaluated) envelopes.stream()
                .map(EventEnvelope::event)
                .filter(ExperimentEvent.Evaluated.class::isInstance)
                .reduce((a, b) -> b)
                .orElseThrow();
        List<IterationStatus> iterations = table.iterations(exp);
        assertThat(iterations).extracting(IterationStatus::iteration).containsExactly(0, 1, 2);
        assertThat(iterations).allMatch(IterationStatus::completed);
        assertThat(iterations.get(0).samplingModelVersion()).isNull();
        assertThat(iterations.get(2).samplingModelVersion()).isEqualTo("m1");
        assertThat(iterations.get(2).modelVersion()).isEqualTo("m2");
        assertThat(iterations.get(1).samplingCounters())
                .containsEntry("samples", script.count(lyceum.events.ProblemEvent.Sampled.class, 1));
        assertThat(iterations.get(1).datasetHash()).isEqualTo("ds-1");
        assertThat(iterations.get(2).accuracyBySplit()).isEqualTo(last.accuracyBySplit());

        fixture.run(
                "experiment-iterations",
                envelopes,
                () -> new ExperimentIterationsHandler(
                        fixture.cassandra().readSide().experiments()));
        assertThat(table.iterations(exp)).isEqualTo(iterations);
    }

    @Test
    void aSkippedTrainingIsShownAndProgressAndFailureLeaveTheIterationAlone() {
        String exp = "status-" + UUID.randomUUID();
        String pid = "Experiment|" + exp;
        List<EventEnvelope<ExperimentEvent>> envelopes = List.of(
                Envelopes.single(pid, 1, new ExperimentEvent.IterationStarted(exp, 1, "m0")),
                Envelopes.single(
                        pid,
                        2,
                        new PhaseProgressed(
                                exp, 1, Phase.SAMPLING, 40, lyceum.events.IterationCounts.sampled(320, 0))));

        fixture.run(
                "experiment-iterations",
                envelopes,
                () -> new ExperimentIterationsHandler(
                        fixture.cassandra().readSide().experiments()));
        assertThat(table.iterations(exp))
                .singleElement()
                .extracting(IterationStatus::samplingModelVersion, IterationStatus::completed)
                .containsExactly("m0", false);

        fixture.run(
                "experiment-iterations",
                List.of(
                        Envelopes.single(
                                pid, 3, new ExperimentEvent.TrainingSkipped(exp, 1, "m0", "no sample was accepted")),
                        Envelopes.single(pid, 4, new ExperimentFailed(exp, "no gpu worker"))),
                () -> new ExperimentIterationsHandler(
                        fixture.cassandra().readSide().experiments()));
        assertThat(table.iterations(exp))
                .singleElement()
                .extracting(IterationStatus::modelVersion, IterationStatus::trainingSkipped)
                .containsExactly("m0", "no sample was accepted");
    }
}
