package lyceum.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A block that runs only inside {@link TransformerLm}'s forward pass, which builds the {@link ForwardContext}
 * it needs (attention bias, rotary tables, KV cache); DJL's own forward is refused. Its output has its
 * input's shape.
 */
abstract class ContextBlock extends AbstractBlock {

    ContextBlock(byte version) {
        super(version);
    }

    @Override
    protected final NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        throw new UnsupportedOperationException("run through TransformerLm, which builds the forward context");
    }

    @Override
    public final Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
