package lyceum.replay;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;

/**
 * The driver's read of the journal tables on a problem whose events span several journal partitions
 * (three events a partition here): every boundary is crossed, and so is a partition left empty where
 * the plugin wrote an atomic write whole into the next one.
 */
class JournalTablesTest {

    private static final Map<String, Object> SMALL_PARTITIONS =
            Map.of("pekko.persistence.cassandra.journal.target-partition-size", 3);

    @Test
    void aProblemSpanningPartitionsReadsAsTheReadJournalReadsIt() throws Exception {
        String experimentId = "parts-" + UUID.randomUUID().toString().substring(0, 8);
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

        ActorSystem<Void> system = ActorSystem.create(
                Behaviors.empty(),
                "PartitionWriter",
                JournalReader.local(SharedCassandra.get().nodeConfig(SMALL_PARTITIONS)));
        try {
            ActorRef<TaggedWriter.Persist> writer =
                    system.systemActorOf(TaggedWriter.create(pid, problem.get(0).tag()), "writer", Props.empty());
            // Writes of one, two and four events: the four-event write cannot fit a partition's rest.
            int[] sizes = {1, 2, 4};
            int from = 0;
            for (int i = 0; from < problem.size(); i++) {
                int to = Math.min(problem.size(), from + sizes[i % sizes.length]);
                List<LyceumSerializable> events = problem.subList(from, to).stream()
                        .map(ExperimentScript.Journaled::event)
                        .toList();
                AskPattern.<TaggedWriter.Persist, Done>ask(
                                writer,
                                replyTo -> new TaggedWriter.Persist(events, replyTo),
                                Duration.ofSeconds(30),
                                system.scheduler())
                        .toCompletableFuture()
                        .get(30, TimeUnit.SECONDS);
                from = to;
            }
        } finally {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }

        try (JournalReader reader = JournalReader.open(SharedCassandra.get().nodeConfig(SMALL_PARTITIONS))) {
            List<ProblemEvent> viaTables = reader.await(reader.problemEventList(pid));
            assertThat(viaTables)
                    .containsExactlyElementsOf(
                            problem.stream().map(j -> (ProblemEvent) j.event()).toList());
        }
    }
}
