package lyceum.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.NormalInitializer;

/** GPT-2 style initial values: N(0, 0.02) weights, zero biases, unit LayerNorm gains. */
final class ParameterFactory {
    static final float INIT_STD = 0.02f;

    private ParameterFactory() {}

    static Parameter weight(String name, Shape shape, float std) {
        return Parameter.builder()
                .setName(name)
                .setType(Parameter.Type.WEIGHT)
                .optShape(shape)
                .optInitializer(new NormalInitializer(std))
                .build();
    }

    static Parameter bias(String name, long size) {
        return Parameter.builder()
                .setName(name)
                .setType(Parameter.Type.BIAS)
                .optShape(new Shape(size))
                .optInitializer(new ConstantInitializer(0f))
                .build();
    }

    static Parameter gain(String name, long size) {
        return Parameter.builder()
                .setName(name)
                .setType(Parameter.Type.GAMMA)
                .optShape(new Shape(size))
                .optInitializer(new ConstantInitializer(1f))
                .build();
    }

    /** Residual projections start smaller so the residual stream's variance does not grow with depth. */
    static float residualStd(ModelConfig config) {
        return INIT_STD / (float) Math.sqrt(2.0 * config.layers());
    }
}
