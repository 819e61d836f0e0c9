package lyceum.openai;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The fields of a POST /v1/completions or /v1/chat/completions that Lyceum's server honours, validated
 * against its {@link ServeLimits}; a bad field is a 400 naming it. Fields it does not know (user, echo,
 * penalties) are ignored, as other servers do. {@code n} samples per prompt draw with seeds
 * {@code seed}, {@code seed + 1}, ... A chat request carries one prompt, its messages rendered by
 * {@link ChatTemplate}. {@code logprobs} is the number of most likely alternatives wanted per token, or
 * -1 when no per-token log-probabilities are wanted.
 */
record CompletionRequest(
        boolean chat,
        String model,
        List<String> prompts,
        int maxTokens,
        double temperature,
        double topP,
        long seed,
        int n,
        List<String> stop,
        boolean stream,
        boolean includeUsage,
        int logprobs) {

    /** The most alternatives per token: OpenAI's limits, 5 for completions and 20 for chat. */
    static final int MAX_COMPLETION_LOGPROBS = 5;

    static final int MAX_CHAT_LOGPROBS = 20;

    static CompletionRequest parse(JsonNode body, ServeLimits limits) throws BadRequest {
        requireObject(body);
        List<String> prompts = strings(body, "prompt", true, 1024);
        int logprobs = integer(body, "logprobs", -1, 0, MAX_COMPLETION_LOGPROBS);
        return common(body, limits, false, prompts, integer(body, "max_tokens", 16, 1, limits.maxTokens()), logprobs);
    }

    static CompletionRequest parseChat(JsonNode body, ServeLimits limits) throws BadRequest {
        requireObject(body);
        String prompt = ChatTemplate.render(
                body.get("messages"), body.path("continue_final_message").asBoolean(false));
        int logprobs = -1;
        if (body.path("logprobs").asBoolean(false)) {
            logprobs = integer(body, "top_logprobs", 0, 0, MAX_CHAT_LOGPROBS);
        }
        // max_completion_tokens is the current name, max_tokens the older one; clients send either.
        int maxTokens = body.hasNonNull("max_completion_tokens")
                ? integer(body, "max_completion_tokens", 16, 1, limits.maxTokens())
                : integer(body, "max_tokens", 16, 1, limits.maxTokens());
        return common(body, limits, true, List.of(prompt), maxTokens, logprobs);
    }

    private static CompletionRequest common(
            JsonNode body, ServeLimits limits, boolean chat, List<String> prompts, int maxTokens, int logprobs)
            throws BadRequest {
        JsonNode model = body.get("model");
        if (model != null && !model.isNull() && !model.isTextual()) {
            throw new BadRequest(400, "model", "model must be a string");
        }
        for (int i = 0; i < prompts.size(); i++) {
            if (prompts.get(i).length() > limits.maxPromptLength()) {
                throw new BadRequest(
                        400,
                        chat ? "messages" : "prompt",
                        "context_length_exceeded",
                        (chat ? "the rendered messages are " : "prompt " + i + " is ")
                                + prompts.get(i).length() + " characters; this server takes at most "
                                + limits.maxPromptLength());
            }
        }
        int n = integer(body, "n", 1, 1, limits.maxCompletionsPerRequest());
        if ((long) n * prompts.size() > limits.maxCompletionsPerRequest()) {
            throw new BadRequest(
                    400,
                    "n",
                    "prompts times n is " + n * prompts.size() + "; this server answers at most "
                            + limits.maxCompletionsPerRequest() + " completions per request");
        }
        JsonNode stream = body.get("stream");
        if (stream != null && !stream.isNull() && !stream.isBoolean()) {
            throw new BadRequest(400, "stream", "stream must be true or false");
        }
        return new CompletionRequest(
                chat,
                model == null || model.isNull() ? null : model.asText(),
                prompts,
                maxTokens,
                number(body, "temperature", 1.0, 0, 5),
                topP(body),
                seed(body),
                n,
                strings(body, "stop", false, 4),
                stream != null && stream.asBoolean(false),
                body.path("stream_options").path("include_usage").asBoolean(false),
                logprobs);
    }

    private static void requireObject(JsonNode body) throws BadRequest {
        if (body == null || !body.isObject()) {
            throw new BadRequest(400, null, "the request body must be a JSON object");
        }
    }

    private static List<String> strings(JsonNode body, String field, boolean required, int max) throws BadRequest {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new BadRequest(400, field, field + " is required: a string or a list of strings");
            }
            return List.of();
        }
        List<String> values = new ArrayList<>();
        if (value.isTextual()) {
            values.add(value.asText());
        } else if (value.isArray() && !value.isEmpty() && value.size() <= max) {
            for (JsonNode item : value) {
                if (!item.isTextual()) {
                    throw new BadRequest(400, field, field + " must hold strings only (token ids are not supported)");
                }
                values.add(item.asText());
            }
        } else {
            throw new BadRequest(400, field, field + " must be a string or a list of 1 to " + max + " strings");
        }
        return values;
    }

    private static int integer(JsonNode body, String field, int fallback, int min, int max) throws BadRequest {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < min || value.asInt() > max) {
            throw new BadRequest(
                    400, field, field + " must be an integer from " + min + " to " + max + ", not " + value);
        }
        return value.asInt();
    }

    private static double number(JsonNode body, String field, double fallback, double min, double max)
            throws BadRequest {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isNumber() || value.asDouble() < min || value.asDouble() > max) {
            throw new BadRequest(400, field, field + " must be a number from " + min + " to " + max + ", not " + value);
        }
        return value.asDouble();
    }

    private static double topP(JsonNode body) throws BadRequest {
        double topP = number(body, "top_p", 1.0, 0, 1);
        if (topP <= 0) {
            throw new BadRequest(400, "top_p", "top_p must be above 0 and at most 1");
        }
        return topP;
    }

    private static long seed(JsonNode body) throws BadRequest {
        JsonNode value = body.get("seed");
        if (value == null || value.isNull()) {
            return 0L;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new BadRequest(400, "seed", "seed must be an integer, not " + value);
        }
        return value.asLong();
    }
}
