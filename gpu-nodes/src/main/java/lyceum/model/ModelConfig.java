package lyceum.model;

/**
 * Sizes of the decoder-only transformer. Stored in every checkpoint so a checkpoint rebuilds its own
 * network. {@code contextLength} bounds prompt plus completion, in characters (one token each).
 */
public record ModelConfig(
        int vocabSize,
        int contextLength,
        int modelDim,
        int heads,
        int layers,
        int mlpDim,
        PositionEncoding positionEncoding) {

    public ModelConfig {
        if (modelDim % heads != 0) {
            throw new IllegalArgumentException("modelDim " + modelDim + " not divisible by heads " + heads);
        }
        if (positionEncoding == PositionEncoding.ROTARY && (modelDim / heads) % 2 != 0) {
            throw new IllegalArgumentException("rotary positions need an even head dimension");
        }
        if (vocabSize <= 0 || contextLength <= 1 || layers <= 0 || mlpDim <= 0 || positionEncoding == null) {
            throw new IllegalArgumentException("invalid model config " + this);
        }
    }

    /**
     * The default for a 2-core CPU node: 0.21 M parameters. On the synthetic arithmetic problems it
     * learned to copy operands within 1500 steps of batch 16, where a 0.82 M model (modelDim 128) had
     * not yet, while costing about a third as much per token.
     */
    public static ModelConfig defaults() {
        return new ModelConfig(CharTokenizer.standard().size(), 320, 64, 4, 4, 256, PositionEncoding.ROTARY);
    }

    public int headDim() {
        return modelDim / heads;
    }

    /** Parameters that take part in matrix multiplies: all but the two embedding tables. */
    public long matmulParameterCount() {
        long attention = (long) modelDim * 3 * modelDim + 3L * modelDim + (long) modelDim * modelDim + modelDim;
        long mlp = 2L * modelDim * mlpDim + mlpDim + modelDim;
        long norms = 4L * modelDim;
        long head = (long) vocabSize * modelDim + vocabSize + 2L * modelDim;
        return layers * (attention + mlp + norms) + head;
    }

    public long parameterCount() {
        long positions = positionEncoding == PositionEncoding.LEARNED ? (long) contextLength * modelDim : 0;
        return matmulParameterCount() + (long) vocabSize * modelDim + positions;
    }

    /**
     * Training FLOPs (forward and backward) for one token in a sequence padded to {@code sequenceLength}:
     * 6 per matmul parameter plus the two attention matmuls (QK^T and AV, 2 * 2 * T * d per token and
     * layer forward, three times that with backward), counted over the full T x T product we compute.
     */
    public double trainingFlopsPerToken(int sequenceLength) {
        return 6.0 * matmulParameterCount() + 12.0 * layers * (double) sequenceLength * modelDim;
    }

    /**
     * As {@link #trainingFlopsPerToken} for {@code tokens} positions of which only {@code projected} go
     * through the output projection (training projects only the positions its loss scores).
     */
    public double trainingFlops(long tokens, long projected, int sequenceLength) {
        double head = 6.0 * ((double) vocabSize * modelDim + vocabSize);
        return tokens * (trainingFlopsPerToken(sequenceLength) - head) + projected * head;
    }
}
