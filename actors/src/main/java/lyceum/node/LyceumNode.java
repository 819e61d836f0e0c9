package lyceum.node;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import lyceum.config.ActorSystems;
import lyceum.config.RemoteSecurity;
import lyceum.engine.EndpointClients;
import lyceum.experiment.ExperimentActor;
import lyceum.experiment.ProblemCatalog;
import lyceum.experiment.config.ExperimentConfig;
import lyceum.grading.Grader;
import lyceum.problem.Grading;
import lyceum.problem.GradingSettings;
import lyceum.problem.ProblemSharding;
import lyceum.workers.GenerationPool;
import lyceum.workers.GenerationSettings;
import lyceum.workers.GenerationWorker;
import lyceum.workers.TrainerProfiles;
import lyceum.workers.TrainingWorker;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.ClusterSingletonSettings;
import org.apache.pekko.cluster.typed.SingletonActor;
import org.slf4j.LoggerFactory;

/**
 * One Lyceum cluster node. With the {@code coordinator} role it hosts experiments, problems and the
 * generation pool; with the {@code gpu} role it runs one generation and one training worker per device.
 */
public final class LyceumNode implements AutoCloseable {

    public static final String COORDINATOR = "coordinator";
    public static final String GPU = "gpu";

    private final ActorSystem<Void> system;
    private final ClusterSharding sharding;
    private final List<String> allowedTokenVariables;

    private LyceumNode(ActorSystem<Void> system, ClusterSharding sharding, List<String> allowedTokenVariables) {
        this.system = system;
        this.sharding = sharding;
        this.allowedTokenVariables = allowedTokenVariables;
    }

    /**
     * Starts the node from a complete config (cluster, persistence and serialization settings resolved).
     * The catalog and data folder serve the coordinator role; the engines serve the gpu role.
     */
    public static LyceumNode start(
            String systemName, Config config, ProblemCatalog catalog, Path dataDir, WorkerEngines engines) {
        requireSecureRemoting(config);
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), systemName, config);
        try {
            Cluster cluster = Cluster.get(system);
            if (config.getStringList("pekko.cluster.seed-nodes").isEmpty()) {
                // No seed nodes configured: this node forms a cluster of its own.
                cluster.manager()
                        .tell(org.apache.pekko.cluster.typed.Join.create(
                                cluster.selfMember().address()));
            }
            Set<String> roles = cluster.selfMember().getRoles();
            String nodeName = cluster.selfMember().address().hostPort();
            ClusterSharding sharding = ClusterSharding.get(system);
            GenerationSettings generation = GenerationSettings.fromConfig(config);
            List<String> allowedTokenVariables = config.getStringList(EndpointClients.ALLOWED_TOKEN_ENV);

            if (roles.contains(GPU)) {
                int device = 0;
                // the engines' endpoint clients read only the token variables this node allows
                EndpointClients endpoints = EndpointClients.allowingTokens(engines.endpoints(), allowedTokenVariables);
                for (var generator : engines.generators()) {
                    system.systemActorOf(
                            GenerationWorker.create(generator, endpoints, nodeName, generation),
                            "generation-worker-" + device++,
                            org.apache.pekko.actor.typed.Props.empty());
                }
                device = 0;
                TrainerProfiles profiles = TrainerProfiles.fromConfig(config);
                for (var trainer : engines.trainers()) {
                    system.systemActorOf(
                            TrainingWorker.create(trainer, profiles, nodeName),
                            "training-worker-" + device++,
                            org.apache.pekko.actor.typed.Props.empty());
                }
            }

            ActorRef<GenerationPool.Command> pool = ClusterSingleton.get(system)
                    .init(SingletonActor.of(GenerationPool.create(generation.pool()), "generation-pool")
                            .withSettings(
                                    ClusterSingletonSettings.create(system).withRole(COORDINATOR)));
            Grading grading = Grading.of(system, Grader.standard(), GradingSettings.fromConfig(config));
            sharding.init(
                    ProblemSharding.fromConfig(config).entity(pool, grading).withRole(COORDINATOR));
            ExperimentActor.Dependencies deps = new ExperimentActor.Dependencies(
                    new lyceum.experiment.ShardedProblemGateway(sharding), catalog, dataDir);
            sharding.init(Entity.of(ExperimentActor.ENTITY_KEY, ctx -> ExperimentActor.create(ctx.getEntityId(), deps))
                    .withRole(COORDINATOR)
                    .withSettings(ClusterShardingSettings.create(system)
                            .withRole(COORDINATOR)
                            .withRememberEntities(true)
                            .withRememberEntitiesStoreMode(
                                    ClusterShardingSettings.RememberEntitiesStoreModeEventSourced$.MODULE$)));
            return new LyceumNode(system, sharding, allowedTokenVariables);
        } catch (RuntimeException e) {
            system.terminate();
            throw e;
        }
    }

    /** Refuses plain remoting beyond loopback and TLS without its passwords; warns when insecure is chosen. */
    private static void requireSecureRemoting(Config config) {
        RemoteSecurity.check(config)
                .ifPresent(warning -> LoggerFactory.getLogger(LyceumNode.class).warn(warning));
    }

    public ActorSystem<Void> system() {
        return system;
    }

    public ClusterSharding sharding() {
        return sharding;
    }

    /**
     * Starts an experiment, unless it names a token variable this node does not allow (for its model or a
     * critic's own endpoint): the gpu nodes would
     * refuse it too, and the user learns it now rather than from a failed run.
     */
    public CompletionStage<ExperimentActor.StartReply> startExperiment(
            String experimentId, ExperimentConfig config, String codeVersion) {
        var refusal = EndpointClients.tokenRefusal(
                        EndpointClients.TOKEN_KEY, config.model().apiKeyEnv(), allowedTokenVariables)
                .or(() -> EndpointClients.tokenRefusal(
                        "experiment.strategy.critic.api-key-env",
                        config.strategy().feedback().criticEndpoint().apiKeyEnv(),
                        allowedTokenVariables))
                .or(() -> EndpointClients.tokenRefusal(
                        "experiment.evaluation.refine.critic.api-key-env",
                        config.evaluation().refine().criticEndpoint().apiKeyEnv(),
                        allowedTokenVariables));
        if (refusal.isPresent()) {
            return CompletableFuture.completedFuture(new ExperimentActor.StartRejected(experimentId, refusal.get()));
        }
        return sharding.entityRefFor(ExperimentActor.ENTITY_KEY, experimentId)
                .ask(r -> new ExperimentActor.Start(config, codeVersion, r), Duration.ofSeconds(30));
    }

    public CompletionStage<ExperimentActor.Status> status(String experimentId) {
        return sharding.entityRefFor(ExperimentActor.ENTITY_KEY, experimentId)
                .ask(ExperimentActor.GetStatus::new, Duration.ofSeconds(10));
    }

    public List<String> roles() {
        return List.copyOf(Cluster.get(system).selfMember().getRoles());
    }

    @Override
    public void close() {
        ActorSystems.terminate(system);
    }
}
