package lyceum.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Keys and values of every layer for a batch of sequences, preallocated to {@code capacity} columns so
 * a decoding step writes its new column in place instead of copying the whole cache. Keys are kept
 * transposed, (B, H, hd, S), so q·K^T reads them in the order a plain batched product wants; reading
 * the cache is what bounds a decoding step on a CPU.
 */
public final class KvCache implements AutoCloseable {
    private final NDManager manager;
    private final NDArray[] keys;
    private final NDArray[] values;
    private final int capacity;
    private int length;

    public KvCache(NDManager parent, ModelConfig config, int batch, int capacity) {
        this.manager = parent.newSubManager();
        this.capacity = capacity;
        this.keys = new NDArray[config.layers()];
        this.values = new NDArray[config.layers()];
        for (int layer = 0; layer < config.layers(); layer++) {
            keys[layer] = manager.zeros(new Shape(batch, config.heads(), config.headDim(), capacity), DataType.FLOAT32);
            values[layer] =
                    manager.zeros(new Shape(batch, config.heads(), capacity, config.headDim()), DataType.FLOAT32);
        }
    }

    /** Cached columns so far. */
    public int length() {
        return length;
    }

    /**
     * Writes (B, H, T, hd) keys and values after the cached columns and returns views over all filled
     * columns, keys transposed to (B, H, hd, S); the caller closes the views. {@link #advance} moves the
     * end once every layer has written.
     */
    NDList extend(int layer, NDArray newKeys, NDArray newValues) {
        long added = newKeys.getShape().get(2);
        long end = length + added;
        if (end > capacity) {
            throw new IllegalStateException("KV cache full: " + length + " + " + added + " > " + capacity);
        }
        keys[layer].set(new NDIndex().addAllDim(3).addSliceDim(length, end), newKeys.transpose(0, 1, 3, 2));
        values[layer].set(new NDIndex().addAllDim(2).addSliceDim(length, end), newValues);
        return new NDList(
                keys[layer].get(new NDIndex().addAllDim(3).addSliceDim(0, end)),
                values[layer].get(new NDIndex().addAllDim(2).addSliceDim(0, end)));
    }

    void advance(long added) {
        length += Math.toIntExact(added);
    }

    /** Drops finished sequences: keeps the given rows, in the given order. */
    public void keepRows(long[] rows) {
        try (NDManager scratch = manager.newSubManager()) {
            NDIndex index = new NDIndex().addIndices("{}", scratch.create(rows));
            for (int layer = 0; layer < keys.length; layer++) {
                keys[layer] = replace(keys[layer], index);
                values[layer] = replace(values[layer], index);
            }
        }
    }

    private NDArray replace(NDArray old, NDIndex index) {
        NDArray kept = old.get(index);
        kept.attach(manager);
        old.close();
        return kept;
    }

    @Override
    public void close() {
        manager.close();
    }
}
