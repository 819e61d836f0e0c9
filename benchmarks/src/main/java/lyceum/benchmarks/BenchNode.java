package lyceum.benchmarks;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import lyceum.config.LyceumConfig;
import lyceum.config.NodeSettings;
import lyceum.engine.Generator;
import lyceum.experiment.DatasetCatalog;
import lyceum.node.LyceumNode;
import lyceum.node.WorkerEngines;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;

/** A one-node Lyceum cluster on a {@link BenchCassandra}, with the given generators as its devices. */
final class BenchNode implements AutoCloseable {

    private static final Duration UP_TIMEOUT = Duration.ofSeconds(60);

    private final LyceumNode node;

    private BenchNode(LyceumNode node) {
        this.node = node;
    }

    /** Lyceum's configuration under {@code overrides}, for an actor system that runs local, without Cassandra. */
    static Config localConfig(Config overrides) {
        return ConfigFactory.parseString("pekko.actor.provider = local")
                .withFallback(LyceumConfig.load(Optional.empty(), overrides));
    }

    static BenchNode start(BenchCassandra cassandra, List<Generator> generators) {
        Config config = cassandra.nodeConfig();
        LyceumNode node = LyceumNode.start(
                NodeSettings.fromConfig(config).systemName(),
                config,
                new DatasetCatalog(),
                cassandra.nodeDataDir(),
                new WorkerEngines(generators, List.of()));
        awaitUp(node);
        return new BenchNode(node);
    }

    LyceumNode node() {
        return node;
    }

    private static void awaitUp(LyceumNode node) {
        Cluster cluster = Cluster.get(node.system());
        long deadline = System.nanoTime() + UP_TIMEOUT.toNanos();
        while (cluster.selfMember().status() != MemberStatus.up()) {
            if (System.nanoTime() > deadline) {
                node.close();
                throw new IllegalStateException("the benchmark node did not join itself within " + UP_TIMEOUT);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                node.close();
                throw new IllegalStateException("interrupted while starting the benchmark node", e);
            }
        }
    }

    @Override
    public void close() {
        node.close();
    }
}
