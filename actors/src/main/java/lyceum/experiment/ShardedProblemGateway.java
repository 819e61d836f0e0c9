package lyceum.experiment;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import lyceum.engine.ModelRef;
import lyceum.events.ProblemEvent.ProblemRegistered;
import lyceum.experiment.config.ExperimentConfig;
import lyceum.problem.ProblemActor;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;

/** Problems as Cluster Sharding entities, one per (experiment, problem). */
public final class ShardedProblemGateway implements ProblemGateway {

    private final ClusterSharding sharding;

    public ShardedProblemGateway(ClusterSharding sharding) {
        this.sharding = sharding;
    }

    private EntityRef<ProblemActor.Command> ref(String experimentId, String problemId) {
        return sharding.entityRefFor(ProblemActor.ENTITY_KEY, ProblemActor.entityId(experimentId, problemId));
    }

    @Override
    public CompletionStage<ProblemActor.SamplingSummary> runSampling(
            ProblemRegistered problem, int iteration, ModelRef model, ExperimentConfig config, Duration timeout) {
        return ref(problem.experimentId(), problem.problemId())
                .ask(
                        r -> new ProblemActor.RunSampling(
                                iteration,
                                model,
                                config.strategy(),
                                config.acceptance(),
                                r,
                                config.prompts(),
                                config.seed(),
                                problem),
                        timeout);
    }

    @Override
    public CompletionStage<ProblemActor.EvaluationSummary> evaluate(
            ProblemRegistered problem,
            int iteration,
            String split,
            ModelRef model,
            ExperimentConfig config,
            Duration timeout) {
        return ref(problem.experimentId(), problem.problemId())
                .ask(
                        r -> new ProblemActor.Evaluate(
                                iteration,
                                split,
                                model,
                                config.evaluation(),
                                r,
                                config.prompts(),
                                config.seed(),
                                problem),
                        timeout);
    }

    @Override
    public CompletionStage<ProblemActor.TrainingData> collect(
            ProblemRegistered problem,
            int iteration,
            ExperimentConfig.Training training,
            ExperimentConfig.PromptTemplates prompts,
            Duration timeout) {
        return ref(problem.experimentId(), problem.problemId())
                .ask(
                        r -> new ProblemActor.CollectTrainingData(
                                iteration,
                                training.includeOriginal(),
                                training.includeEarlierIterations(),
                                r,
                                prompts,
                                problem),
                        timeout);
    }
}
