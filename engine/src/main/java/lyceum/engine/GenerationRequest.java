package lyceum.engine;

import java.util.List;

/**
 * One completion to produce. {@code requestId} is the sample id (or evaluation id) it answers.
 * {@code prompt} is the rendered text, which the in-process engine decodes from and whose hash is
 * journaled. {@code messages}, when not empty, is the same prompt as chat messages, sent to a chat
 * server as they are; a last assistant message is continued, not answered. {@code stop}: generation
 * ends before the first of these strings, which the text leaves out (as OpenAI's API does). Messages
 * of older nodes carry neither: empty.
 *
 * <p>{@code scoreText}, when not null, asks for no generation: the engine scores this text as the
 * completion of the prompt (teacher forcing) and answers with it, its token count and its mean token
 * log-prob under the model, as if the model had generated it and then ended (a reference rationale's
 * perplexity). An engine that cannot score answers with a NaN mean. Null in messages of older nodes.
 */
public record GenerationRequest(
        String requestId,
        String prompt,
        SamplingParams params,
        List<ChatMessage> messages,
        List<String> stop,
        String scoreText) {

    public GenerationRequest {
        messages = messages == null ? List.of() : List.copyOf(messages);
        stop = stop == null ? List.of() : List.copyOf(stop);
    }

    public GenerationRequest(
            String requestId, String prompt, SamplingParams params, List<ChatMessage> messages, List<String> stop) {
        this(requestId, prompt, params, messages, stop, null);
    }

    /** A completion prompt without stop strings. */
    public GenerationRequest(String requestId, String prompt, SamplingParams params) {
        this(requestId, prompt, params, List.of(), List.of());
    }

    /** The same prompt asking to score {@code text} instead of generating. */
    public GenerationRequest scoring(String text) {
        return new GenerationRequest(requestId, prompt, params, messages, stop, text);
    }

    /** Whether this request asks for {@link #scoreText} to be scored rather than for a generation. */
    public boolean scores() {
        return scoreText != null;
    }

    /** Whether the request is a chat whose last message, the assistant's, the model continues. */
    public boolean continuesFinalMessage() {
        return !messages.isEmpty()
                && ChatMessage.ASSISTANT.equals(
                        messages.get(messages.size() - 1).role());
    }
}
