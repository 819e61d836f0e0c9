package lyceum.model;

import ai.djl.ndarray.NDArray;

/**
 * What every layer of one forward pass shares: the additive attention bias, the KV cache (or null),
 * the query scale 1/sqrt(hd) as an engine scalar, the rotary angles (null with learned positions), and
 * {@code queryBlock}: when positive (and there is no cache), attention runs over blocks of that many
 * queries, each against only the keys up to its last query. That is exact only when the bias hides
 * every later key from each query, as any causal mask does; 0 attends over the whole bias at once.
 */
record ForwardContext(
        NDArray bias, KvCache cache, NDArray queryScale, RotaryTables.RotaryAngles rotary, int queryBlock) {}
