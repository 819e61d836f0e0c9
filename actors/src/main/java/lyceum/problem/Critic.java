package lyceum.problem;

import lyceum.experiment.ExperimentConfig;
import lyceum.experiment.ExperimentConfig.CriticKind;

/**
 * Who judges a wrong sample, step by step, in the {@link Critique} format: the deterministic
 * {@link StepCheckerCritic} for step-wise arithmetic, or a {@link ModelCritic} asked through the same
 * generation protocol as the student. The interactive teacher and the critique strategy both use it.
 */
public sealed interface Critic permits StepCheckerCritic, ModelCritic {

  /** Names the critic in the journal (Hinted.source, Corrected.criticModelVersion). */
  String version();

  /** The configured critic; a model critic without a model of its own is the model being sampled. */
  static Critic of(ExperimentConfig.Feedback feedback, String sampledModel) {
    return feedback.critic() == CriticKind.MODEL
        ? new ModelCritic(feedback.criticModel().isBlank() ? sampledModel : feedback.criticModel())
        : StepCheckerCritic.INSTANCE;
  }
}
