package lyceum.engine;

/** One supervised example: the plain prompt (never a hint) and the completion to learn. */
public record TrainingExample(String sampleId, String prompt, String completion) {}
