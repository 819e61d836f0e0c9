package lyceum.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lyceum.engine.Generation;
import lyceum.engine.GenerationRequest;

/**
 * Batched generation with a KV cache. Prompts are left-padded so every row's next token lands in the
 * same cache column; the prompts are prefilled in one pass, then each step feeds one token per row.
 * Positions count from each row's own BOS and the attention bias hides each row's padding, so a row
 * computes what it would compute alone. Requests with the same prompt (several samples of one
 * problem) share one prefill row, copied into each of their cache rows. Finished rows are dropped from
 * the cache once an eighth of the batch has finished, so long answers do not pay for short ones.
 */
public final class KvCacheDecoder {
    /** Prompt columns prefilled per forward pass. */
    static final int PREFILL_BLOCK = 32;

    private KvCacheDecoder() {}

    public static List<Generation> generate(LanguageModel model, List<GenerationRequest> requests) {
        if (requests.isEmpty()) {
            return List.of();
        }
        long start = System.nanoTime();
        ModelConfig config = model.config();
        int vocab = config.vocabSize();
        List<DecodingSequence> sequences = new ArrayList<>();
        for (GenerationRequest request : requests) {
            sequences.add(new DecodingSequence(request, model.tokenizer(), config.contextLength()));
        }
        int promptColumns = 0;
        int longestAnswer = 0;
        for (DecodingSequence sequence : sequences) {
            promptColumns = Math.max(promptColumns, sequence.promptLength());
            longestAnswer = Math.max(longestAnswer, sequence.limit());
        }
        List<Integer> rows = new ArrayList<>();
        int[] padding = new int[sequences.size()];
        Map<String, Integer> prefillRowOfPrompt = new LinkedHashMap<>();
        List<DecodingSequence> distinctPrompts = new ArrayList<>();
        long[] prefillRow = new long[sequences.size()];
        for (int i = 0; i < sequences.size(); i++) {
            rows.add(i);
            padding[i] = promptColumns - sequences.get(i).promptLength();
            DecodingSequence sequence = sequences.get(i);
            Integer shared = prefillRowOfPrompt.putIfAbsent(requests.get(i).prompt(), distinctPrompts.size());
            if (shared == null) {
                prefillRow[i] = distinctPrompts.size();
                distinctPrompts.add(sequence);
            } else {
                prefillRow[i] = shared;
            }
        }
        try (NDManager call = model.manager().newSubManager();
                KvCache cache = new KvCache(call, config, distinctPrompts.size(), promptColumns + longestAnswer)) {
            int[] distinctPadding = new int[distinctPrompts.size()];
            for (int i = 0; i < distinctPrompts.size(); i++) {
                distinctPadding[i] = promptColumns - distinctPrompts.get(i).promptLength();
            }
            float[] distinctLogits = prefill(model, cache, distinctPrompts, distinctPadding, promptColumns);
            float[] logits = distinctLogits;
            if (distinctPrompts.size() < sequences.size()) {
                cache.keepRows(prefillRow);
                logits = new float[sequences.size() * vocab];
                for (int i = 0; i < sequences.size(); i++) {
                    System.arraycopy(distinctLogits, (int) prefillRow[i] * vocab, logits, i * vocab, vocab);
                }
            }
            while (true) {
                for (int row = 0; row < rows.size(); row++) {
                    DecodingSequence sequence = sequences.get(rows.get(row));
                    if (!sequence.finished()) {
                        sequence.choose(logits, row * vocab, vocab);
                    }
                }
                List<Integer> live = new ArrayList<>();
                for (int row = 0; row < rows.size(); row++) {
                    if (!sequences.get(rows.get(row)).finished()) {
                        live.add(row);
                    }
                }
                if (live.isEmpty()) {
                    break;
                }
                if (rows.size() - live.size() >= Math.max(1, rows.size() / 8)) {
                    long[] keep = new long[live.size()];
                    int[] keptPadding = new int[live.size()];
                    List<Integer> keptRows = new ArrayList<>();
                    for (int i = 0; i < live.size(); i++) {
                        keep[i] = live.get(i);
                        keptPadding[i] = padding[live.get(i)];
                        keptRows.add(rows.get(live.get(i)));
                    }
                    cache.keepRows(keep);
                    rows = keptRows;
                    padding = keptPadding;
                }
                logits = step(model, cache, sequences, rows, padding);
            }
        }
        List<Generation> generations = new ArrayList<>();
        for (DecodingSequence sequence : sequences) {
            generations.add(sequence.toGeneration(model.tokenizer(), start));
        }
        return generations;
    }

    private static float[] prefill(
            LanguageModel model, KvCache cache, List<DecodingSequence> sequences, int[] padding, int columns) {
        int batch = sequences.size();
        long[] tokens = new long[batch * columns];
        long[] positions = new long[batch * columns];
        for (int row = 0; row < batch; row++) {
            int[] prompt = sequences.get(row).tokens();
            for (int column = padding[row]; column < columns; column++) {
                tokens[row * columns + column] = prompt[column - padding[row]];
                positions[row * columns + column] = column - padding[row];
            }
        }
        // A block of columns at a time, each against the keys up to its own end: the masked upper triangle
        // of the prompt's attention is mostly never computed, as in TransformerLm's causal blocks.
        float[] logits = null;
        for (int from = 0; from < columns; from += PREFILL_BLOCK) {
            int to = Math.min(columns, from + PREFILL_BLOCK);
            try (NDManager step = model.manager().newSubManager()) {
                Shape shape = new Shape(batch, columns);
                NDIndex block = new NDIndex().addAllDim().addSliceDim(from, to);
                logits = model.network()
                        .logits(
                                step.create(tokens, shape).get(block),
                                step.create(positions, shape).get(block),
                                AttentionMasks.leftPaddedPrefill(step, padding, from, to),
                                cache,
                                true)
                        .toFloatArray();
            }
        }
        return logits;
    }

    private static float[] step(
            LanguageModel model, KvCache cache, List<DecodingSequence> sequences, List<Integer> rows, int[] padding) {
        int batch = rows.size();
        int lastPosition = model.config().contextLength() - 1;
        long[] tokens = new long[batch];
        long[] positions = new long[batch];
        for (int row = 0; row < batch; row++) {
            DecodingSequence sequence = sequences.get(rows.get(row));
            // A finished row still occupies its slot until the next compaction; it is fed padding.
            tokens[row] = sequence.finished() ? CharTokenizer.PAD : sequence.lastToken();
            positions[row] = Math.min(sequence.length() - 1, lastPosition);
        }
        try (NDManager step = model.manager().newSubManager()) {
            Shape shape = new Shape(batch, 1);
            NDArray logits = model.network()
                    .logits(
                            step.create(tokens, shape),
                            step.create(positions, shape),
                            AttentionMasks.leftPaddedStep(step, padding, cache.length() + 1),
                            cache,
                            true);
            return logits.toFloatArray();
        }
    }
}
