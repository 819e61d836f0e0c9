package lyceum.model;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

/**
 * A model in memory: the network, its config and tokenizer, and the manager that owns its parameters
 * (closing the model frees them). {@code modelVersion} is the checkpoint it came from, or null for a
 * freshly initialised or not yet saved model.
 */
public final class LanguageModel implements AutoCloseable {
    private final ModelConfig config;
    private final CharTokenizer tokenizer;
    private final TransformerLm network;
    private final NDManager manager;
    private final String modelVersion;

    LanguageModel(
            ModelConfig config,
            CharTokenizer tokenizer,
            TransformerLm network,
            NDManager manager,
            String modelVersion) {
        if (config.vocabSize() != tokenizer.size()) {
            throw new IllegalArgumentException(
                    "config vocabSize " + config.vocabSize() + " != tokenizer size " + tokenizer.size());
        }
        this.config = config;
        this.tokenizer = tokenizer;
        this.network = network;
        this.manager = manager;
        this.modelVersion = modelVersion;
    }

    /** Random initial weights; the engine's seed makes them reproducible. */
    public static LanguageModel initialize(ModelConfig config, Device device, long seed) {
        DjlRuntime.engine().setRandomSeed(Long.hashCode(seed));
        NDManager manager = DjlRuntime.engine().newBaseManager(device);
        TransformerLm network = new TransformerLm(config);
        network.initialize(manager, DataType.FLOAT32, new Shape(1, config.contextLength()));
        LanguageModel model = new LanguageModel(config, CharTokenizer.standard(), network, manager, null);
        model.setTrainable(false);
        return model;
    }

    public ModelConfig config() {
        return config;
    }

    public CharTokenizer tokenizer() {
        return tokenizer;
    }

    public TransformerLm network() {
        return network;
    }

    public NDManager manager() {
        return manager;
    }

    public Device device() {
        return manager.getDevice();
    }

    public String modelVersion() {
        return modelVersion;
    }

    /**
     * Turns gradient tracking of every parameter on (training) or off (generation, where tracking would
     * make the engine record a backward graph for nothing).
     */
    public void setTrainable(boolean trainable) {
        for (Pair<String, Parameter> parameter : network.getParameters()) {
            parameter.getValue().getArray().setRequiresGradient(trainable);
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
