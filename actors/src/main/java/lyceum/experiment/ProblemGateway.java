package lyceum.experiment;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import lyceum.engine.ModelRef;
import lyceum.events.ProblemEvent.ProblemRegistered;
import lyceum.experiment.config.ExperimentConfig;
import lyceum.problem.ProblemActor;

/**
 * How the coordinator reaches the problems of an experiment. In a cluster: problem entities through
 * Cluster Sharding ({@link ShardedProblemGateway}). Every call may be repeated: problems answer
 * repeated work from their journal. Sampling and evaluation carry the problem's registration, which a
 * problem journals first if it has not yet: there is no registration call per problem.
 */
public interface ProblemGateway {

    CompletionStage<ProblemActor.SamplingSummary> runSampling(
            ProblemRegistered problem, int iteration, ModelRef model, ExperimentConfig config, Duration timeout);

    CompletionStage<ProblemActor.EvaluationSummary> evaluate(
            ProblemRegistered problem,
            int iteration,
            String split,
            ModelRef model,
            ExperimentConfig config,
            Duration timeout);

    CompletionStage<ProblemActor.TrainingData> collect(
            ProblemRegistered problem,
            int iteration,
            ExperimentConfig.Training training,
            ExperimentConfig.PromptTemplates prompts,
            Duration timeout);
}
