package lyceum.experiment.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.List;
import lyceum.events.LyceumSerializable;
import lyceum.engine.ModelRef;
import lyceum.engine.OpenAiEndpoint;

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
      int maxTokens,
      Feedback feedback) {

    /** Samples drawn in a resample round. */
    public int samplesInRound(int round) {
      return round == 0 || resampleNum == 0 ? sampleNum : resampleNum;
    }

    /** Whether rounds after the first may happen at all. */
    public boolean resamples() {
      return name != StrategyName.VANILLA && maxResample > 0;
    }

    /** Whether resample rounds are conditioned on feedback about an earlier wrong sample. */
    public boolean usesFeedback() {
      return name == StrategyName.INTERACTIVE || name == StrategyName.CRITIQUE || name == StrategyName.REFLECTION;
    }
  }

  /**
   * Settings of the feedback strategies (interactive, critique, reflection).
   *
   * @param critic who judges a wrong sample: the step checker or a model
   * @param criticModel the critic model's version (a checkpoint id); blank = the model being sampled
   * @param refinements critique: refinements drawn per critique
   * @param acceptPerCritique critique: at most this many correct refinements of one critique are kept
   * @param useCritic critique: false refines after the bare signal "wrong", without step feedback
   * @param reflections reflection: reflections generated per wrong first trial
   * @param demand reflection: what the reflection is asked to do
   * @param conditionedTraining train refinements on the prompt they were generated with (critique or
   *     reflection included) instead of the plain question
   */
  public record Feedback(
      CriticKind critic,
      String criticModel,
      int refinements,
      int acceptPerCritique,
      boolean useCritic,
      int reflections,
      ReflectionDemand demand,
      boolean conditionedTraining) {

    /** Step checker critic, 2 refinements kept at most 1 per critique, 2 reflections checking steps, plain training. */
    public static Feedback defaults() {
      return new Feedback(CriticKind.STEP_CHECKER, "", 2, 1, true, 2, ReflectionDemand.CHECK_STEPS, false);
    }
  }

  public enum CriticKind {
    STEP_CHECKER("step-checker"),
    MODEL("model");

    private final String key;

    CriticKind(String key) {
      this.key = key;
    }

    public String key() {
      return key;
    }
  }

  /** ReflectEvo's demand types: what the reflection must examine before the second trial. */
  public enum ReflectionDemand {
    CHECK_STEPS("check-steps", "Check each step of the answer above, say which one is wrong and why."),
    PLAN("plan", "Say why the answer above is wrong and plan the steps of a correct solution.");

    private final String key;
    private final String instruction;

    ReflectionDemand(String key, String instruction) {
      this.key = key;
      this.instruction = instruction;
    }

    public String key() {
      return key;
    }

    public String instruction() {
      return instruction;
    }
  }

  /**
   * {@code requireValidSteps}: a correct sample whose reasoning was checked and does not hold (see
   * {@code Sampled.stepsValid}) is rejected; experiments journaled before it read false.
   */
  public record Acceptance(int quotaPerProblem, boolean deduplicate, boolean requireValidSteps) {
    public Acceptance(int quotaPerProblem, boolean deduplicate) {
      this(quotaPerProblem, deduplicate, false);
    }
  }

  /**
   * How each iteration trains. {@code backend} {@code command} runs the gpu node's trainer profile
   * {@code profile} (lyceum.trainers.NAME in the node's configuration). {@code command} and
   * {@code commandTimeout} are only read from experiments journaled when an experiment carried the
   * trainer's argv; a node no longer runs it.
   */
  public record Training(
      TrainFrom from,
      boolean includeOriginal,
      boolean includeEarlierIterations,
      int initialEpochs,
      int epochs,
      double learningRate,
      String backend,
      String profile,
      List<String> command,
      Duration commandTimeout) {

    /** What a journaled argv without a profile asks for: a name no node defines, so it is refused. */
    public static final String JOURNALED_ARGV = "(an argv journaled before trainer profiles)";

    /** The gpu node's trainer profile to run, or null for the node's own trainer. */
    public String trainerProfile() {
      if (!"command".equals(backend)) {
        return null;
      }
      return profile != null && !profile.isEmpty() ? profile : JOURNALED_ARGV;
    }
  }

  /**
   * How each model is evaluated: greedily, with {@code samples} sampled answers per problem from which
   * majority vote and best-of-N select (none when 0), and optionally with critique-then-refine of the
   * greedy answer ({@code refine}).
   */
  public record Evaluation(
      int maxTokens, boolean greedy, int samples, double temperature, double topP, Refine refine) {

    public Evaluation(int maxTokens, boolean greedy, int samples, double temperature, double topP) {
      this(maxTokens, greedy, samples, temperature, topP, Refine.OFF);
    }

    /** A configuration journaled before sampled evaluation or refinement existed reads without them. */
    @JsonCreator
    static Evaluation fromJson(
        @JsonProperty("maxTokens") int maxTokens,
        @JsonProperty("greedy") Boolean greedy,
        @JsonProperty("samples") int samples,
        @JsonProperty("temperature") double temperature,
        @JsonProperty("topP") double topP,
        @JsonProperty("refine") Refine refine) {
      Evaluation read = greedy == null ? greedyOnly(maxTokens) : new Evaluation(maxTokens, greedy, samples, temperature, topP);
      return refine == null ? read : new Evaluation(
          read.maxTokens(), read.greedy(), read.samples(), read.temperature(), read.topP(), refine);
    }

    /** Greedy evaluation alone, as before sampled evaluation existed. */
    public static Evaluation greedyOnly(int maxTokens) {
      return new Evaluation(maxTokens, true, 0, 0.0, 1.0);
    }
  }

  /**
   * Critique-then-refine at test time: a critic judges each greedy evaluation answer without the
   * grader's verdict, and an answer it finds wrong is refined greedily with the critique in the prompt.
   *
   * @param critic the step checker (it sees the reference rationale) or a model
   * @param criticModel the critic model's version; blank = the model being evaluated
   */
  public record Refine(boolean enabled, CriticKind critic, String criticModel) {

    public static final Refine OFF = new Refine(false, CriticKind.STEP_CHECKER, "");
  }

  /**
   * @param maxAttempts asks of one problem, or trainings of one iteration, before it counts as failed
   * @param retryBackoff the wait before the second attempt; it doubles with each further one
   */
  public record Runtime(
      int window,
      int progressEvery,
      Duration generationTimeout,
      Duration trainingTimeout,
      int maxAttempts,
      Duration retryBackoff) {

    private static final int MAX_ATTEMPTS = 5;
    private static final Duration RETRY_BACKOFF = Duration.ofSeconds(2);

    /** Configs journaled before these settings existed read them as 0 and null: the defaults then. */
    @JsonCreator
    static Runtime fromJson(
        @JsonProperty("window") int window,
        @JsonProperty("progressEvery") int progressEvery,
        @JsonProperty("generationTimeout") Duration generationTimeout,
        @JsonProperty("trainingTimeout") Duration trainingTimeout,
        @JsonProperty("maxAttempts") int maxAttempts,
        @JsonProperty("retryBackoff") Duration retryBackoff) {
      return new Runtime(window, progressEvery, generationTimeout, trainingTimeout,
          maxAttempts > 0 ? maxAttempts : MAX_ATTEMPTS, retryBackoff != null ? retryBackoff : RETRY_BACKOFF);
    }

    /** The wait before attempt {@code next} (2, 3, ...): the backoff doubled per attempt, at most 64 times. */
    public Duration backoffBefore(int next) {
      return retryBackoff.multipliedBy(1L << Math.min(Math.max(next - 2, 0), 6));
    }
  }

  public enum StrategyName {
    VANILLA("vanilla"),
    ANSWER_DRIVEN("answer-driven"),
    RATIONALE_DRIVEN("rationale-driven"),
    STATE_RESET("state-reset"),
    INTERACTIVE("interactive"),
    CRITIQUE("critique"),
    REFLECTION("reflection");

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
