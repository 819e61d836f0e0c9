package lyceum.engine;

/**
 * The clients a gpu node keeps for OpenAI-compatible endpoints, one per endpoint and shared by the
 * node's workers, so an endpoint's concurrency limit holds for the whole node.
 */
public interface EndpointClients extends AutoCloseable {
  Generator clientFor(OpenAiEndpoint endpoint);

  /** For nodes that run only their own engine. */
  static EndpointClients none() {
    return endpoint -> {
      throw new IllegalStateException("this node has no client for OpenAI-compatible endpoints");
    };
  }

  @Override
  default void close() {}
}
