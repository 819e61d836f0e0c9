package lyceum.model;

import ai.djl.ndarray.NDArray;

/**
 * What every layer of one forward pass shares: the additive attention bias, the KV cache (or null),
 * the query scale 1/sqrt(hd) as an engine scalar, and the rotary angles (null with learned positions).
 */
record ForwardContext(NDArray bias, KvCache cache, NDArray queryScale, RotaryTables.RotaryAngles rotary) {}
