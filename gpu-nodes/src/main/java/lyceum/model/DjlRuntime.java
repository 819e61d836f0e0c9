package lyceum.model;

import ai.djl.Device;
import ai.djl.engine.Engine;

/**
 * The PyTorch engine, always offline: the CPU native library comes from the pytorch-native-cpu jar on
 * the classpath (extracted once into ~/.djl.ai); a GPU node instead points PYTORCH_LIBRARY_PATH at an
 * installed CUDA libtorch. Either way DJL must never try to download anything.
 *
 * <p>Unless {@value #THREADS} is set, the engine gets one intra-op thread fewer than there are cores
 * (at least one). Its OpenMP threads wait for each other at every operation, so when another busy
 * process (Cassandra, the actor system, a build) takes a core, a step can run 5-10 times slower with
 * all cores than with one fewer: measured on 2 shared cores, 1 957 against 11 900 training tokens/s.
 * The C allocator is tuned once so tensors reuse freed memory ({@link NativeAllocator}).
 */
public final class DjlRuntime {
    static final String THREADS = "ai.djl.pytorch.num_threads";

    private DjlRuntime() {}

    public static Engine engine() {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        if (System.getProperty(THREADS) == null && System.getenv("OMP_NUM_THREADS") == null) {
            int cores = Runtime.getRuntime().availableProcessors();
            System.setProperty(THREADS, String.valueOf(Math.max(1, cores - 1)));
        }
        NativeAllocator.keepFreedMemory();
        return Engine.getEngine("PyTorch");
    }

    /** The engine's preferred device: the first GPU when libtorch has CUDA and a GPU is present. */
    public static Device defaultDevice() {
        return engine().defaultDevice();
    }

    /** "cpu" or "gpu0" style names, as {@code Generator.device()} reports them. */
    public static String deviceName(Device device) {
        return device.isGpu() ? "gpu" + device.getDeviceId() : "cpu";
    }
}
