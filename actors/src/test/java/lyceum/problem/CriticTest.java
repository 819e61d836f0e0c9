package lyceum.problem;

import static org.assertj.core.api.Assertions.assertThat;

import lyceum.events.ProblemEvent.ProblemRegistered;
import lyceum.experiment.config.ExperimentConfig;
import lyceum.experiment.config.ExperimentConfig.CriticKind;
import lyceum.experiment.config.ExperimentConfig.ReflectionDemand;
import lyceum.engine.GenerationRequest;
import lyceum.engine.ModelRef;
import org.junit.jupiter.api.Test;

class CriticTest {

  private static ExperimentConfig.Feedback critic(CriticKind kind, String model) {
    return new ExperimentConfig.Feedback(kind, model, 2, 1, true, 2, ReflectionDemand.CHECK_STEPS, false);
  }

  @Test
  void theStepCheckerIsTheDefaultAndAModelCriticWithoutAModelIsTheSampledOne() {
    assertThat(Critic.of(ExperimentConfig.Feedback.defaults(), ModelRef.local("m-3"))).isSameAs(StepCheckerCritic.INSTANCE);
    assertThat(Critic.of(ExperimentConfig.Feedback.defaults(), ModelRef.local("m-3")).version()).isEqualTo(StepCheckerCritic.VERSION);
    assertThat(Critic.of(critic(CriticKind.MODEL, ""), ModelRef.local("m-3"))).isEqualTo(new ModelCritic(ModelRef.local("m-3")));
    assertThat(Critic.of(critic(CriticKind.MODEL, "critic-ckpt"), ModelRef.local("m-3")).version()).isEqualTo("critic-ckpt");
  }

  @Test
  void aModelCriticIsAskedGreedilyForTheCritiqueFormat() {
    ProblemRegistered problem = new ProblemRegistered(
        "e", "p", "Bo has 2 coins and finds 3 more.", "5", "2 + 3 = 5\n#### 5", 1.0, 1, "train", "synthetic", "s", 1);

    GenerationRequest request = new ModelCritic(ModelRef.local("critic-ckpt")).request(Prompts.DEFAULT, "feedback~e~p~1~1~0", problem, "2 + 3 = 6\n#### 6", 96);

    assertThat(request.params().isGreedy()).isTrue();
    assertThat(request.params().maxTokens()).isEqualTo(96);
    assertThat(request.prompt()).startsWith("Bo has 2 coins and finds 3 more.\nAnswer:\n2 + 3 = 6\n#### 6\n")
        .contains("Reference answer: 5", "Step k: wrong - why", "Verdict: wrong")
        .endsWith("Critique:\n");
  }
}
