package lyceum.problem;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import lyceum.engine.ChatMessage;
import lyceum.engine.TrainingExample;
import lyceum.events.ProblemEvent.Accepted;
import lyceum.events.ProblemEvent.ProblemRegistered;
import lyceum.events.SampleId;
import lyceum.problem.ProblemActor.CollectTrainingData;
import lyceum.problem.ProblemActor.TrainingData;
import lyceum.problem.ProblemState.Registered;

/** A problem's training examples for an iteration: the reference rationale and the accepted samples. */
final class TrainingDataCollection {

    private TrainingDataCollection() {}

    static TrainingData collect(Registered state, CollectTrainingData cmd) {
        List<TrainingExample> examples = new ArrayList<>();
        ProblemRegistered p = state.problem();
        Prompts prompts = Prompts.of(cmd.prompts());
        Prompts.Prompt plain = prompts.sample(p.question());
        if ((cmd.iteration() == 0 || cmd.includeOriginal()) && p.referenceRationale() != null) {
            examples.add(new TrainingExample(
                    TrainingExample.referenceId(p.experimentId(), p.problemId()),
                    plain.text(),
                    p.referenceRationale(),
                    messages(plain)));
        }
        new TreeMap<>(state.iterations()).forEach((t, it) -> {
            if (t == cmd.iteration() || (cmd.includeEarlierIterations() && t < cmd.iteration())) {
                it.accepted.forEach(a -> examples.add(new TrainingExample(
                        a.sampleId(),
                        a.trainingPrompt(),
                        a.trainingCompletion(),
                        messages(trainingPrompt(a, p, it, prompts, plain)))));
            }
        });
        return new TrainingData(p.problemId(), examples);
    }

    /** The prompt an accepted sample trains with: the plain one, or (conditioned) the one it was drawn with. */
    private static Prompts.Prompt trainingPrompt(
            Accepted a, ProblemRegistered p, IterationJournal it, Prompts prompts, Prompts.Prompt plain) {
        if (!plain.chat() || a.trainingPrompt().equals(plain.text())) {
            return plain;
        }
        SampleId id = SampleId.parse(a.sampleId());
        Prompts.Prompt drawn = SampleEvents.promptFor(prompts, p, it, it.hintFor(id.round(), id.index()));
        return drawn.text().equals(a.trainingPrompt()) ? drawn : plain;
    }

    /**
     * A chat prompt's messages without a state reset's assistant start: the completion to learn already
     * begins with it (a sample's text is the prefix and what the model wrote after it).
     */
    private static List<ChatMessage> messages(Prompts.Prompt prompt) {
        if (!prompt.chat()) {
            return List.of();
        }
        List<ChatMessage> m = prompt.messages();
        boolean continued = !m.isEmpty() && m.get(m.size() - 1).role().equals(ChatMessage.ASSISTANT);
        return continued ? m.subList(0, m.size() - 1) : m;
    }
}
