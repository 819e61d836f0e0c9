package lyceum.engine;

/**
 * The model a request samples: a checkpoint version run by the gpu node's own engine, or, when
 * {@code endpoint} is set, a model behind an OpenAI-compatible server that the gpu node calls.
 */
public record ModelRef(String version, OpenAiEndpoint endpoint) {

    public static ModelRef local(String version) {
        return new ModelRef(version, null);
    }

    public boolean remote() {
        return endpoint != null;
    }

    /** The name the engine knows the model by. */
    public String engineName() {
        return remote() && !endpoint.modelName().isBlank() ? endpoint.modelName() : version;
    }
}
