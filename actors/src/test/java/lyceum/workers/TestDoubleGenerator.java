package lyceum.workers;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import lyceum.engine.Generation;
import lyceum.engine.GenerationRequest;
import lyceum.engine.Generator;
import lyceum.engine.PermanentGenerationException;

/**
 * A generation engine that answers every request with "#### " and the length of its prompt, counts the
 * batches it ran, and records how many ran at once. It fails every batch when built {@link #failing}
 * (or {@link #refusing}, permanently),
 * and writes whatever a function of the request says when built {@link #writing}.
 */
public final class TestDoubleGenerator implements Generator {

    private final String failure;
    private final boolean permanent;
    private final Function<GenerationRequest, String> text;
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();
    private final AtomicInteger batches = new AtomicInteger();
    private final List<String> modelVersions = new CopyOnWriteArrayList<>();

    private TestDoubleGenerator(String failure, Function<GenerationRequest, String> text) {
        this(failure, false, text);
    }

    private TestDoubleGenerator(String failure, boolean permanent, Function<GenerationRequest, String> text) {
        this.failure = failure;
        this.permanent = permanent;
        this.text = text;
    }

    public static TestDoubleGenerator answering() {
        return new TestDoubleGenerator(null, TestDoubleGenerator::answerFor);
    }

    public static TestDoubleGenerator failing(String error) {
        return new TestDoubleGenerator(error, TestDoubleGenerator::answerFor);
    }

    /** Fails every batch with a {@link PermanentGenerationException}, as a server refusing the model does. */
    public static TestDoubleGenerator refusing(String serverMessage) {
        return new TestDoubleGenerator(serverMessage, true, TestDoubleGenerator::answerFor);
    }

    /** Answers each request with the given text: huge, empty or malformed outputs for robustness tests. */
    public static TestDoubleGenerator writing(Function<GenerationRequest, String> text) {
        return new TestDoubleGenerator(null, text);
    }

    public static String answerFor(GenerationRequest request) {
        return "The prompt has " + request.prompt().length() + " characters.\n#### "
                + request.prompt().length();
    }

    @Override
    public List<Generation> generate(String modelVersion, List<GenerationRequest> batch) throws Exception {
        mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
        try {
            batches.incrementAndGet();
            modelVersions.add(modelVersion);
            Thread.sleep(20); // long enough for a second batch to arrive while this one runs
            if (failure != null && permanent) {
                throw new PermanentGenerationException(failure);
            }
            if (failure != null) {
                throw new IllegalStateException(failure);
            }
            List<Generation> out = new ArrayList<>();
            for (GenerationRequest r : batch) {
                out.add(new Generation(r.requestId(), text.apply(r), 7, -0.25, false, 20));
            }
            return out;
        } finally {
            running.decrementAndGet();
        }
    }

    public int batches() {
        return batches.get();
    }

    public int mostBatchesAtOnce() {
        return mostAtOnce.get();
    }

    public List<String> modelVersions() {
        return List.copyOf(modelVersions);
    }

    @Override
    public int preferredBatchSize() {
        return 4;
    }

    @Override
    public String device() {
        return "test-double";
    }
}
