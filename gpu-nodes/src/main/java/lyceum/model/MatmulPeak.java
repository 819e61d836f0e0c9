package lyceum.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.lang.management.ManagementFactory;
import java.util.function.Consumer;

/** The engine's own float32 matrix-multiply rate on a device: the ceiling training is measured against. */
public final class MatmulPeak {
    private MatmulPeak() {}

    /**
     * Best rates over the sizes: FLOP per wall-clock second, and FLOP per second of this process's CPU
     * time, which a shared machine's other load changes far less (meaningful on a CPU device only).
     */
    public record Rate(double flopsPerSecond, double flopsPerCpuSecond) {}

    /** Best FLOP/s over square sizes, each timed over {@code repeats} multiplies after one warm-up. */
    public static double measure(Device device, int[] sizes, int repeats, Consumer<String> progress) {
        return measureRates(device, sizes, repeats, progress).flopsPerSecond();
    }

    public static Rate measureRates(Device device, int[] sizes, int repeats, Consumer<String> progress) {
        double best = 0;
        double bestPerCpu = 0;
        try (NDManager manager = DjlRuntime.engine().newBaseManager(device)) {
            for (int size : sizes) {
                NDArray a = manager.randomNormal(new Shape(size, size));
                NDArray b = manager.randomNormal(new Shape(size, size));
                a.matMul(b).close();
                long cpuStart = processCpuNanos();
                long start = System.nanoTime();
                for (int i = 0; i < repeats; i++) {
                    try (NDArray product = a.matMul(b)) {
                        // Reading one element waits for asynchronous (GPU) work to finish.
                        product.getFloat(0, 0);
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                double cpuSeconds = (processCpuNanos() - cpuStart) / 1e9;
                double flop = 2.0 * size * size * size * repeats;
                progress.accept(String.format(
                        "matmul %dx%d: %.1f GFLOP/s, %.1f GFLOP per CPU second",
                        size, size, flop / seconds / 1e9, flop / cpuSeconds / 1e9));
                best = Math.max(best, flop / seconds);
                bestPerCpu = Math.max(bestPerCpu, flop / cpuSeconds);
            }
        }
        return new Rate(best, bestPerCpu);
    }

    /** CPU time of every thread of this process so far. */
    public static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
