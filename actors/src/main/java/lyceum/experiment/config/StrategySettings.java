package lyceum.experiment.config;

import lyceum.experiment.config.ModelSettings.CriticEndpoint;
import lyceum.experiment.config.ModelSettings.CriticKind;

/**
 * How problems are sampled and which samples are kept ({@code experiment.strategy}, {@code experiment.acceptance}). {@link ExperimentConfig} implements it, so its
 * records keep their names {@code ExperimentConfig.StrategyName} and so on.
 */
public interface StrategySettings {

    public enum StrategyName {
        VANILLA,
        ANSWER_DRIVEN,
        RATIONALE_DRIVEN,
        STATE_RESET,
        INTERACTIVE,
        CRITIQUE,
        REFLECTION;

        /** Its name in an experiment file. */
        public String key() {
            return KebabCase.of(this);
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
     * @param criticModel the critic model's version (a checkpoint id, or the model name on its own endpoint);
     *     blank = the model being sampled
     * @param refinements critique: refinements drawn per critique
     * @param acceptPerCritique critique: at most this many correct refinements of one critique are kept
     * @param useCritic critique: false refines after the bare signal "wrong", without step feedback
     * @param reflections reflection: reflections generated per wrong first trial
     * @param demand reflection: what the reflection is asked to do
     * @param conditionedTraining train refinements on the prompt they were generated with (critique or
     *     reflection included) instead of the plain question
     * @param criticEndpoint the critic's own server, or none
     */
    public record Feedback(
            CriticKind critic,
            String criticModel,
            int refinements,
            int acceptPerCritique,
            boolean useCritic,
            int reflections,
            ReflectionDemand demand,
            boolean conditionedTraining,
            CriticEndpoint criticEndpoint) {

        public Feedback {
            criticEndpoint = criticEndpoint == null ? CriticEndpoint.NONE : criticEndpoint;
        }

        /** The feedback settings of experiment-defaults.conf. */
        public static Feedback defaults() {
            return ExperimentConfigLoader.defaults().strategy().feedback();
        }
    }

    /** ReflectEvo's demand types: what the reflection must examine before the second trial. */
    public enum ReflectionDemand {
        CHECK_STEPS("Check each step of the answer above, say which one is wrong and why."),
        PLAN("Say why the answer above is wrong and plan the steps of a correct solution.");

        private final String instruction;

        ReflectionDemand(String instruction) {
            this.instruction = instruction;
        }

        /** Its name in an experiment file. */
        public String key() {
            return KebabCase.of(this);
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
}
