package lyceum.projections;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.cql.Row;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import lyceum.events.ProblemEvent.ProblemRegistered;
import lyceum.events.ProblemEvent.Sampled;
import lyceum.metrics.IterationMetrics;
import lyceum.metrics.journal.IterationReadout;
import lyceum.metrics.journal.MetricsFromEvents;
import lyceum.projections.iterations.ExperimentIterationsTable;
import lyceum.projections.iterations.IterationStatus;
import lyceum.projections.metrics.MetricsQuery;
import lyceum.projections.metrics.MetricsStage;
import lyceum.projections.metrics.StoredIterationMetrics;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole read side on a one-node cluster: a scripted experiment is journaled into Cassandra with the
 * persistence ids and tags of the real entities, the projections run as sharded daemon processes with
 * their offsets in Cassandra, and what they build must agree with the journal itself.
 */
class ReadSideIntegrationTest {

    static SharedCassandra cassandra;
    static ActorTestKit kit;

    @BeforeAll
    static void start() {
        cassandra = SharedCassandra.get();
        kit = cassandra.startProjectingNode();
    }

    @AfterAll
    static void stop() {
        kit.shutdownTestKit();
    }

    @Test
    void projectionsOverTheJournalAgreeWithTheJournal() {
        String exp = "it-" + UUID.randomUUID().toString().substring(0, 8);
        ExperimentScript script = ExperimentScript.generate(exp, 9, 12, 4, 3, 2);
        journal(script);

        MetricsQuery query = MetricsQuery.create(cassandra.session(), cassandra.readSideKeyspace());
        ExperimentIterationsTable status =
                cassandra.readSide().experiments().get().toCompletableFuture().join();
        kit.createTestProbe().awaitAssert(Duration.ofMinutes(3), Duration.ofSeconds(1), () -> {
            assertThat(status.iterations(exp)).hasSize(3).allMatch(IterationStatus::completed);
            return null;
        });
        CompletedMetrics.await(kit, query, exp, 3);

        List<IterationMetrics> fromJournal = MetricsFromEvents.compute(exp, script.events());
        assertThat(query.stored(exp)).allMatch(StoredIterationMetrics::complete);
        assertThat(query.storedMetrics(exp)).isEqualTo(fromJournal);
        assertThat(query.compute(exp)).isEqualTo(fromJournal);
        for (int t = 1; t <= 2; t++) {
            IterationReadout readout = query.computeIteration(exp, t);
            assertThat(readout.samples()).isEqualTo(script.count(Sampled.class, t));
            assertThat(readout.problemsWithoutRegistration()).isZero();
            assertThat(readout.greedyEvaluationsBySplit())
                    .containsEntry("held-out", 4L)
                    .containsEntry("held-in", 3L);
        }
        assertThat(fromJournal.get(1).accepted()).isPositive();
        assertThat(status.iterations(exp)).hasSize(3).allMatch(IterationStatus::completed);
        assertThat(offsets())
                .contains(
                        "problems/problem-",
                        "samples/problem-",
                        "evaluations/problem-",
                        "corrections/problem-",
                        "experiment-iterations/experiment",
                        "iteration-metrics/experiment");
    }

    @Test
    void sampledEvaluationAnswersReachTheStoredMetricsAsTheJournalComputesThem() {
        String exp = "it-" + UUID.randomUUID().toString().substring(0, 8);
        ExperimentScript script = ExperimentScript.generate(exp, 21, 6, 3, 2, 1, 4);
        journal(script);

        MetricsQuery query = MetricsQuery.create(cassandra.session(), cassandra.readSideKeyspace());
        CompletedMetrics.await(kit, query, exp, 2);

        List<IterationMetrics> fromJournal = MetricsFromEvents.compute(exp, script.events());
        assertThat(query.stored(exp)).allMatch(StoredIterationMetrics::complete);
        assertThat(query.storedMetrics(exp)).isEqualTo(fromJournal);
        assertThat(fromJournal).allSatisfy(m -> {
            assertThat(m.testTime()).containsOnlyKeys("held-in", "held-out");
            assertThat(m.testTime().get("held-out").samples()).isEqualTo(12);
            assertThat(m.testTime().get("held-in").samples()).isEqualTo(8);
        });
    }

    /**
     * Several experiments journaled at once, their events interleaved, load the projections unevenly: a
     * metric must still be stored only from a read side that holds every input it reads, or be marked
     * incomplete. Iteration 0 has no samples, so only the registrations gate its original data.
     */
    @Test
    void interleavedExperimentsStoreMetricsOnlyFromACompleteReadSide() {
        List<ExperimentScript> scripts = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String exp = "load-" + i + "-" + UUID.randomUUID().toString().substring(0, 8);
            scripts.add(ExperimentScript.generate(exp, 100 + i, 10 + 3 * i, 4, 2, 1));
        }
        journalInterleaved(scripts);

        MetricsQuery query = MetricsQuery.create(cassandra.session(), cassandra.readSideKeyspace());
        for (ExperimentScript script : scripts) {
            String exp = script.experimentId();
            CompletedMetrics.await(kit, query, exp, 2);
            assertThat(query.stored(exp)).allMatch(StoredIterationMetrics::complete);
            assertThat(query.stored(exp))
                    .allSatisfy(stored -> assertThat(stored.expectedProblems())
                            .containsEntry("train", (long) script.trainingProblems()));
            assertThat(query.storedMetrics(exp)).isEqualTo(MetricsFromEvents.compute(exp, script.events()));
        }
    }

    /** Journals the scripts' runs of events round-robin, each run in order under its persistence id. */
    private static void journalInterleaved(List<ExperimentScript> scripts) {
        List<List<List<ExperimentScript.Journaled>>> runsPerScript = new ArrayList<>();
        for (ExperimentScript script : scripts) {
            List<List<ExperimentScript.Journaled>> runs = new ArrayList<>();
            for (ExperimentScript.Journaled j : script.journal()) {
                if (runs.isEmpty()
                        || !runs.get(runs.size() - 1).get(0).persistenceId().equals(j.persistenceId())) {
                    runs.add(new ArrayList<>());
                }
                runs.get(runs.size() - 1).add(j);
            }
            runsPerScript.add(runs);
        }
        Map<String, ActorRef<TaggedWriter.Persist>> writers = new HashMap<>();
        TestProbe<Done> done = kit.createTestProbe();
        while (runsPerScript.stream().anyMatch(runs -> !runs.isEmpty())) {
            for (List<List<ExperimentScript.Journaled>> runs : runsPerScript) {
                if (!runs.isEmpty()) {
                    persist(runs.remove(0), writers, done);
                }
            }
        }
    }

    /**
     * Two training problems outside the held-in split have nothing but their registration in iteration
     * 0, so only the registration count can tell that their original data is missing: the metrics wait
     * for them instead of being stored complete without them.
     */
    @Test
    void iterationMetricsWaitForEveryRegisteredProblemsOriginalData() {
        String exp = "late-" + UUID.randomUUID().toString().substring(0, 8);
        ExperimentScript script = ExperimentScript.generate(exp, 7, 6, 3, 2, 0);
        List<ExperimentScript.Journaled> late = script.journal().stream()
                .filter(j -> j.event() instanceof ProblemRegistered r
                        && (r.problemId().equals("train-4") || r.problemId().equals("train-5")))
                .toList();
        assertThat(late).hasSize(2);
        journal(script.journal().stream().filter(j -> !late.contains(j)).toList());

        MetricsQuery query = MetricsQuery.create(cassandra.session(), cassandra.readSideKeyspace());
        kit.createTestProbe().awaitAssert(Duration.ofMinutes(1), Duration.ofMillis(500), () -> {
            assertThat(query.stored(exp)).singleElement().satisfies(s -> {
                assertThat(s.expectedProblems()).containsEntry("train", 6L);
                assertThat(s.expectedEvaluations()).isNotEmpty();
            });
            return null;
        });
        // Long enough for several catch-up rounds (first delay 500 ms, at most 2 s apart).
        kit.createTestProbe().expectNoMessage(Duration.ofSeconds(5));
        assertThat(query.stored(exp))
                .singleElement()
                .satisfies(s -> assertThat(s.metrics()).isNull());

        journal(late);
        kit.createTestProbe().awaitAssert(Duration.ofMinutes(1), Duration.ofSeconds(1), () -> {
            assertThat(query.stored(exp)).singleElement().satisfies(s -> {
                assertThat(s.stage()).isEqualTo(MetricsStage.COMPLETED);
                assertThat(s.complete()).isTrue();
            });
            return null;
        });
        assertThat(query.storedMetrics(exp)).isEqualTo(MetricsFromEvents.compute(exp, script.events()));
    }

    /** Journals the script in order, each event under its entity's persistence id and tag. */
    private static void journal(ExperimentScript script) {
        journal(script.journal());
    }

    private static void journal(List<ExperimentScript.Journaled> events) {
        Map<String, ActorRef<TaggedWriter.Persist>> writers = new HashMap<>();
        TestProbe<Done> done = kit.createTestProbe();
        List<ExperimentScript.Journaled> run = new ArrayList<>();
        for (ExperimentScript.Journaled j : events) {
            if (!run.isEmpty() && !run.get(0).persistenceId().equals(j.persistenceId())) {
                persist(run, writers, done);
            }
            run.add(j);
        }
        persist(run, writers, done);
    }

    private static void persist(
            List<ExperimentScript.Journaled> run,
            Map<String, ActorRef<TaggedWriter.Persist>> writers,
            TestProbe<Done> done) {
        ExperimentScript.Journaled first = run.get(0);
        ActorRef<TaggedWriter.Persist> writer =
                writers.computeIfAbsent(first.persistenceId(), pid -> kit.spawn(TaggedWriter.create(pid, first.tag())));
        writer.tell(new TaggedWriter.Persist(
                run.stream().map(ExperimentScript.Journaled::event).toList(), done.getRef()));
        done.expectMessage(Duration.ofSeconds(30), Done.getInstance());
        run.clear();
    }

    /** "name/key" of every projection offset stored in Cassandra. */
    private static Set<String> offsets() {
        List<Row> rows = cassandra
                .session()
                .execute("SELECT projection_name, projection_key FROM lyceum_offsets.offset_store")
                .all();
        return rows.stream()
                .map(r -> r.getString("projection_name") + "/" + r.getString("projection_key"))
                .map(s -> s.replaceAll("problem-\\d$", "problem-"))
                .collect(Collectors.toSet());
    }
}
