package lyceum.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** The position-wise MLP: expand, GELU, project back. */
final class FeedForward extends AbstractBlock {
    private static final byte VERSION = 1;

    private final Parameter inWeight;
    private final Parameter inBias;
    private final Parameter outWeight;
    private final Parameter outBias;

    FeedForward(ModelConfig config) {
        super(VERSION);
        int d = config.modelDim();
        int hidden = config.mlpDim();
        inWeight = addParameter(ParameterFactory.weight("inWeight", new Shape(hidden, d), ParameterFactory.INIT_STD));
        inBias = addParameter(ParameterFactory.bias("inBias", hidden));
        outWeight = addParameter(
                ParameterFactory.weight("outWeight", new Shape(d, hidden), ParameterFactory.residualStd(config)));
        outBias = addParameter(ParameterFactory.bias("outBias", d));
    }

    NDArray apply(NDArray x) {
        NDArray hidden =
                Linear.linear(x, inWeight.getArray(), inBias.getArray()).singletonOrThrow();
        return Linear.linear(Activation.gelu(hidden), outWeight.getArray(), outBias.getArray())
                .singletonOrThrow();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(apply(inputs.singletonOrThrow()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
