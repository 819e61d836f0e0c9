package lyceum.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/** One pre-LayerNorm block: x + attention(norm(x)), then x + mlp(norm(x)). */
final class TransformerLayer extends ContextBlock {
    private static final byte VERSION = 1;

    private final LayerNormParameters attentionNorm;
    private final CausalSelfAttention attention;
    private final LayerNormParameters mlpNorm;
    private final FeedForward mlp;

    TransformerLayer(ModelConfig config, int index) {
        super(VERSION);
        attentionNorm = LayerNormParameters.create("attentionNorm", config.modelDim());
        mlpNorm = LayerNormParameters.create("mlpNorm", config.modelDim());
        addParameter(attentionNorm.gain());
        addParameter(attentionNorm.shift());
        addParameter(mlpNorm.gain());
        addParameter(mlpNorm.shift());
        attention = addChildBlock("attention", new CausalSelfAttention(config, index));
        mlp = addChildBlock("mlp", new FeedForward(config));
    }

    NDArray apply(NDArray x, ForwardContext context) {
        NDArray afterAttention = x.add(attention.apply(attentionNorm.apply(x), context));
        return afterAttention.add(mlp.apply(mlpNorm.apply(afterAttention)));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        attention.initialize(manager, dataType, inputShapes[0]);
        mlp.initialize(manager, dataType, inputShapes[0]);
    }
}
