package lyceum.replay;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import lyceum.config.ActorSystems;
import lyceum.events.ExperimentEvent;
import lyceum.events.ProblemEvent;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * Reads the journal directly, without joining the cluster: what replay, audit, history and status
 * read. It never writes.
 */
public final class JournalReader implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    private final ActorSystem<Void> system;
    private final CassandraReadJournal journal;
    private final JournalTables tables;

    private JournalReader(ActorSystem<Void> system) {
        this.system = system;
        this.journal = PersistenceQuery.get(system.classicSystem())
                .getReadJournalFor(CassandraReadJournal.class, CassandraReadJournal.Identifier());
        this.tables = JournalTables.open(system);
    }

    /** A local (non-clustered) actor system on the node configuration, for its journal settings. */
    public static JournalReader open(Config config) {
        return new JournalReader(ActorSystem.create(Behaviors.empty(), "LyceumReader", local(config)));
    }

    /** The node configuration for an actor system that joins no cluster. */
    public static Config local(Config config) {
        return ConfigFactory.parseString("""
        pekko.actor.provider = local
        pekko.remote.artery.enabled = off
        pekko.cluster.seed-nodes = []
        """).withFallback(config);
    }

    public ActorSystem<Void> system() {
        return system;
    }

    public static String experimentPersistenceId(String experimentId) {
        return "Experiment|" + experimentId;
    }

    public static String problemPersistenceId(String experimentId, String problemId) {
        return "Problem|" + experimentId + "|" + problemId;
    }

    public List<String> experimentIds() {
        return await(journal.currentPersistenceIds()
                .filter(id -> id.startsWith("Experiment|"))
                .map(id -> id.substring("Experiment|".length()))
                .runWith(Sink.seq(), system));
    }

    /** Persistence ids of every problem of an experiment. Scans all persistence ids once. */
    public Source<String, NotUsed> problemPersistenceIds(String experimentId) {
        String prefix = problemPrefix(experimentId);
        return Source.lazySource(() -> Source.from(tables.persistenceIds(prefix)))
                .mapMaterializedValue(ignored -> NotUsed.getInstance());
    }

    /**
     * Every problem's events of an experiment, each problem's whole and in sequence order, in the order
     * of the persistence id table: what replay, diff and export read. Read from the journal's table with
     * the driver, {@code parallelism} problems at once, deserialised on the reader's dispatcher.
     */
    public Source<List<ProblemEvent>, NotUsed> problemStreams(String experimentId, int parallelism) {
        String prefix = problemPrefix(experimentId);
        return Source.lazySource(() -> {
                    Map<String, Long> deleted = tables.deletedTo(prefix);
                    return Source.from(tables.persistenceIds(prefix))
                            .mapAsync(
                                    parallelism,
                                    pid -> tables.events(pid, deleted.getOrDefault(pid, 0L), system.executionContext())
                                            .thenApply(JournalReader::problemEvents));
                })
                .mapMaterializedValue(ignored -> NotUsed.getInstance());
    }

    public List<ExperimentEvent> experimentEvents(String experimentId) {
        return await(journal.currentEventsByPersistenceId(experimentPersistenceId(experimentId), 0L, Long.MAX_VALUE)
                .map(envelope -> (ExperimentEvent) envelope.event())
                .runWith(Sink.seq(), system));
    }

    public Source<ProblemEvent, NotUsed> problemEvents(String persistenceId) {
        return Source.completionStage(problemEventList(persistenceId)).mapConcat(events -> events);
    }

    /** One problem's whole stream, read from the journal's table as {@link #problemStreams} reads it. */
    public CompletionStage<List<ProblemEvent>> problemEventList(String persistenceId) {
        return tables.events(persistenceId, system.executionContext()).thenApply(JournalReader::problemEvents);
    }

    private static String problemPrefix(String experimentId) {
        return "Problem|" + experimentId + "|";
    }

    private static List<ProblemEvent> problemEvents(List<Object> events) {
        return events.stream().map(e -> (ProblemEvent) e).toList();
    }

    public List<ProblemEvent> problemEventList(String experimentId, String problemId) {
        return await(
                problemEvents(problemPersistenceId(experimentId, problemId)).runWith(Sink.seq(), system));
    }

    /** Every event of one persistence id with its sequence number and write time, oldest first. */
    public List<JournaledEvent> history(String persistenceId) {
        return await(journal.currentEventsByPersistenceId(persistenceId, 0L, Long.MAX_VALUE)
                .map(e -> new JournaledEvent(e.persistenceId(), e.sequenceNr(), e.timestamp(), e.event()))
                .runWith(Sink.seq(), system));
    }

    public List<JournaledEvent> problemHistory(String experimentId, String problemId) {
        return history(problemPersistenceId(experimentId, problemId));
    }

    public List<JournaledEvent> experimentHistory(String experimentId) {
        return history(experimentPersistenceId(experimentId));
    }

    public <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("reading the journal failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        ActorSystems.terminate(system);
    }
}
