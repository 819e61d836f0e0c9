package lyceum.experiment;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import lyceum.engine.ModelRef;
import lyceum.events.ProblemEvent.ProblemRegistered;
import lyceum.experiment.config.ExperimentConfig;
import lyceum.problem.ProblemActor;
import org.apache.pekko.Done;

/**
 * How the coordinator reaches the problems of an experiment. In a cluster: problem entities through
 * Cluster Sharding ({@link ShardedProblemGateway}). Every call may be repeated: problems answer
 * repeated work from their journal.
 */
public interface ProblemGateway {

    CompletionStage<Done> register(ProblemRegistered problem, Duration timeout);

    CompletionStage<ProblemActor.SamplingSummary> runSampling(
            String experimentId,
            String problemId,
            int iteration,
            ModelRef model,
            ExperimentConfig config,
            Duration timeout);

    CompletionStage<ProblemActor.EvaluationSummary> evaluate(
            String experimentId,
            String problemId,
            int iteration,
            String split,
            ModelRef model,
            ExperimentConfig config,
            Duration timeout);

    CompletionStage<ProblemActor.TrainingData> collect(
            String experimentId,
            String problemId,
            int iteration,
            ExperimentConfig.Training training,
            ExperimentConfig.PromptTemplates prompts,
            Duration timeout);
}
