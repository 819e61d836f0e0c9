package lyceum.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.LayerNorm;

/** Gain and shift of one LayerNorm over the model dimension, applied with the engine's fused kernel. */
record LayerNormParameters(Parameter gain, Parameter shift, Shape normalizedShape) {
    private static final float EPSILON = 1e-5f;

    static LayerNormParameters create(String prefix, int dim) {
        return new LayerNormParameters(
                ParameterFactory.gain(prefix + "Gain", dim),
                ParameterFactory.bias(prefix + "Shift", dim),
                new Shape(dim));
    }

    NDArray apply(NDArray x) {
        return LayerNorm.layerNorm(x, normalizedShape, gain.getArray(), shift.getArray(), EPSILON)
                .singletonOrThrow();
    }
}
