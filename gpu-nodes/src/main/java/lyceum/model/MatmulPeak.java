package lyceum.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.function.Consumer;

/** The engine's own float32 matrix-multiply rate on a device: the ceiling training is measured against. */
public final class MatmulPeak {
  private MatmulPeak() {}

  /** Best FLOP/s over square sizes, each timed over {@code repeats} multiplies after one warm-up. */
  public static double measure(Device device, int[] sizes, int repeats, Consumer<String> progress) {
    double best = 0;
    try (NDManager manager = DjlRuntime.engine().newBaseManager(device)) {
      for (int size : sizes) {
        NDArray a = manager.randomNormal(new Shape(size, size));
        NDArray b = manager.randomNormal(new Shape(size, size));
        a.matMul(b).close();
        long start = System.nanoTime();
        for (int i = 0; i < repeats; i++) {
          try (NDArray product = a.matMul(b)) {
            // Reading one element waits for asynchronous (GPU) work to finish.
            product.getFloat(0, 0);
          }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double flops = 2.0 * size * size * size * repeats / seconds;
        progress.accept(String.format("matmul %dx%d: %.1f GFLOP/s", size, size, flops / 1e9));
        best = Math.max(best, flops);
      }
    }
    return best;
  }
}
