package lyceum.engine;

import java.util.List;

/**
 * One supervised example: the plain prompt (never a hint) and the completion to learn. {@code messages}
 * is the same prompt as chat messages for an experiment sampled in chat format (system, few-shot pairs,
 * the user's), so conversational training data holds what the model was sampled with; empty otherwise.
 */
public record TrainingExample(String sampleId, String prompt, String completion, List<ChatMessage> messages) {

  public TrainingExample {
    messages = messages == null ? List.of() : List.copyOf(messages);
  }

  public TrainingExample(String sampleId, String prompt, String completion) {
    this(sampleId, prompt, completion, List.of());
  }
}
