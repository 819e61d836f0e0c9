package lyceum.experiment.config;

import lyceum.events.LyceumSerializable;
import lyceum.grading.GraderSettings;

/**
 * An experiment as its file describes it, validated. Journaled whole in ExperimentStarted, so a run can
 * always say exactly what it was asked to do. Its parts are declared per concern in the interfaces it
 * implements ({@link DataSettings}, {@link StrategySettings}, ...) and bound from the experiment file by
 * {@link ExperimentConfigLoader}.
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
        Runtime runtime,
        PromptTemplates prompts,
        GraderSettings grading)
        implements LyceumSerializable,
                DataSettings,
                ModelSettings,
                StrategySettings,
                TrainingSettings,
                EvaluationSettings,
                RuntimeSettings,
                PromptSettings {

    /**
     * Experiments journaled before prompt templates existed were sampled with {@link PromptTemplates#LEGACY};
     * those journaled before grading settings were graded with {@link GraderSettings#MATH}. {@code grading}
     * is resolved: the dataset's defaults with the experiment file's {@code grading} keys applied.
     */
    public ExperimentConfig {
        prompts = prompts == null ? PromptTemplates.LEGACY : prompts;
        grading = grading == null ? GraderSettings.MATH : grading;
    }

    /** The same experiment under another seed: one run of a seed group. */
    public ExperimentConfig withSeed(long otherSeed) {
        return new ExperimentConfig(
                name,
                otherSeed,
                iterations,
                dataset,
                model,
                strategy,
                acceptance,
                training,
                evaluation,
                runtime,
                prompts,
                grading);
    }
}
