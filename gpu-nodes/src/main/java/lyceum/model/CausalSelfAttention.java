package lyceum.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;

/**
 * Multi-head self-attention with one fused QKV projection. The additive attention bias (0 where a
 * query may look, -inf elsewhere) carries both causality and padding; with a {@link KvCache} the new
 * keys and values are appended and the queries attend over everything cached.
 */
final class CausalSelfAttention extends ContextBlock {
    private static final byte VERSION = 1;

    private final ModelConfig config;
    private final int layer;
    private final Parameter qkvWeight;
    private final Parameter qkvBias;
    private final Parameter outWeight;
    private final Parameter outBias;

    CausalSelfAttention(ModelConfig config, int layer) {
        super(VERSION);
        this.config = config;
        this.layer = layer;
        int d = config.modelDim();
        qkvWeight = addParameter(ParameterFactory.weight("qkvWeight", new Shape(3L * d, d), ParameterFactory.INIT_STD));
        qkvBias = addParameter(ParameterFactory.bias("qkvBias", 3L * d));
        outWeight = addParameter(
                ParameterFactory.weight("outWeight", new Shape(d, d), ParameterFactory.residualStd(config)));
        outBias = addParameter(ParameterFactory.bias("outBias", d));
    }

    /** @param x (B, T, D) normalised input */
    NDArray apply(NDArray x, ForwardContext context) {
        Shape shape = x.getShape();
        long batch = shape.get(0);
        long length = shape.get(1);
        NDArray qkv = Linear.linear(x, qkvWeight.getArray(), qkvBias.getArray()).singletonOrThrow();
        // (B, T, 3, H, hd) -> (3, B, H, T, hd), split rather than indexed: the backward pass of a split
        // is one concatenation, that of each index a zero-filled copy of the whole (3, B, H, T, hd).
        NDArray split =
                qkv.reshape(batch, length, 3, config.heads(), config.headDim()).transpose(2, 0, 3, 1, 4);
        NDArray queries;
        NDArray keys;
        NDArray values;
        if (context.rotary() == null) {
            NDList parts = split.split(3, 0);
            queries = parts.get(0).squeeze(0);
            keys = parts.get(1).squeeze(0);
            values = parts.get(2).squeeze(0);
        } else {
            NDList parts = split.split(new long[] {2}, 0);
            NDList rotated = context.rotary().rotate(parts.get(0)).split(2, 0);
            queries = rotated.get(0).squeeze(0);
            keys = rotated.get(1).squeeze(0);
            values = parts.get(1).squeeze(0);
        }
        // Scaling q rather than the scores touches T x hd values instead of T x S.
        queries = queries.mul(context.queryScale());
        NDArray attended;
        if (context.cache() == null && context.queryBlock() > 0 && length > context.queryBlock()) {
            attended = attendInCausalBlocks(queries, keys, values, context.bias(), context.queryBlock());
        } else if (context.cache() == null) {
            attended = attend(queries, keys.transpose(0, 1, 3, 2), values, context.bias());
        } else {
            try (NDList cached = context.cache().extend(layer, keys, values)) {
                attended = attend(queries, cached.get(0), cached.get(1), context.bias());
            }
        }
        NDArray merged = attended.transpose(0, 2, 1, 3).reshape(batch, length, config.modelDim());
        return Linear.linear(merged, outWeight.getArray(), outBias.getArray()).singletonOrThrow();
    }

    /**
     * Causal attention a block of queries at a time, each block against the keys up to its own last
     * query: the masked upper triangle is mostly never computed (with n blocks, (n + 1) / 2n of the
     * T x T scores are), and each block's scores are small enough to stay in cache through the softmax
     * and its backward pass, the element-wise work that dominates a training step of a small model.
     * Queries, keys and values are cut into blocks by one split each and a key prefix is concatenated
     * from its blocks (the last block uses the whole keys): the backward pass of a split or a
     * concatenation copies only what was used, where that of each slice filled a zero gradient the
     * size of the whole tensor.
     */
    private static NDArray attendInCausalBlocks(
            NDArray queries, NDArray keys, NDArray values, NDArray bias, int block) {
        long length = queries.getShape().get(2);
        int count = Math.toIntExact((length + block - 1) / block);
        long[] bounds = new long[count - 1];
        for (int i = 1; i < count; i++) {
            bounds[i - 1] = (long) i * block;
        }
        NDList queryBlocks = queries.split(bounds, 2);
        NDList keyBlocks = keys.split(bounds, 2);
        NDList valueBlocks = values.split(bounds, 2);
        NDList attended = new NDList();
        for (int i = 0; i < count; i++) {
            long start = (long) i * block;
            long end = Math.min(length, start + block);
            attended.add(attend(
                    queryBlocks.get(i),
                    prefix(keyBlocks, keys, i).transpose(0, 1, 3, 2),
                    prefix(valueBlocks, values, i),
                    bias.get(new NDIndex(":, :, {}:{}, :{}", start, end, end))));
        }
        return NDArrays.concat(attended, 2);
    }

    /** Blocks 0..i along the sequence axis; never a concatenation of one array (it lost gradients). */
    private static NDArray prefix(NDList blocks, NDArray whole, int i) {
        if (i == blocks.size() - 1) {
            return whole;
        }
        if (i == 0) {
            return blocks.get(0);
        }
        return NDArrays.concat(new NDList(blocks.subList(0, i + 1).toArray(NDArray[]::new)), 2);
    }

    /** Keys come transposed, (B, H, hd, S). */
    private static NDArray attend(NDArray queries, NDArray keysTransposed, NDArray values, NDArray bias) {
        NDArray scores = queries.matMul(keysTransposed).addi(bias);
        return scores.softmax(-1).matMul(values);
    }
}
