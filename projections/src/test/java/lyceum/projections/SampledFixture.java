package lyceum.projections;

import lyceum.events.ProblemEvent.Sampled;

/**
 * A {@link Sampled} event for tests: a test sets the fields it looks at, the rest keep a placeholder. Shared
 * through this module's test jar by the modules that read journals (replay tools, the command line).
 */
public final class SampledFixture {

    private String experimentId = "e";
    private String problemId = "p";
    private String sampleId;
    private int iteration = 1;
    private int round;
    private int index;
    private String strategy = "vanilla";
    private String hintId;
    private String modelVersion = "m0";
    private String workerNode = "n";
    private double temperature = 0.7;
    private double topP = 0.95;
    private int maxTokens = 64;
    private long seed = 1L;
    private String promptHash = "h";
    private String text = "#### 5";
    private int tokenCount = 5;
    private double meanLogProb = -0.5;
    private String extractedAnswer = "5";
    private String graderVersion = "g";
    private boolean correct = true;
    private long latencyMillis = 1L;
    private Boolean stepsValid;

    /** Sample {@code sampleId} of {@code problemId} in {@code experimentId}, iteration 1, round 0, index 0. */
    public static SampledFixture sample(String experimentId, String problemId, String sampleId) {
        SampledFixture fixture = new SampledFixture();
        fixture.experimentId = experimentId;
        fixture.problemId = problemId;
        fixture.sampleId = sampleId;
        return fixture;
    }

    public SampledFixture at(int iteration, int round, int index) {
        this.iteration = iteration;
        this.round = round;
        this.index = index;
        return this;
    }

    public SampledFixture strategy(String strategy, String hintId) {
        this.strategy = strategy;
        this.hintId = hintId;
        return this;
    }

    public SampledFixture model(String modelVersion, String workerNode) {
        this.modelVersion = modelVersion;
        this.workerNode = workerNode;
        return this;
    }

    public SampledFixture params(double temperature, double topP, int maxTokens, long seed, String promptHash) {
        this.temperature = temperature;
        this.topP = topP;
        this.maxTokens = maxTokens;
        this.seed = seed;
        this.promptHash = promptHash;
        return this;
    }

    public SampledFixture text(String text, int tokenCount, double meanLogProb) {
        this.text = text;
        this.tokenCount = tokenCount;
        this.meanLogProb = meanLogProb;
        return this;
    }

    public SampledFixture text(String text) {
        this.text = text;
        return this;
    }

    public SampledFixture graded(String extractedAnswer, String graderVersion, boolean correct) {
        this.extractedAnswer = extractedAnswer;
        this.graderVersion = graderVersion;
        this.correct = correct;
        return this;
    }

    public SampledFixture latency(long latencyMillis) {
        this.latencyMillis = latencyMillis;
        return this;
    }

    public SampledFixture stepsValid(Boolean stepsValid) {
        this.stepsValid = stepsValid;
        return this;
    }

    public Sampled build() {
        return new Sampled(
                experimentId,
                problemId,
                sampleId,
                iteration,
                round,
                index,
                strategy,
                hintId,
                modelVersion,
                workerNode,
                temperature,
                topP,
                maxTokens,
                seed,
                promptHash,
                text,
                tokenCount,
                meanLogProb,
                false,
                extractedAnswer,
                graderVersion,
                correct,
                latencyMillis,
                stepsValid);
    }
}
