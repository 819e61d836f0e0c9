package lyceum.engine;

import java.time.Duration;

/**
 * An OpenAI-compatible completions server (vLLM, SGLang, DJL Serving, llama.cpp, {@code lyceum serve})
 * and how to call it. {@code modelName} is the name the server knows the model by; empty means the
 * model version itself, which is how {@code lyceum serve} names its checkpoints. The bearer token is read
 * from the environment variable {@code apiKeyEnv} (empty: none) on the node that calls, never carried;
 * a node reads only a variable it allows ({@link EndpointClients#allowingTokens}). {@code format} says
 * which API a request goes to: {@code COMPLETION} (POST /v1/completions with the prompt, the default,
 * also when absent from an older message) or {@code CHAT} (POST /v1/chat/completions with the prompt as
 * one user message, for servers that apply the model's own chat template).
 */
public record OpenAiEndpoint(
        String url,
        String modelName,
        int concurrency,
        Duration requestTimeout,
        int maxRetries,
        String apiKeyEnv,
        Format format) {

    /** The API a request goes to. */
    public enum Format {
        COMPLETION,
        CHAT
    }

    public OpenAiEndpoint {
        format = format == null ? Format.COMPLETION : format;
    }

    /** A completions endpoint. */
    public OpenAiEndpoint(
            String url, String modelName, int concurrency, Duration requestTimeout, int maxRetries, String apiKeyEnv) {
        this(url, modelName, concurrency, requestTimeout, maxRetries, apiKeyEnv, Format.COMPLETION);
    }
}
