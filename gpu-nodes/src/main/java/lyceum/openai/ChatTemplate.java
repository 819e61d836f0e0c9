package lyceum.openai;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * The chat template of Lyceum's own character model. That model is trained on plain text, a question
 * line and its answer, and has never seen role markers, so the template writes none: each message's
 * content in order, each ending with a newline (one is added when missing), and the model's reply
 * follows. One user message therefore renders exactly as the completion prompt experiments use
 * ({@code "What is 2 + 3?\n"}), and a system message or earlier turns read as lines before it. With
 * {@code continue_final_message} (vLLM's name for it) a last assistant message is left open, without its
 * newline, and the model continues it. Content is a string or a list of text parts.
 */
final class ChatTemplate {
    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant");

    private ChatTemplate() {}

    static String render(JsonNode messages, boolean continueFinalMessage) throws BadRequest {
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw new BadRequest(400, "messages", "messages is required: a list of at least one {role, content}");
        }
        StringBuilder prompt = new StringBuilder();
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            String role = message.path("role").asText("");
            if (!ROLES.contains(role)) {
                throw new BadRequest(
                        400,
                        "messages[" + i + "].role",
                        "messages[" + i + "].role must be one of " + ROLES + ", not '" + role + "'");
            }
            String content = content(message.get("content"), i);
            prompt.append(content);
            boolean open = continueFinalMessage && i == messages.size() - 1;
            if (open && !role.equals("assistant")) {
                throw new BadRequest(
                        400,
                        "continue_final_message",
                        "continue_final_message needs the last message to be the assistant's, not the " + role + "'s");
            }
            if (!open && !content.endsWith("\n")) {
                prompt.append('\n');
            }
        }
        return prompt.toString();
    }

    private static String content(JsonNode content, int index) throws BadRequest {
        if (content != null && content.isTextual()) {
            return content.asText();
        }
        if (content != null && content.isArray()) {
            StringBuilder text = new StringBuilder();
            for (JsonNode part : content) {
                if (!"text".equals(part.path("type").asText())
                        || !part.path("text").isTextual()) {
                    throw new BadRequest(
                            400,
                            "messages[" + index + "].content",
                            "messages[" + index + "].content may hold text parts only ({type: text, text})");
                }
                text.append(part.path("text").asText());
            }
            return text.toString();
        }
        throw new BadRequest(
                400,
                "messages[" + index + "].content",
                "messages[" + index + "].content must be a string or a list of text parts");
    }
}
