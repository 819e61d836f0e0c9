package lyceum.openai;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import lyceum.engine.Generator;
import lyceum.engine.TrainingExample;
import lyceum.engine.TrainingJob;
import lyceum.model.CharTokenizer;
import lyceum.model.CheckpointStore;
import lyceum.model.DjlGenerator;
import lyceum.model.DjlRuntime;
import lyceum.model.DjlTrainer;
import lyceum.model.ModelConfig;
import lyceum.model.TrainingSettings;

/**
 * A small real checkpoint of Lyceum's model, trained once per test JVM on additions, shared by the
 * server tests (training it is the slow part). Its context is {@link #CONTEXT} characters.
 */
final class TinyCheckpoint {
    static final int CONTEXT = 96;
    private static CheckpointStore store;
    private static String version;

    private TinyCheckpoint() {}

    static synchronized CheckpointStore store() throws IOException {
        if (store == null) {
            Path root = Files.createTempDirectory("lyceum-serve-test");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(root)));
            CheckpointStore trained = new CheckpointStore(root.resolve("checkpoints"));
            ModelConfig tiny = new ModelConfig(
                    CharTokenizer.standard().size(),
                    CONTEXT,
                    48,
                    2,
                    2,
                    96,
                    ModelConfig.defaults().positionEncoding());
            DjlTrainer trainer = new DjlTrainer(
                    trained,
                    DjlRuntime.defaultDevice(),
                    tiny,
                    TrainingSettings.defaults()
                            .withBatchSize(16)
                            .withMaxSteps(40)
                            .withLogEverySteps(1000));
            try {
                version = trainer.train(new TrainingJob("exp", 0, null, additions(320, 1), 2, 5e-3, 3), line -> {})
                        .modelVersion();
            } catch (Exception e) {
                throw new IOException("training the test checkpoint failed", e);
            }
            store = trained;
        }
        return store;
    }

    static synchronized String version() throws IOException {
        store();
        return version;
    }

    private static void delete(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder: the system cleans it eventually
        }
    }

    /** The real in-process generator over the checkpoint's store. */
    static DjlGenerator generator() throws IOException {
        return new DjlGenerator(store(), DjlRuntime.defaultDevice(), 32);
    }

    /** The checkpoint served on a free loopback port by the real generator; {@code token} null: none. */
    static CompletionServer serve(String token) throws IOException {
        return serve(generator(), token, ServeLimits.defaults());
    }

    static CompletionServer serve(Generator generator, String token, ServeLimits limits) throws IOException {
        return CompletionServer.start(
                new InetSocketAddress("127.0.0.1", 0), store(), version(), generator, token, 32, limits);
    }

    static List<TrainingExample> additions(int count, long seed) {
        Random random = new Random(seed);
        List<TrainingExample> examples = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int a = random.nextInt(30);
            int b = random.nextInt(30);
            examples.add(new TrainingExample(
                    "add-" + i,
                    "What is " + a + " + " + b + "?\n",
                    a + " + " + b + " = " + (a + b) + "\n#### " + (a + b)));
        }
        return examples;
    }
}
