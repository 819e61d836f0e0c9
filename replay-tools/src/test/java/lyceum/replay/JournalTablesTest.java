package lyceum.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import lyceum.events.LyceumSerializable;
import lyceum.events.ProblemEvent;
import lyceum.projections.ExperimentScript;
import lyceum.projections.SharedCassandra;
import lyceum.projections.TaggedWriter;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.pattern.Patterns;
import org.apache.pekko.persistence.DeleteMessagesSuccess;
import org.apache.pekko.persistence.JournalProtocol;
import org.apache.pekko.persistence.Persistence;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.Test;

/**
 * The driver's read of the journal tables on a problem whose events span several journal partitions
 * (three events a partition here): every boundary is crossed, and so is a partition left empty where
 * the plugin wrote an atomic write whole into the next one; and on a problem whose first events the
 * plugin deleted, emptying its first partitions.
 */
class JournalTablesTest {

    private static final Map<String, Object> SMALL_PARTITIONS =
            Map.of("pekko.persistence.cassandra.journal.target-partition-size", 3);
    /** Lyceum runs with deletes off; the plugin deletes (and the reader looks deletions up) only with them on. */
    private static final Map<String, Object> SMALL_PARTITIONS_WITH_DELETES = Map.of(
            "pekko.persistence.cassandra.journal.target-partition-size",
            3,
            "pekko.persistence.cassandra.journal.support-deletes",
            "on");

    @Test
    void aProblemSpanningPartitionsReadsAsTheReadJournalReadsIt() throws Exception {
        String experimentId = "parts-" + UUID.randomUUID().toString().substring(0, 8);
        List<ExperimentScript.Journaled> problem = firstProblem(experimentId);
        String pid = problem.get(0).persistenceId();
        writeInSplitWrites(problem, 0);

        try (JournalReader reader = JournalReader.open(SharedCassandra.get().nodeConfig(SMALL_PARTITIONS))) {
            List<ProblemEvent> expected =
                    problem.stream().map(j -> (ProblemEvent) j.event()).toList();
            // The plugin's own query (currentEventsByPersistenceId) ends at the empty partition: a whole
            // experiment's read goes through the tables.
            assertThat(reader.await(reader.problemEventList(pid))).containsExactlyElementsOf(expected);
            assertThat(reader.await(reader.problemStreams(experimentId, 4).runWith(Sink.seq(), reader.system())))
                    .containsExactly(expected);
        }
    }

    @Test
    void deletedEventsAreSkippedAndTheEmptiedPartitionsPassed() throws Exception {
        String experimentId = "deleted-" + UUID.randomUUID().toString().substring(0, 8);
        List<ExperimentScript.Journaled> problem = firstProblem(experimentId);
        String pid = problem.get(0).persistenceId();
        // Events 1 to 7 deleted: partition 0 emptied, partition 1 empty already (events 4 to 7 were one
        // write, into partition 2), partition 2 in part.
        long deletedTo = 7;
        writeInSplitWrites(problem, deletedTo);

        try (JournalReader reader =
                JournalReader.open(SharedCassandra.get().nodeConfig(SMALL_PARTITIONS_WITH_DELETES))) {
            List<ProblemEvent> kept = problem.subList((int) deletedTo, problem.size()).stream()
                    .map(j -> (ProblemEvent) j.event())
                    .toList();
            assertThat(reader.await(reader.problemEventList(pid))).containsExactlyElementsOf(kept);
            assertThat(reader.await(reader.problemStreams(experimentId, 4).runWith(Sink.seq(), reader.system())))
                    .containsExactly(kept);
        }
    }

    /** The first problem's events of a generated experiment: more than three partitions' worth. */
    private static List<ExperimentScript.Journaled> firstProblem(String experimentId) {
        ExperimentScript script = ExperimentScript.generate(experimentId, 5, 2, 1, 1, 2);
        String pid = script.journal().stream()
                .filter(j -> j.event() instanceof ProblemEvent)
                .map(ExperimentScript.Journaled::persistenceId)
                .findFirst()
                .orElseThrow();
        List<ExperimentScript.Journaled> problem = script.journal().stream()
                .filter(j -> j.persistenceId().equals(pid))
                .toList();
        assertThat(problem).hasSizeGreaterThan(9);
        return problem;
    }

    /**
     * Journals the events in writes of one, two and four (a four-event write cannot fit a partition's
     * rest), then deletes them up to {@code deleteTo} through the plugin (0: none).
     */
    private static void writeInSplitWrites(List<ExperimentScript.Journaled> problem, long deleteTo) throws Exception {
        String pid = problem.get(0).persistenceId();
        ActorSystem<Void> system = ActorSystem.create(
                Behaviors.empty(),
                "PartitionWriter",
                JournalReader.local(SharedCassandra.get()
                        .nodeConfig(deleteTo > 0 ? SMALL_PARTITIONS_WITH_DELETES : SMALL_PARTITIONS)));
        try {
            ActorRef<TaggedWriter.Persist> writer =
                    system.systemActorOf(TaggedWriter.create(pid, problem.get(0).tag()), "writer", Props.empty());
            int[] sizes = {1, 2, 4};
            int from = 0;
            for (int i = 0; from < problem.size(); i++) {
                int to = Math.min(problem.size(), from + sizes[i % sizes.length]);
                List<LyceumSerializable> events = problem.subList(from, to).stream()
                        .map(ExperimentScript.Journaled::event)
                        .toList();
                TaggedWriter.persist(writer, events, system);
                from = to;
            }
            if (deleteTo > 0) {
                var journal = Persistence.get(system.classicSystem()).journalFor(null, ConfigFactory.empty());
                Object reply = Patterns.askWithReplyTo(
                                journal,
                                replyTo -> new JournalProtocol.DeleteMessagesTo(pid, deleteTo, replyTo),
                                Duration.ofSeconds(30))
                        .toCompletableFuture()
                        .get(30, TimeUnit.SECONDS);
                assertThat(reply).isInstanceOf(DeleteMessagesSuccess.class);
            }
        } finally {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }
}
