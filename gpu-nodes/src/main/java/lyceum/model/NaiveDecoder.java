package lyceum.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import lyceum.engine.Generation;
import lyceum.engine.GenerationRequest;

/**
 * The baseline: one sequence at a time, re-running the whole forward pass over the full prefix for
 * every new token, without a cache. Used to measure what batching and caching buy, and as the
 * reference the cached path must agree with.
 */
public final class NaiveDecoder {
    private NaiveDecoder() {}

    public static List<Generation> generate(LanguageModel model, List<GenerationRequest> requests) {
        List<Generation> generations = new ArrayList<>();
        int vocab = model.config().vocabSize();
        for (GenerationRequest request : requests) {
            long start = System.nanoTime();
            DecodingSequence sequence = new DecodingSequence(
                    request, model.tokenizer(), model.config().contextLength());
            while (!sequence.finished()) {
                sequence.choose(lastLogits(model, sequence), 0, vocab);
            }
            generations.add(sequence.toGeneration(model.tokenizer(), start));
        }
        return generations;
    }

    private static float[] lastLogits(LanguageModel model, DecodingSequence sequence) {
        int length = sequence.length();
        long[] tokens = new long[length];
        for (int i = 0; i < length; i++) {
            tokens[i] = sequence.tokens()[i];
        }
        try (NDManager step = model.manager().newSubManager()) {
            NDArray positions = step.arange(0, length, 1, DataType.INT64).reshape(1, length);
            NDArray logits = model.network()
                    .logits(
                            step.create(tokens, new Shape(1, length)),
                            positions,
                            AttentionMasks.causal(step, length),
                            null,
                            true);
            return logits.toFloatArray();
        }
    }
}
