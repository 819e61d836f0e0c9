package lyceum.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Additive attention biases: 0 where a query may attend, -inf where it may not. Built on the Java side
 * (they are small) and uploaded once per forward pass.
 */
final class AttentionMasks {
    private static final float BLOCKED = Float.NEGATIVE_INFINITY;

    private AttentionMasks() {}

    /** (1, 1, T, T): each position sees itself and earlier positions. */
    static NDArray causal(NDManager manager, int length) {
        float[] bias = new float[length * length];
        for (int query = 0; query < length; query++) {
            for (int key = query + 1; key < length; key++) {
                bias[query * length + key] = BLOCKED;
            }
        }
        return manager.create(bias, new Shape(1, 1, length, length));
    }

    /**
     * (B, 1, T, T) for left-padded prompts: causal, and no real position attends to padding. A padding
     * position still attends to itself so its softmax row stays finite (an all -inf row would give NaN,
     * which would then leak through the cached keys into real rows).
     */
    static NDArray leftPaddedPrefill(NDManager manager, int[] padding, int length) {
        return leftPaddedPrefill(manager, padding, 0, length);
    }

    /**
     * The rows of queries {@code [from, to)} of {@link #leftPaddedPrefill(NDManager, int[], int)} over keys
     * {@code [0, to)}: (B, 1, to - from, to), for a prompt prefilled a block of columns at a time.
     */
    static NDArray leftPaddedPrefill(NDManager manager, int[] padding, int from, int to) {
        int batch = padding.length;
        int queries = to - from;
        float[] bias = new float[batch * queries * to];
        for (int row = 0; row < batch; row++) {
            int base = row * queries * to;
            for (int query = from; query < to; query++) {
                for (int key = 0; key < to; key++) {
                    boolean visible = key <= query && (key >= padding[row] || key == query);
                    if (!visible) {
                        bias[base + (query - from) * to + key] = BLOCKED;
                    }
                }
            }
        }
        return manager.create(bias, new Shape(batch, 1, queries, to));
    }

    /** (B, 1, 1, S) for one new token per row over S cached columns, hiding each row's left padding. */
    static NDArray leftPaddedStep(NDManager manager, int[] padding, int columns) {
        int batch = padding.length;
        float[] bias = new float[batch * columns];
        for (int row = 0; row < batch; row++) {
            for (int key = 0; key < Math.min(padding[row], columns); key++) {
                bias[row * columns + key] = BLOCKED;
            }
        }
        return manager.create(bias, new Shape(batch, 1, 1, columns));
    }
}
