package lyceum.engine;

import java.util.List;

/**
 * One supervised example: the plain prompt (never a hint) and the completion to learn. {@code messages}
 * is the same prompt as chat messages for an experiment sampled in chat format (system, few-shot pairs,
 * the user's), so conversational training data holds what the model was sampled with; empty otherwise.
 */
public record TrainingExample(String sampleId, String prompt, String completion, List<ChatMessage> messages) {

    /** The sample id of a problem's reference rationale: this prefix, the experiment and the problem. */
    public static final String REFERENCE_PREFIX = "reference~";

    public TrainingExample {
        messages = messages == null ? List.of() : List.copyOf(messages);
    }

    public TrainingExample(String sampleId, String prompt, String completion) {
        this(sampleId, prompt, completion, List.of());
    }

    public static String referenceId(String experimentId, String problemId) {
        return REFERENCE_PREFIX + experimentId + "~" + problemId;
    }

    /**
     * Whether an example id is a problem's reference rationale rather than an accepted sample. Static, not
     * an accessor, so that it is no property of the example's JSON.
     */
    public static boolean isReference(String sampleId) {
        return sampleId.startsWith(REFERENCE_PREFIX);
    }
}
