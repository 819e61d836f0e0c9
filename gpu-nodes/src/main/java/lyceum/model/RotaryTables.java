package lyceum.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;

/**
 * Constant tables for rotary positions, built once per model on its device: cos and sin of
 * {@code position / 10000^(2i / hd)} for every position (halves repeated, (context, hd)), and the
 * (hd, hd) matrix that maps [x1, x2] to [-x2, x1], so a rotation costs one small product.
 */
final class RotaryTables {
    private static final double BASE = 10_000;

    private final NDArray cos;
    private final NDArray sin;
    private final NDArray halfTurn;

    RotaryTables(NDManager manager, int contextLength, int headDim) {
        int half = headDim / 2;
        float[] cosValues = new float[contextLength * headDim];
        float[] sinValues = new float[contextLength * headDim];
        for (int position = 0; position < contextLength; position++) {
            for (int i = 0; i < half; i++) {
                double angle = position / Math.pow(BASE, 2.0 * i / headDim);
                int at = position * headDim + i;
                cosValues[at] = cosValues[at + half] = (float) Math.cos(angle);
                sinValues[at] = sinValues[at + half] = (float) Math.sin(angle);
            }
        }
        float[] turn = new float[headDim * headDim];
        for (int j = 0; j < half; j++) {
            turn[(j + half) * headDim + j] = -1f;
            turn[j * headDim + j + half] = 1f;
        }
        this.cos = manager.create(cosValues, new Shape(contextLength, headDim));
        this.sin = manager.create(sinValues, new Shape(contextLength, headDim));
        this.halfTurn = manager.create(turn, new Shape(headDim, headDim));
    }

    /** The angles of one forward pass, for (B or 1, T) positions. */
    RotaryAngles at(NDArray positions) {
        return new RotaryAngles(
                Embedding.embedding(positions, cos, SparseFormat.DENSE)
                        .singletonOrThrow()
                        .expandDims(1),
                Embedding.embedding(positions, sin, SparseFormat.DENSE)
                        .singletonOrThrow()
                        .expandDims(1),
                halfTurn);
    }

    /** cos and sin as (B or 1, 1, T, hd), broadcasting over heads. */
    record RotaryAngles(NDArray cos, NDArray sin, NDArray halfTurn) {
        /** Rotates (..., B, H, T, hd) queries or keys. */
        NDArray rotate(NDArray x) {
            return x.mul(cos).add(x.matMul(halfTurn).mul(sin));
        }
    }
}
