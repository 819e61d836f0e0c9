package lyceum.replay;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import lyceum.events.LyceumSerializable;
import lyceum.projections.ExperimentScript;
import lyceum.projections.SharedCassandra;
import lyceum.projections.TaggedWriter;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Scripted experiments journaled once per test JVM into the shared Cassandra, in script order, each event
 * under the persistence id and tag its real entity gives it.
 */
final class ScriptedJournal {

    /** Two experiments of 12 training and 4 test problems over iterations 0..2, for replay and diff. */
    static final String A = "replay-a";

    static final String B = "replay-b";

    /** 8 training and 3 test problems over iterations 0..1, evaluated with 4 sampled answers each. */
    static final String C = "replay-c";

    private static final Map<String, ExperimentScript> written = new HashMap<>();
    private static ActorSystem<Void> system;

    private ScriptedJournal() {}

    static synchronized ExperimentScript get(String experimentId) {
        return written.computeIfAbsent(experimentId, id -> {
            ExperimentScript script = id.equals(C)
                    ? ExperimentScript.generate(id, 13, 8, 3, 2, 1, 4)
                    : ExperimentScript.generate(id, id.equals(A) ? 9 : 31, 12, 4, 3, 2);
            journal(script);
            return script;
        });
    }

    private static void journal(ExperimentScript script) {
        Map<String, ActorRef<TaggedWriter.Persist>> writers = new HashMap<>();
        List<ExperimentScript.Journaled> run = new ArrayList<>();
        for (ExperimentScript.Journaled j : script.journal()) {
            if (!run.isEmpty() && !run.get(0).persistenceId().equals(j.persistenceId())) {
                persist(run, writers);
            }
            run.add(j);
        }
        persist(run, writers);
    }

    /**
     * Lives as long as the JVM: tagged events reach tag_views after the journal write, so terminating
     * the writers' system early could lose what the projections read.
     */
    private static synchronized ActorSystem<Void> system() {
        if (system == null) {
            system = ActorSystem.create(
                    Behaviors.empty(),
                    "ScriptWriter",
                    JournalReader.local(SharedCassandra.get().nodeConfig(Map.of())));
        }
        return system;
    }

    private static void persist(
            List<ExperimentScript.Journaled> run, Map<String, ActorRef<TaggedWriter.Persist>> writers) {
        ActorSystem<Void> system = system();
        ExperimentScript.Journaled first = run.get(0);
        ActorRef<TaggedWriter.Persist> writer = writers.computeIfAbsent(
                first.persistenceId(),
                pid -> system.systemActorOf(
                        TaggedWriter.create(pid, first.tag()), "writer-" + pid.replace('|', '-'), Props.empty()));
        List<LyceumSerializable> events =
                run.stream().map(ExperimentScript.Journaled::event).toList();
        try {
            TaggedWriter.persist(writer, events, system);
        } catch (Exception e) {
            throw new IllegalStateException("journaling the script failed", e);
        }
        run.clear();
    }
}
