package lyceum.problem;

import lyceum.events.ProblemEvent.ProblemRegistered;
import lyceum.engine.GenerationRequest;
import lyceum.engine.ModelRef;
import lyceum.engine.SamplingParams;

/**
 * A critic model behind the generation protocol (a second checkpoint, or an {@code openai} endpoint's
 * model): it is sent {@link Prompts#critiqueRequest} and its text is read with {@link Critique#parse}.
 * It judges greedily, so a repeated request gets the same critique.
 */
public record ModelCritic(ModelRef model) implements Critic {

  @Override
  public String version() {
    return model.engineName();
  }

  public GenerationRequest request(String requestId, ProblemRegistered problem, String solution, int maxTokens) {
    return new GenerationRequest(requestId, Prompts.critiqueRequest(problem.question(), problem.referenceAnswer(), solution),
        SamplingParams.greedy(maxTokens));
  }

  /** A test-time request: the critic judges {@code solution} without the reference answer. */
  public GenerationRequest blindRequest(String requestId, ProblemRegistered problem, String solution, int maxTokens) {
    return new GenerationRequest(requestId, Prompts.blindCritiqueRequest(problem.question(), solution),
        SamplingParams.greedy(maxTokens));
  }
}
