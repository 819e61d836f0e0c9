package lyceum.experiment;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.List;
import lyceum.events.LyceumSerializable;
import lyceum.workers.ModelRef;
import lyceum.workers.OpenAiEndpoint;
import lyceum.workers.TrainingCommand;

/**
 * An experiment as its file describes it, validated. Journaled whole in ExperimentStarted, so a run can
 * always say exactly what it was asked to do.
 */
public record ExperimentConfig(
    String name,
    long seed,
    int iterations,
    Dataset dataset,
    Model model,
    Strategy strategy,
    Acceptance acceptance,
    Training training,
    Evaluation evaluation,
    Runtime runtime)
    implements LyceumSerializable {

  public record Dataset(
      String name,
      String path,
      String questionField,
      String answerField,
      String rationaleField,
      String difficultyField,
      String idField,
      int trainCount,
      int testCount,
      int heldInCount,
      Synthetic synthetic) {}

  public record Synthetic(int trainCount, int testCount, int minSteps, int maxSteps, int maxOperand) {}

  /** Where generation runs: {@code djl} on the gpu nodes' own engine, or an {@code openai} endpoint. */
  public record Model(
      String backend,
      String endpoint,
      String modelName,
      int concurrency,
      Duration requestTimeout,
      int maxRetries,
      String apiKeyEnv) {

    /** A model version as this backend generates from it. */
    public ModelRef ref(String version) {
      // Experiments journaled before the backend settings existed read them as null: the node's own engine.
      return "openai".equals(backend)
          ? new ModelRef(version, new OpenAiEndpoint(endpoint, modelName, concurrency, requestTimeout, maxRetries, apiKeyEnv))
          : ModelRef.local(version);
    }
  }

  public record Strategy(
      StrategyName name,
      int sampleNum,
      int minCorrect,
      int maxResample,
      int resampleNum,
      double temperature,
      double topP,
      int maxTokens) {

    /** Samples drawn in a resample round. */
    public int samplesInRound(int round) {
      return round == 0 || resampleNum == 0 ? sampleNum : resampleNum;
    }

    /** Whether rounds after the first may happen at all. */
    public boolean resamples() {
      return name != StrategyName.VANILLA && maxResample > 0;
    }
  }

  public record Acceptance(int quotaPerProblem, boolean deduplicate) {}

  public record Training(
      TrainFrom from,
      boolean includeOriginal,
      boolean includeEarlierIterations,
      int initialEpochs,
      int epochs,
      double learningRate,
      String backend,
      List<String> command,
      Duration commandTimeout) {

    /** The external trainer to run, or null for the gpu node's own. */
    public TrainingCommand trainingCommand() {
      return "command".equals(backend) ? new TrainingCommand(command, commandTimeout) : null;
    }
  }

  /**
   * How each model is evaluated: greedily, and with {@code samples} sampled answers per problem from
   * which majority vote and best-of-N select (none when 0).
   */
  public record Evaluation(int maxTokens, boolean greedy, int samples, double temperature, double topP) {

    /** A configuration journaled before sampled evaluation existed reads as greedy only. */
    @JsonCreator
    static Evaluation fromJson(
        @JsonProperty("maxTokens") int maxTokens,
        @JsonProperty("greedy") Boolean greedy,
        @JsonProperty("samples") int samples,
        @JsonProperty("temperature") double temperature,
        @JsonProperty("topP") double topP) {
      return greedy == null ? greedyOnly(maxTokens) : new Evaluation(maxTokens, greedy, samples, temperature, topP);
    }

    /** Greedy evaluation alone, as before sampled evaluation existed. */
    public static Evaluation greedyOnly(int maxTokens) {
      return new Evaluation(maxTokens, true, 0, 0.0, 1.0);
    }
  }

  public record Runtime(
      int window,
      int progressEvery,
      Duration generationTimeout,
      Duration trainingTimeout,
      int maxAttempts) {}

  public enum StrategyName {
    VANILLA("vanilla"),
    ANSWER_DRIVEN("answer-driven"),
    RATIONALE_DRIVEN("rationale-driven"),
    STATE_RESET("state-reset"),
    INTERACTIVE("interactive");

    private final String key;

    StrategyName(String key) {
      this.key = key;
    }

    public String key() {
      return key;
    }
  }

  public enum TrainFrom {
    BASE,
    PREVIOUS
  }
}
