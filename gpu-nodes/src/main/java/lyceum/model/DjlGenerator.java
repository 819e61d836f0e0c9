package lyceum.model;

import ai.djl.Device;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import lyceum.engine.Generation;
import lyceum.engine.GenerationRequest;
import lyceum.engine.Generator;
import lyceum.engine.PermanentGenerationException;

/**
 * The in-process generator: loads checkpoints by model version (keeping the two most recent), and
 * decodes requests in batches of {@code preferredBatchSize} with a KV cache. Requests are grouped by
 * prompt length to limit padding, and identical prompts are prefilled once; results come back in
 * request order. Each request samples from its own
 * seeded random stream, so its text does not depend on the batch it arrives in. Requests that ask for a
 * text to be scored ({@link GenerationRequest#scores}) are scored by a forward pass instead.
 *
 * <p>Not thread-safe: one instance per device, called by one thread at a time.
 */
public final class DjlGenerator implements Generator {
    /** Measured on 2 cores: 128 rows decode markedly faster per token than 64; 256 no faster. */
    public static final int DEFAULT_BATCH_SIZE = 128;

    private static final int CACHED_MODELS = 2;

    private final ModelCache models;
    private final Device device;
    private final int batchSize;

    public DjlGenerator(CheckpointStore store) {
        this(store, DjlRuntime.defaultDevice(), DEFAULT_BATCH_SIZE);
    }

    public DjlGenerator(CheckpointStore store, Device device, int batchSize) {
        this.models = new ModelCache(store, device, CACHED_MODELS);
        this.device = device;
        this.batchSize = batchSize;
    }

    @Override
    public List<Generation> generate(String modelVersion, List<GenerationRequest> batch) throws Exception {
        if (!models.knows(modelVersion)) {
            // A checkpoint this engine never wrote (a training command's, say) will not appear by asking again.
            throw new PermanentGenerationException("model " + modelVersion + " is not a checkpoint under "
                    + models.store().root().toAbsolutePath() + ": the gpu nodes' own model samples only checkpoints it "
                    + "trained; a training command's models are sampled through managed servers (lyceum.gpu.server in "
                    + "the gpu node's configuration) or model.backend = openai");
        }
        LanguageModel model = models.get(modelVersion);
        if (batch.stream().noneMatch(GenerationRequest::scores)) {
            return decodeInChunks(model, batch, batchSize);
        }
        List<GenerationRequest> decoded =
                batch.stream().filter(r -> !r.scores()).toList();
        List<GenerationRequest> scored =
                batch.stream().filter(GenerationRequest::scores).toList();
        var decodedAnswers = decodeInChunks(model, decoded, batchSize).iterator();
        var scoredAnswers = scoreInChunks(model, scored, batchSize).iterator();
        List<Generation> results = new ArrayList<>(batch.size());
        batch.forEach(r -> results.add(r.scores() ? scoredAnswers.next() : decodedAnswers.next()));
        return results;
    }

    /**
     * Scores each request's {@code scoreText} after its prompt ({@link TokenScores}), its end token
     * included as in a generation that ended. A text that does not fit the context with the prompt keeps
     * the prompt's last characters that fit; one longer than the context is scored on its first
     * characters, without its end, and marked truncated.
     */
    public static List<Generation> scoreInChunks(LanguageModel model, List<GenerationRequest> requests, int chunkSize) {
        int context = model.config().contextLength();
        List<Generation> results = new ArrayList<>(requests.size());
        for (int from = 0; from < requests.size(); from += chunkSize) {
            long started = System.nanoTime();
            List<GenerationRequest> chunk = requests.subList(from, Math.min(requests.size(), from + chunkSize));
            List<TokenScores.Completion> completions = new ArrayList<>();
            for (GenerationRequest r : chunk) {
                String text =
                        r.scoreText().length() > context - 2 ? r.scoreText().substring(0, context - 2) : r.scoreText();
                String prompt = r.prompt();
                int room = context - 1 - text.length();
                prompt = prompt.length() > room ? prompt.substring(prompt.length() - room) : prompt;
                completions.add(new TokenScores.Completion(
                        prompt, text, text.length() == r.scoreText().length()));
            }
            List<TokenScores.Scored> scores = TokenScores.score(model, completions, 0);
            long latency = (System.nanoTime() - started) / 1_000_000L / chunk.size();
            for (int i = 0; i < chunk.size(); i++) {
                TokenScores.Completion c = completions.get(i);
                TokenScores.Scored s = scores.get(i);
                results.add(new Generation(
                        chunk.get(i).requestId(), c.text(), s.tokens().size(), s.meanLogprob(), !c.ended(), latency));
            }
        }
        return results;
    }

    /** The uncached one-at-a-time baseline over the same checkpoint, for benchmarks and checks. */
    public List<Generation> generateNaive(String modelVersion, List<GenerationRequest> batch) throws Exception {
        return NaiveDecoder.generate(models.get(modelVersion), batch);
    }

    /** Batched cached decoding of any number of requests against a model in memory. */
    public static List<Generation> decodeInChunks(
            LanguageModel model, List<GenerationRequest> requests, int chunkSize) {
        Integer[] order = new Integer[requests.size()];
        Arrays.setAll(order, i -> i);
        // By length to limit padding, then by text so samples of one prompt share a chunk and its prefill.
        Arrays.sort(
                order,
                Comparator.<Integer>comparingInt(i -> requests.get(i).prompt().length())
                        .thenComparing(i -> requests.get(i).prompt()));
        Generation[] results = new Generation[requests.size()];
        for (int from = 0; from < order.length; from += chunkSize) {
            List<GenerationRequest> chunk = new ArrayList<>();
            int to = Math.min(order.length, from + chunkSize);
            for (int i = from; i < to; i++) {
                chunk.add(requests.get(order[i]));
            }
            List<Generation> generated = KvCacheDecoder.generate(model, chunk);
            for (int i = from; i < to; i++) {
                results[order[i]] = generated.get(i - from);
            }
        }
        return Arrays.asList(results);
    }

    @Override
    public int preferredBatchSize() {
        return batchSize;
    }

    @Override
    public String device() {
        return DjlRuntime.deviceName(device);
    }

    @Override
    public void close() {
        models.close();
    }
}
