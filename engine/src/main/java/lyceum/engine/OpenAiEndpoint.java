package lyceum.engine;

import java.time.Duration;

/**
 * An OpenAI-compatible completions server (vLLM, SGLang, DJL Serving, llama.cpp, {@code lyceum serve})
 * and how to call it. {@code modelName} is the name the server knows the model by; empty means the
 * model version itself, which is how {@code lyceum serve} names its checkpoints. The bearer token is read
 * from the environment variable {@code apiKeyEnv} (empty: none) on the node that calls, never carried;
 * a node reads only a variable it allows ({@link EndpointClients#allowingTokens}).
 */
public record OpenAiEndpoint(
    String url, String modelName, int concurrency, Duration requestTimeout, int maxRetries, String apiKeyEnv) {}
