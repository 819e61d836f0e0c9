package lyceum.experiment.config;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import lyceum.engine.OpenAiEndpoint;
import lyceum.experiment.config.DataSettings.Dataset;
import lyceum.experiment.config.ModelSettings.CriticEndpoint;
import lyceum.experiment.config.ModelSettings.CriticKind;
import lyceum.experiment.config.ModelSettings.Model;
import lyceum.experiment.config.PromptSettings.PromptTemplates;
import lyceum.experiment.config.PromptSettings.PromptTemplates.Example;
import lyceum.experiment.config.PromptSettings.PromptTemplates.Template;
import lyceum.experiment.config.RuntimeSettings.Runtime;
import lyceum.experiment.config.StrategySettings.Acceptance;
import lyceum.experiment.config.StrategySettings.Feedback;
import lyceum.experiment.config.StrategySettings.ReflectionDemand;
import lyceum.experiment.config.StrategySettings.Strategy;
import lyceum.experiment.config.StrategySettings.StrategyName;
import lyceum.experiment.config.TrainingSettings.TrainFrom;
import lyceum.experiment.config.TrainingSettings.Training;
import lyceum.grading.GraderSettings;

/**
 * The experiment file as experiment-defaults.conf writes it: each component is a key (its name in
 * kebab-case), bound by {@link ConfigBinding}. Blocks the file writes as they are journaled (dataset,
 * model, acceptance, runtime) bind straight into {@link ExperimentConfig}'s records; the blocks below
 * group their keys for the reader of the file and are turned into the journaled records here.
 */
record ExperimentFile(
        String name,
        long seed,
        List<Long> seeds,
        int iterations,
        Dataset dataset,
        Model model,
        StrategyBlock strategy,
        Acceptance acceptance,
        Map<String, String> grading,
        TrainingBlock training,
        EvaluationBlock evaluation,
        PromptsBlock prompts,
        Runtime runtime) {

    /** The whole file: every setting lives under {@code experiment}. */
    record Root(ExperimentFile experiment) {}

    /**
     * @param fewShotFromFile the examples of {@code prompts.few-shot-file}
     * @param graded the dataset's grader settings with the file's {@code grading} keys applied
     */
    ExperimentConfig toConfig(List<Example> fewShotFromFile, GraderSettings graded) {
        return new ExperimentConfig(
                name,
                seed,
                iterations,
                dataset,
                model,
                strategy.toStrategy(model),
                acceptance,
                training.toTraining(),
                evaluation.toEvaluation(model),
                runtime,
                prompts.toTemplates(fewShotFromFile),
                graded);
    }

    /** A critic: the step checker, or a model asked where the sampled model is or on its own server. */
    record Critic(CriticKind kind, String model, String endpoint, String apiKeyEnv) {

        /** Its own server under the experiment's model limits; none when neither URL nor token is set. */
        CriticEndpoint ownEndpoint(Model limits) {
            return endpoint.isEmpty() && apiKeyEnv.isEmpty()
                    ? CriticEndpoint.NONE
                    : new CriticEndpoint(
                            endpoint, apiKeyEnv, limits.concurrency(), limits.requestTimeout(), limits.maxRetries());
        }
    }

    record Critique(int refinements, int acceptPerCritique, boolean useCritic) {}

    record Reflection(int count, ReflectionDemand demand) {}

    /** What feedback-derived samples train on: the question alone, or the prompt they were generated with. */
    enum TrainPrompt {
        PLAIN,
        CONDITIONED
    }

    record StrategyBlock(
            StrategyName name,
            int sampleNum,
            int minCorrect,
            int maxResample,
            int resampleNum,
            double temperature,
            double topP,
            int maxTokens,
            Critic critic,
            Critique critique,
            Reflection reflection,
            TrainPrompt trainPrompt) {

        Strategy toStrategy(Model limits) {
            Feedback feedback = new Feedback(
                    critic.kind(),
                    critic.model(),
                    critique.refinements(),
                    critique.acceptPerCritique(),
                    critique.useCritic(),
                    reflection.count(),
                    reflection.demand(),
                    trainPrompt == TrainPrompt.CONDITIONED,
                    critic.ownEndpoint(limits));
            return new Strategy(
                    name, sampleNum, minCorrect, maxResample, resampleNum, temperature, topP, maxTokens, feedback);
        }
    }

    /**
     * {@code initialEpochs}, {@code epochs} and {@code learningRate} may be null: the djl trainer's own
     * settings ({@code djl}), or for a training command none (0, its placeholders empty). {@code command}
     * and {@code commandTimeout} are only there to be refused (see {@link ExperimentRules}).
     */
    record TrainingBlock(
            TrainFrom from,
            boolean includeOriginal,
            boolean includeEarlierIterations,
            @JsonSetter(nulls = Nulls.SET) Integer initialEpochs,
            @JsonSetter(nulls = Nulls.SET) Integer epochs,
            @JsonSetter(nulls = Nulls.SET) Double learningRate,
            @JsonSetter(nulls = Nulls.SET) Double fineTuneLearningRate,
            String backend,
            String profile,
            String dataFormat,
            @JsonSetter(nulls = Nulls.SET) Object command,
            @JsonSetter(nulls = Nulls.SET) Object commandTimeout,
            DjlTrainer djl) {

        boolean trainsInProcess() {
            return !"command".equals(backend);
        }

        Training toTraining() {
            DjlTrainer unset = trainsInProcess() ? djl : new DjlTrainer(0, 0, 0.0);
            return new Training(
                    from,
                    includeOriginal,
                    includeEarlierIterations,
                    initialEpochs != null ? initialEpochs : unset.initialEpochs(),
                    epochs != null ? epochs : unset.epochs(),
                    learningRate != null ? learningRate : unset.learningRate(),
                    backend,
                    profile,
                    // Set only by the journaled experiments of older versions; a file may not (see ExperimentRules).
                    List.of(),
                    null,
                    dataFormat,
                    fineTuneLearningRate);
        }
    }

    /** The djl trainer's settings where the experiment leaves them null. */
    record DjlTrainer(int initialEpochs, int epochs, double learningRate) {}

    record EvaluationBlock(
            int maxTokens, boolean greedy, int samples, double temperature, double topP, RefineBlock refine) {

        EvaluationSettings.Evaluation toEvaluation(Model limits) {
            return new EvaluationSettings.Evaluation(
                    maxTokens,
                    greedy,
                    samples,
                    temperature,
                    topP,
                    new EvaluationSettings.Refine(
                            refine.enabled(),
                            refine.critic().kind(),
                            refine.critic().model(),
                            refine.critic().ownEndpoint(limits)));
        }
    }

    record RefineBlock(boolean enabled, Critic critic) {}

    /** One role's template, as the file writes it. */
    record TemplateBlock(String template, List<String> stop, int maxTokens) {
        Template toTemplate() {
            return new Template(template, stop, maxTokens);
        }
    }

    record PromptsBlock(
            OpenAiEndpoint.Format format,
            String system,
            List<Example> fewShot,
            String fewShotFile,
            List<String> stop,
            boolean continueFinalMessage,
            TemplateBlock sample,
            TemplateBlock answerHint,
            TemplateBlock rationaleGuide,
            TemplateBlock stateReset,
            TemplateBlock critique,
            TemplateBlock blindCritique,
            TemplateBlock reflection,
            TemplateBlock revision) {

        /** @param fromFile the examples of {@code few-shot-file}, after the inline ones */
        PromptTemplates toTemplates(List<Example> fromFile) {
            List<Example> examples = new ArrayList<>(fewShot);
            examples.addAll(fromFile);
            return new PromptTemplates(
                    format,
                    system,
                    examples,
                    continueFinalMessage,
                    sample.toTemplate(),
                    answerHint.toTemplate(),
                    rationaleGuide.toTemplate(),
                    stateReset.toTemplate(),
                    critique.toTemplate(),
                    blindCritique.toTemplate(),
                    reflection.toTemplate(),
                    revision.toTemplate());
        }
    }
}
