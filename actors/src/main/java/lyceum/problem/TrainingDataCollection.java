package lyceum.problem;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import lyceum.engine.TrainingExample;
import lyceum.events.ProblemEvent.ProblemRegistered;
import lyceum.problem.ProblemActor.CollectTrainingData;
import lyceum.problem.ProblemActor.Registered;
import lyceum.problem.ProblemActor.TrainingData;

/** A problem's training examples for an iteration: the reference rationale and the accepted samples. */
final class TrainingDataCollection {

  private TrainingDataCollection() {}

  static TrainingData collect(Registered state, CollectTrainingData cmd) {
    List<TrainingExample> examples = new ArrayList<>();
    ProblemRegistered p = state.problem();
    if ((cmd.iteration() == 0 || cmd.includeOriginal()) && p.referenceRationale() != null) {
      examples.add(new TrainingExample("reference~" + p.experimentId() + "~" + p.problemId(),
          Prompts.of(cmd.prompts()).sample(p.question()).text(), p.referenceRationale()));
    }
    new TreeMap<>(state.iterations()).forEach((t, it) -> {
      if (t == cmd.iteration() || (cmd.includeEarlierIterations() && t < cmd.iteration())) {
        it.accepted.forEach(a -> examples.add(new TrainingExample(a.sampleId(), a.trainingPrompt(), a.trainingCompletion())));
      }
    });
    return new TrainingData(p.problemId(), examples);
  }
}
