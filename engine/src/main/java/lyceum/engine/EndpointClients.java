package lyceum.engine;

import java.util.List;
import java.util.Optional;

/**
 * The clients a gpu node keeps for OpenAI-compatible endpoints, one per endpoint and shared by the
 * node's workers, so an endpoint's concurrency limit holds for the whole node.
 */
public interface EndpointClients extends AutoCloseable {

    /** The experiment setting that names an endpoint's token variable. */
    String TOKEN_KEY = "experiment.model.api-key-env";
    /** The node setting that lists the variables an experiment may name. */
    String ALLOWED_TOKEN_ENV = "lyceum.endpoints.allowed-token-env";

    Generator clientFor(OpenAiEndpoint endpoint);

    /** For nodes that run only their own engine. */
    static EndpointClients none() {
        return endpoint -> {
            throw new IllegalStateException("this node has no client for OpenAI-compatible endpoints");
        };
    }

    /**
     * Why a node that allows the variables {@code allowed} refuses an experiment's token variable; empty
     * when it allows it or none is named. An experiment could otherwise send any of the node's secrets to
     * a server it chooses.
     */
    static Optional<String> tokenRefusal(String variable, List<String> allowed) {
        // A gpu node sees the endpoint, not which key named it: the sampled model's or a critic's.
        return tokenRefusal(TOKEN_KEY + " (or a critic's api-key-env)", variable, allowed);
    }

    /** As {@link #tokenRefusal(String, List)}, naming the experiment setting {@code key} that names it. */
    static Optional<String> tokenRefusal(String key, String variable, List<String> allowed) {
        if (variable == null || variable.isBlank() || allowed.contains(variable)) {
            return Optional.empty();
        }
        return Optional.of(key + " = \"" + variable + "\" is not a token variable this node allows: it may name "
                + (allowed.isEmpty() ? "none" : "one of " + allowed) + " (" + ALLOWED_TOKEN_ENV
                + " in the node's configuration)");
    }

    /**
     * {@code clients}, except that an endpoint naming a token variable outside {@code allowed} gets a client
     * whose every call fails permanently, and the variable is never read.
     */
    static EndpointClients allowingTokens(EndpointClients clients, List<String> allowed) {
        List<String> allowedVariables = List.copyOf(allowed);
        return new EndpointClients() {
            @Override
            public Generator clientFor(OpenAiEndpoint endpoint) {
                return tokenRefusal(endpoint.apiKeyEnv(), allowedVariables)
                        .map(EndpointClients::refusing)
                        .orElseGet(() -> clients.clientFor(endpoint));
            }

            @Override
            public void close() {
                clients.close();
            }
        };
    }

    private static Generator refusing(String reason) {
        return new Generator() {
            @Override
            public List<Generation> generate(String modelVersion, List<GenerationRequest> batch)
                    throws PermanentGenerationException {
                throw new PermanentGenerationException(reason);
            }

            @Override
            public int preferredBatchSize() {
                return 1;
            }

            @Override
            public String device() {
                return "refused";
            }
        };
    }

    @Override
    default void close() {}
}
