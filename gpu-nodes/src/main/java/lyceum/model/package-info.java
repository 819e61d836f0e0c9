/**
 * The default model: a small character-level decoder-only transformer in DJL on the PyTorch engine.
 *
 * <ul>
 *   <li>{@link lyceum.model.DjlTrainer} trains from scratch or fine-tunes a stored checkpoint and stores
 *       the result in a {@link lyceum.model.CheckpointStore}, named by its content hash.
 *   <li>{@link lyceum.model.DjlGenerator} loads checkpoints by that name and samples batches with a KV
 *       cache; {@link lyceum.model.NaiveDecoder} is the uncached baseline.
 *   <li>{@code lyceum bench generate} and {@code lyceum bench train} (module benchmarks) measure both
 *       against same-run baselines.
 * </ul>
 *
 * <p>The engine runs offline: the CPU library comes from the pytorch-native-cpu jar, a GPU node's from
 * PYTORCH_LIBRARY_PATH. The engine's intra-op thread count follows {@code -Dai.djl.pytorch.num_threads}
 * (default: all cores); on a machine shared with other busy processes one thread is steadier.
 */
package lyceum.model;
