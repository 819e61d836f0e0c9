package lyceum.experiment.config;

import java.time.Duration;
import lyceum.engine.ModelRef;
import lyceum.engine.OpenAiEndpoint;

/**
 * Where generation runs, and where a critic is asked ({@code experiment.model}, the critics' {@code endpoint}). {@link ExperimentConfig} implements it, so its
 * records keep their names {@code ExperimentConfig.Model} and so on.
 */
public interface ModelSettings {

    /**
     * Where generation runs: {@code djl} on the gpu nodes' own engine, or an {@code openai} endpoint.
     * {@code base} is the model a training command starts from (a path or a hub name, its
     * {@code {base_model}}); empty when none is named, also in configs journaled before it existed.
     */
    public record Model(
            String backend,
            String endpoint,
            String modelName,
            int concurrency,
            Duration requestTimeout,
            int maxRetries,
            String apiKeyEnv,
            String base) {

        public Model {
            base = base == null ? "" : base;
        }

        /** A model version as this backend generates from it. */
        public ModelRef ref(String version) {
            // Experiments journaled before the backend settings existed read them as null: the node's own engine.
            return "openai".equals(backend)
                    ? new ModelRef(
                            version,
                            new OpenAiEndpoint(endpoint, modelName, concurrency, requestTimeout, maxRetries, apiKeyEnv))
                    : ModelRef.local(version);
        }
    }

    /**
     * A critic's or teacher's own OpenAI-compatible server ({@code critic.endpoint}), its model being the
     * critic's {@code model}; the bearer token comes from the gpu node's variable {@code apiKeyEnv}, which the
     * node must allow. Requests to it keep the experiment's {@code model} limits (concurrency, timeout,
     * retries). An empty {@code url} (also in configs journaled before it existed): none, the critic is
     * asked where the sampled model is.
     */
    public record CriticEndpoint(
            String url, String apiKeyEnv, int concurrency, Duration requestTimeout, int maxRetries) {

        public static final CriticEndpoint NONE = new CriticEndpoint("", "", 1, Duration.ofSeconds(60), 0);

        public CriticEndpoint {
            url = url == null ? "" : url;
            apiKeyEnv = apiKeyEnv == null ? "" : apiKeyEnv;
        }

        public boolean named() {
            return !url.isEmpty();
        }

        /** The critic model {@code modelName} on this server, or, when none is named, {@code orElse}. */
        public ModelRef ref(String modelName, ModelRef orElse) {
            return named()
                    ? new ModelRef(
                            modelName,
                            new OpenAiEndpoint(url, modelName, concurrency, requestTimeout, maxRetries, apiKeyEnv))
                    : orElse;
        }
    }

    public enum CriticKind {
        STEP_CHECKER,
        MODEL;

        /** Its name in an experiment file. */
        public String key() {
            return KebabCase.of(this);
        }
    }
}
