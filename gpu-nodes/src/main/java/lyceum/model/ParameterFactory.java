package lyceum.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;

/** GPT-2 style initial values: N(0, 0.02) weights, zero biases, unit LayerNorm gains. */
final class ParameterFactory {
    static final float INIT_STD = 0.02f;

    private ParameterFactory() {}

    static Parameter weight(String name, Shape shape, float std) {
        return parameter(name, Parameter.Type.WEIGHT, shape, new NormalInitializer(std));
    }

    static Parameter bias(String name, long size) {
        return parameter(name, Parameter.Type.BIAS, new Shape(size), new ConstantInitializer(0f));
    }

    static Parameter gain(String name, long size) {
        return parameter(name, Parameter.Type.GAMMA, new Shape(size), new ConstantInitializer(1f));
    }

    private static Parameter parameter(String name, Parameter.Type type, Shape shape, Initializer initializer) {
        return Parameter.builder()
                .setName(name)
                .setType(type)
                .optShape(shape)
                .optInitializer(initializer)
                .build();
    }

    /** Residual projections start smaller so the residual stream's variance does not grow with depth. */
    static float residualStd(ModelConfig config) {
        return INIT_STD / (float) Math.sqrt(2.0 * config.layers());
    }
}
