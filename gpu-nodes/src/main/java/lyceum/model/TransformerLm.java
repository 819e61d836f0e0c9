package lyceum.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * The decoder-only language model: token embeddings (plus learned position embeddings, or rotary
 * positions applied inside attention, as the config says), {@code layers} pre-LN blocks, a final
 * LayerNorm and the output projection to vocabulary logits.
 *
 * <p>Every result of an operation is attached to the manager of the token array passed in, so callers
 * free a whole step by closing that manager.
 */
public final class TransformerLm extends AbstractBlock {
    private static final byte VERSION = 1;
    /** Queries per block of causal attention over a whole sequence (see {@link ForwardContext}). */
    static final int CAUSAL_QUERY_BLOCK = 64;

    private final ModelConfig config;
    private final Parameter tokenEmbedding;
    private final Parameter positionEmbedding;
    private final List<TransformerLayer> layers = new ArrayList<>();
    private final LayerNormParameters finalNorm;
    private final Parameter headWeight;
    private final Parameter headBias;
    private RotaryTables rotaryTables;

    public TransformerLm(ModelConfig config) {
        super(VERSION);
        this.config = config;
        int d = config.modelDim();
        tokenEmbedding = addParameter(
                ParameterFactory.weight("tokenEmbedding", new Shape(config.vocabSize(), d), ParameterFactory.INIT_STD));
        positionEmbedding = config.positionEncoding() == PositionEncoding.LEARNED
                ? addParameter(ParameterFactory.weight(
                        "positionEmbedding", new Shape(config.contextLength(), d), ParameterFactory.INIT_STD))
                : null;
        finalNorm = LayerNormParameters.create("finalNorm", d);
        addParameter(finalNorm.gain());
        addParameter(finalNorm.shift());
        headWeight = addParameter(
                ParameterFactory.weight("headWeight", new Shape(config.vocabSize(), d), ParameterFactory.INIT_STD));
        headBias = addParameter(ParameterFactory.bias("headBias", config.vocabSize()));
        for (int i = 0; i < config.layers(); i++) {
            layers.add(addChildBlock("layer" + i, new TransformerLayer(config, i)));
        }
    }

    public ModelConfig config() {
        return config;
    }

    /**
     * Logits for every position.
     *
     * @param tokens (B, T) int64 token ids
     * @param positions (B or 1, T) int64 position ids
     * @param bias (B or 1, 1, T, S) additive attention mask, S = cached length + T
     * @param cache keys and values of earlier positions (extended in place), or null
     * @param lastOnly project only the last position to the vocabulary (generation needs no more)
     * @return (B, T, V) logits, or (B, V) when {@code lastOnly}
     */
    public NDArray logits(NDArray tokens, NDArray positions, NDArray bias, KvCache cache, boolean lastOnly) {
        return logits(tokens, positions, bias, cache, lastOnly, 0);
    }

    private NDArray logits(
            NDArray tokens, NDArray positions, NDArray bias, KvCache cache, boolean lastOnly, int queryBlock) {
        NDArray x = hidden(tokens, positions, bias, cache, queryBlock);
        if (lastOnly) {
            x = x.get(new NDIndex(":, -1, :"));
        }
        return project(x);
    }

    /** The last layer's output, before the final LayerNorm, for every position: (B, T, D). */
    private NDArray hidden(NDArray tokens, NDArray positions, NDArray bias, KvCache cache, int queryBlock) {
        NDArray x = Embedding.embedding(tokens, tokenEmbedding.getArray(), SparseFormat.DENSE)
                .singletonOrThrow();
        if (positionEmbedding != null) {
            x = x.add(Embedding.embedding(positions, positionEmbedding.getArray(), SparseFormat.DENSE)
                    .singletonOrThrow());
        }
        RotaryTables.RotaryAngles rotary = config.positionEncoding() == PositionEncoding.ROTARY
                ? rotaryTables().at(positions)
                : null;
        NDArray queryScale = tokens.getManager().create((float) (1.0 / Math.sqrt(config.headDim())));
        ForwardContext context = new ForwardContext(bias, cache, queryScale, rotary, queryBlock);
        for (TransformerLayer layer : layers) {
            x = layer.apply(x, context);
        }
        if (cache != null) {
            cache.advance(tokens.getShape().get(1));
        }
        return x;
    }

    /** Vocabulary logits (..., V) of hidden states (..., D): the final LayerNorm and output projection. */
    NDArray project(NDArray hidden) {
        return Linear.linear(finalNorm.apply(hidden), headWeight.getArray(), headBias.getArray())
                .singletonOrThrow();
    }

    /** Built on first use on the parameters' manager, so they live and die with the model. */
    private RotaryTables rotaryTables() {
        if (rotaryTables == null) {
            rotaryTables =
                    new RotaryTables(tokenEmbedding.getArray().getManager(), config.contextLength(), config.headDim());
        }
        return rotaryTables;
    }

    /** Full-sequence causal logits for right-padded (B, T) tokens, as in training. */
    public NDArray causalLogits(NDArray tokens) {
        return causalLogits(tokens, CAUSAL_QUERY_BLOCK);
    }

    /** As {@link #causalLogits(NDArray)}, with attention over blocks of {@code queryBlock} queries (0: all at once). */
    NDArray causalLogits(NDArray tokens, int queryBlock) {
        return project(causalHidden(tokens, queryBlock));
    }

    /**
     * The hidden states {@link #causalLogits(NDArray, int)} projects, so training can project only the
     * positions its loss scores.
     */
    NDArray causalHidden(NDArray tokens, int queryBlock) {
        NDManager manager = tokens.getManager();
        int length = Math.toIntExact(tokens.getShape().get(1));
        NDArray positions = manager.arange(0, length, 1, DataType.INT64).expandDims(0);
        NDArray bias = AttentionMasks.causal(manager, length);
        return hidden(tokens, positions, bias, null, queryBlock);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(causalLogits(inputs.singletonOrThrow()));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape tokens = inputShapes[0];
        Shape hidden = new Shape(tokens.get(0), tokens.get(1), config.modelDim());
        for (TransformerLayer layer : layers) {
            layer.initialize(manager, dataType, hidden);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape tokens = inputShapes[0];
        return new Shape[] {new Shape(tokens.get(0), tokens.get(1), config.vocabSize())};
    }
}
