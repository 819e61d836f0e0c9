package lyceum.openai;

import lyceum.model.CheckpointStore;
import lyceum.model.DjlGenerator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Tests of Lyceum's server on {@link TinyCheckpoint}, beside the same checkpoint decoded in process. */
abstract class ServedCheckpointTest {

    /** The bearer token the server asks for. */
    static final String TOKEN = "test-token-42";

    static CheckpointStore store;
    static String version;
    static CompletionServer server;
    static DjlGenerator inProcess;

    @BeforeAll
    static void serve() throws Exception {
        store = TinyCheckpoint.store();
        version = TinyCheckpoint.version();
        server = TinyCheckpoint.serve(TOKEN);
        inProcess = TinyCheckpoint.generator();
    }

    @AfterAll
    static void stop() {
        server.close();
        inProcess.close();
    }
}
