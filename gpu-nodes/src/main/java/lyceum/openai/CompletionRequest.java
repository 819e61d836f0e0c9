package lyceum.openai;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The fields of a POST /v1/completions that Lyceum's server honours, validated; a bad field is a 400
 * naming it. Fields it does not know (user, echo, penalties) are ignored, as other servers do.
 * {@code n} samples per prompt draw with seeds {@code seed}, {@code seed + 1}, ...
 */
record CompletionRequest(
    String model, List<String> prompts, int maxTokens, double temperature, double topP, long seed, int n,
    List<String> stop) {

  static final int MAX_TOKENS_LIMIT = 4096;

  static CompletionRequest parse(JsonNode body) throws BadRequest {
    if (body == null || !body.isObject()) {
      throw new BadRequest(400, null, "the request body must be a JSON object");
    }
    if (body.path("stream").asBoolean(false)) {
      throw new BadRequest(400, "stream", "stream is not supported");
    }
    JsonNode model = body.get("model");
    if (model != null && !model.isNull() && !model.isTextual()) {
      throw new BadRequest(400, "model", "model must be a string");
    }
    return new CompletionRequest(
        model == null || model.isNull() ? null : model.asText(),
        strings(body, "prompt", true, 1024),
        integer(body, "max_tokens", 16, 1, MAX_TOKENS_LIMIT),
        number(body, "temperature", 1.0, 0, 5),
        topP(body),
        seed(body),
        integer(body, "n", 1, 1, 128),
        strings(body, "stop", false, 4));
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
      throw new BadRequest(400, field, field + " must be an integer from " + min + " to " + max + ", not " + value);
    }
    return value.asInt();
  }

  private static double number(JsonNode body, String field, double fallback, double min, double max) throws BadRequest {
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
