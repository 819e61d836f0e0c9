package lyceum.serving;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import lyceum.model.CheckpointStore;
import lyceum.model.DjlGenerator;
import lyceum.model.DjlRuntime;
import lyceum.openai.CompletionServer;

/**
 * What {@code lyceum serve CHECKPOINT_DIR --port PORT} does, as a main of this module (the command lives
 * in cli, which depends on this module): Lyceum's real server on a checkpoint directory, run by the
 * tests as a child process. Arguments: the checkpoint directory and the port.
 */
public final class ServeCheckpoint {
    private ServeCheckpoint() {}

    public static void main(String[] args) throws Exception {
        Path checkpoint = Path.of(args[0]).toAbsolutePath().normalize();
        CheckpointStore store = new CheckpointStore(checkpoint.getParent());
        String version = checkpoint.getFileName().toString();
        CompletionServer.start(
                new InetSocketAddress("127.0.0.1", Integer.parseInt(args[1])),
                store,
                version,
                new DjlGenerator(store, DjlRuntime.defaultDevice(), 32),
                null,
                32);
        System.err.println("serving " + version + " on port " + args[1]);
        Thread.currentThread().join();
    }

    /** The argv that runs this main in a fresh JVM on the test classpath, with the manager's placeholders. */
    static java.util.List<String> command(String mainClass, String... args) {
        String classpath = System.getProperty("surefire.test.class.path");
        java.util.List<String> argv = new java.util.ArrayList<>(java.util.List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-XX:TieredStopAtLevel=1",
                "-Dai.djl.offline=true",
                "-Dai.djl.pytorch.num_threads=1",
                "-cp",
                classpath != null && !classpath.isBlank() ? classpath : System.getProperty("java.class.path"),
                mainClass));
        argv.addAll(java.util.List.of(args));
        return argv;
    }
}
