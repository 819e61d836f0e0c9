package lyceum.experiment.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import lyceum.experiment.config.ModelSettings.CriticEndpoint;
import lyceum.experiment.config.ModelSettings.CriticKind;

/**
 * How each model is evaluated ({@code experiment.evaluation}). {@link ExperimentConfig} implements it, so its
 * records keep their names {@code ExperimentConfig.Evaluation} and so on.
 */
public interface EvaluationSettings {

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
            Evaluation read = greedy == null
                    ? greedyOnly(maxTokens)
                    : new Evaluation(maxTokens, greedy, samples, temperature, topP);
            return refine == null
                    ? read
                    : new Evaluation(
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
     * @param criticEndpoint the critic's own server, or none
     */
    public record Refine(boolean enabled, CriticKind critic, String criticModel, CriticEndpoint criticEndpoint) {

        public static final Refine OFF = new Refine(false, CriticKind.STEP_CHECKER, "");

        public Refine {
            criticEndpoint = criticEndpoint == null ? CriticEndpoint.NONE : criticEndpoint;
        }

        /** A model critic served where the evaluated model is. */
        public Refine(boolean enabled, CriticKind critic, String criticModel) {
            this(enabled, critic, criticModel, CriticEndpoint.NONE);
        }
    }
}
