package lyceum.problem;

import lyceum.engine.GenerationRequest;
import lyceum.engine.ModelRef;
import lyceum.engine.SamplingParams;
import lyceum.events.ProblemEvent.ProblemRegistered;

/**
 * A critic model behind the generation protocol (a second checkpoint, or an {@code openai} endpoint's
 * model): it is sent {@link Prompts#critique} and its text is read with {@link Critique#parse}.
 * It judges greedily, so a repeated request gets the same critique.
 */
public record ModelCritic(ModelRef model) implements Critic {

    @Override
    public String version() {
        return model.engineName();
    }

    public GenerationRequest request(
            Prompts prompts, String requestId, ProblemRegistered problem, String solution, int maxTokens) {
        return prompts.critique(problem.question(), problem.referenceAnswer(), solution)
                .request(requestId, SamplingParams.greedy(maxTokens));
    }

    /** A test-time request: the critic judges {@code solution} without the reference answer. */
    public GenerationRequest blindRequest(
            Prompts prompts, String requestId, ProblemRegistered problem, String solution, int maxTokens) {
        return prompts.blindCritique(problem.question(), solution).request(requestId, SamplingParams.greedy(maxTokens));
    }
}
