package lyceum.engine;

/** How one sample is drawn. The seed is derived from the sample id, so a retry draws the same sample. */
public record SamplingParams(double temperature, double topP, int maxTokens, long seed) {
    public static SamplingParams greedy(int maxTokens) {
        return new SamplingParams(0.0, 1.0, maxTokens, 0L);
    }

    public boolean isGreedy() {
        return temperature <= 0.0;
    }
}
