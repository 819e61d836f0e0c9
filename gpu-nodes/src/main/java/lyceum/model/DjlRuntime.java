package lyceum.model;

import ai.djl.Device;
import ai.djl.engine.Engine;

/**
 * The PyTorch engine, always offline: the CPU native library comes from the pytorch-native-cpu jar on
 * the classpath (extracted once into ~/.djl.ai); a GPU node instead points PYTORCH_LIBRARY_PATH at an
 * installed CUDA libtorch. Either way DJL must never try to download anything.
 */
public final class DjlRuntime {
  private DjlRuntime() {}

  public static Engine engine() {
    if (System.getProperty("ai.djl.offline") == null) {
      System.setProperty("ai.djl.offline", "true");
    }
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
