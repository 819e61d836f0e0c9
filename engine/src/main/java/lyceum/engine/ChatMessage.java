package lyceum.engine;

/** One message of a chat prompt: {@code role} is system, user or assistant. */
public record ChatMessage(String role, String content) {
    public static final String SYSTEM = "system";
    public static final String USER = "user";
    public static final String ASSISTANT = "assistant";
}
