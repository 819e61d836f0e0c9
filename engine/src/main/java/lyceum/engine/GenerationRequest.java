package lyceum.engine;

import java.util.List;

/**
 * One completion to produce. {@code requestId} is the sample id (or evaluation id) it answers.
 * {@code prompt} is the rendered text, which the in-process engine decodes from and whose hash is
 * journaled. {@code messages}, when not empty, is the same prompt as chat messages, sent to a chat
 * server as they are; a last assistant message is continued, not answered. {@code stop}: generation
 * ends before the first of these strings, which the text leaves out (as OpenAI's API does). Messages
 * of older nodes carry neither: empty.
 */
public record GenerationRequest(
    String requestId, String prompt, SamplingParams params, List<ChatMessage> messages, List<String> stop) {

  public GenerationRequest {
    messages = messages == null ? List.of() : List.copyOf(messages);
    stop = stop == null ? List.of() : List.copyOf(stop);
  }

  /** A completion prompt without stop strings. */
  public GenerationRequest(String requestId, String prompt, SamplingParams params) {
    this(requestId, prompt, params, List.of(), List.of());
  }

  /** Whether the request is a chat whose last message, the assistant's, the model continues. */
  public boolean continuesFinalMessage() {
    return !messages.isEmpty() && ChatMessage.ASSISTANT.equals(messages.get(messages.size() - 1).role());
  }
}
