package lyceum.engine;

/** One completion to produce. {@code requestId} is the sample id (or evaluation id) it answers. */
public record GenerationRequest(String requestId, String prompt, SamplingParams params) {}
