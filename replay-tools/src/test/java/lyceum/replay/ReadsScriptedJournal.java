package lyceum.replay;

import java.util.Map;
import lyceum.projections.ExperimentScript;
import lyceum.projections.SharedCassandra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Tests that read experiment A of {@link ScriptedJournal} back from the shared Cassandra through one reader. */
abstract class ReadsScriptedJournal {

    static JournalReader reader;
    static ExperimentScript script;

    @BeforeAll
    static void journal() {
        script = ScriptedJournal.get(ScriptedJournal.A);
        reader = JournalReader.open(SharedCassandra.get().nodeConfig(Map.of()));
    }

    @AfterAll
    static void close() {
        reader.close();
    }
}
