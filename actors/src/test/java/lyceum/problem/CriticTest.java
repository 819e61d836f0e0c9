package lyceum.problem;

import static org.assertj.core.api.Assertions.assertThat;

import lyceum.engine.GenerationRequest;
import lyceum.engine.ModelRef;
import lyceum.events.ProblemEvent.ProblemRegistered;
import lyceum.experiment.config.ExperimentConfig;
import lyceum.experiment.config.ModelSettings.CriticKind;
import lyceum.experiment.config.StrategySettings.ReflectionDemand;
import org.junit.jupiter.api.Test;

class CriticTest {

    private static ExperimentConfig.Feedback critic(CriticKind kind, String model) {
        return new ExperimentConfig.Feedback(
                kind, model, 2, 1, true, 2, ReflectionDemand.CHECK_STEPS, false, ExperimentConfig.CriticEndpoint.NONE);
    }

    @Test
    void theStepCheckerIsTheDefaultAndAModelCriticWithoutAModelIsTheSampledOne() {
        assertThat(Critic.of(ExperimentConfig.Feedback.defaults(), ModelRef.local("m-3")))
                .isSameAs(StepCheckerCritic.INSTANCE);
        assertThat(Critic.of(ExperimentConfig.Feedback.defaults(), ModelRef.local("m-3"))
                        .version())
                .isEqualTo(StepCheckerCritic.VERSION);
        assertThat(Critic.of(critic(CriticKind.MODEL, ""), ModelRef.local("m-3")))
                .isEqualTo(new ModelCritic(ModelRef.local("m-3")));
        assertThat(Critic.of(critic(CriticKind.MODEL, "critic-ckpt"), ModelRef.local("m-3"))
                        .version())
                .isEqualTo("critic-ckpt");
    }

    @Test
    void aModelCriticIsAskedGreedilyForTheCritiqueFormat() {
        ProblemRegistered problem = new ProblemRegistered(
                "e",
                "p",
                "Bo has 2 coins and finds 3 more.",
                "5",
                "2 + 3 = 5\n#### 5",
                1.0,
                1,
                "train",
                "synthetic",
                "s",
                1);

        GenerationRequest request = new ModelCritic(ModelRef.local("critic-ckpt"))
                .request(Prompts.DEFAULT, "feedback~e~p~1~1~0", problem, "2 + 3 = 6\n#### 6", 96);

        assertThat(request.params().isGreedy()).isTrue();
        assertThat(request.params().maxTokens()).isEqualTo(96);
        assertThat(request.prompt())
                .startsWith("Bo has 2 coins and finds 3 more.\nAnswer:\n2 + 3 = 6\n#### 6\n")
                .contains("Reference answer: 5", "Step k: wrong - why", "Verdict: wrong")
                .endsWith("Critique:\n");
    }

    @Test
    void aCriticWithItsOwnEndpointIsAskedThereAndOneWithoutWhereTheSampledModelIs() {
        java.time.Duration timeout = java.time.Duration.ofSeconds(30);
        ModelRef student = new ModelRef(
                "m-3", new lyceum.engine.OpenAiEndpoint("http://127.0.0.1:8000", "qwen-1.5b", 8, timeout, 2, ""));
        var own = new ExperimentConfig.CriticEndpoint("http://10.0.0.7:8001", "LYCEUM_API_KEY", 4, timeout, 3);
        var teacherFeedback = new ExperimentConfig.Feedback(
                CriticKind.MODEL, "qwen-72b", 2, 1, true, 2, ReflectionDemand.CHECK_STEPS, false, own);

        ModelRef teacher = ((ModelCritic) Critic.of(teacherFeedback, student)).model();
        assertThat(teacher.endpoint())
                .isEqualTo(new lyceum.engine.OpenAiEndpoint(
                        "http://10.0.0.7:8001", "qwen-72b", 4, timeout, 3, "LYCEUM_API_KEY"));
        assertThat(teacher.engineName()).isEqualTo("qwen-72b");
        assertThat(Critic.of(teacherFeedback, student).version()).isEqualTo("qwen-72b");
        // the evaluated model's own gpu nodes, and a critic on the student's endpoint, as before
        assertThat(((ModelCritic) Critic.of(teacherFeedback, ModelRef.local("m-3")))
                        .model()
                        .endpoint()
                        .url())
                .isEqualTo("http://10.0.0.7:8001");
        assertThat(((ModelCritic) Critic.of(critic(CriticKind.MODEL, "critic-ckpt"), student))
                        .model()
                        .endpoint())
                .isEqualTo(student.endpoint());
        var refine = new ExperimentConfig.Refine(true, CriticKind.MODEL, "qwen-72b", own);
        assertThat(((ModelCritic) Critic.of(refine, student)).model()).isEqualTo(teacher);
    }
}
