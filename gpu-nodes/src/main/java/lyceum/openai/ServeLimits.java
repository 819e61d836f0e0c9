package lyceum.openai;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * What one request to {@code lyceum serve} may ask and how much the server holds at once; the defaults
 * and their meaning are in cluster-config's lyceum/serve.conf under {@code lyceum.serve}.
 */
public record ServeLimits(
        long maxBodyBytes,
        int maxPromptLength,
        int maxCompletionsPerRequest,
        int maxTokens,
        int maxQueuedCompletions,
        Duration requestDeadline,
        Duration retryAfter) {

    public ServeLimits {
        if (maxBodyBytes < 1
                || maxPromptLength < 1
                || maxCompletionsPerRequest < 1
                || maxTokens < 1
                || maxQueuedCompletions < 1) {
            throw new IllegalArgumentException("lyceum.serve limits must be at least 1: " + this);
        }
        if (maxCompletionsPerRequest > maxQueuedCompletions) {
            throw new IllegalArgumentException("lyceum.serve.max-completions-per-request (" + maxCompletionsPerRequest
                    + ") must not exceed max-queued-completions (" + maxQueuedCompletions
                    + "): such a request could never run");
        }
        if (requestDeadline.isNegative() || requestDeadline.isZero() || retryAfter.isNegative()) {
            throw new IllegalArgumentException(
                    "lyceum.serve.request-deadline must be positive and retry-after not negative");
        }
    }

    /** Reads {@code lyceum.serve} of a configuration that holds its defaults (lyceum/serve.conf). */
    public static ServeLimits fromConfig(Config config) {
        Config serve = config.getConfig("lyceum.serve");
        return new ServeLimits(
                serve.getBytes("max-body-size"),
                serve.getInt("max-prompt-length"),
                serve.getInt("max-completions-per-request"),
                serve.getInt("max-tokens"),
                serve.getInt("max-queued-completions"),
                serve.getDuration("request-deadline"),
                serve.getDuration("retry-after"));
    }

    /** The defaults (lyceum/serve.conf, which gpu-nodes' reference.conf includes). */
    public static ServeLimits defaults() {
        return fromConfig(com.typesafe.config.ConfigFactory.defaultReference());
    }

    public ServeLimits withMaxQueuedCompletions(int max) {
        return new ServeLimits(
                maxBodyBytes, maxPromptLength, maxCompletionsPerRequest, maxTokens, max, requestDeadline, retryAfter);
    }

    public ServeLimits withRequestDeadline(Duration deadline) {
        return new ServeLimits(
                maxBodyBytes,
                maxPromptLength,
                maxCompletionsPerRequest,
                maxTokens,
                maxQueuedCompletions,
                deadline,
                retryAfter);
    }
}
