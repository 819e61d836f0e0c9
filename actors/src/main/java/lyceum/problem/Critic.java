package lyceum.problem;

import lyceum.engine.ModelRef;
import lyceum.experiment.config.ExperimentConfig;
import lyceum.experiment.config.ModelSettings.CriticEndpoint;
import lyceum.experiment.config.ModelSettings.CriticKind;

/**
 * Who judges a wrong sample, step by step, in the {@link Critique} format: the deterministic
 * {@link StepCheckerCritic} for step-wise arithmetic, or a {@link ModelCritic} asked through the same
 * generation protocol as the student. The interactive teacher, the critique strategy and test-time
 * critique-then-refine use it.
 */
public sealed interface Critic permits StepCheckerCritic, ModelCritic {

    /** Names the critic in the journal (Hinted.source, Corrected.criticModelVersion). */
    String version();

    /**
     * The configured critic; a model critic without a model of its own is the model being sampled; one
     * with its own model is asked on its own endpoint when it names one, else where the sampled model is
     * served (the gpu nodes' engine or the same endpoint).
     */
    static Critic of(ExperimentConfig.Feedback feedback, ModelRef sampledModel) {
        return of(feedback.critic(), feedback.criticModel(), feedback.criticEndpoint(), sampledModel);
    }

    /** The critic of test-time critique-then-refine, configured as the strategy's critic is. */
    static Critic of(ExperimentConfig.Refine refine, ModelRef evaluatedModel) {
        return of(refine.critic(), refine.criticModel(), refine.criticEndpoint(), evaluatedModel);
    }

    private static Critic of(CriticKind kind, String criticModel, CriticEndpoint own, ModelRef sampledModel) {
        if (kind != CriticKind.MODEL) {
            return StepCheckerCritic.INSTANCE;
        }
        if (criticModel.isBlank()) {
            return new ModelCritic(sampledModel);
        }
        return new ModelCritic(own.ref(criticModel, new ModelRef(criticModel, sampledModel.endpoint())));
    }
}
