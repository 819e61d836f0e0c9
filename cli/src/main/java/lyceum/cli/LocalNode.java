package lyceum.cli;

import com.datastax.oss.driver.api.core.CqlSession;
import com.typesafe.config.Config;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import lyceum.cassandra.CassandraClientSettings;
import lyceum.cassandra.CassandraServerSettings;
import lyceum.cassandra.CqlSessions;
import lyceum.cassandra.EmbeddedCassandra;
import lyceum.cassandra.LyceumKeyspaces;
import lyceum.cassandra.LyceumSchema;
import lyceum.cassandra.Replication;
import lyceum.config.NodeSettings;
import lyceum.experiment.DatasetCatalog;
import lyceum.model.CheckpointStore;
import lyceum.model.DjlGenerator;
import lyceum.model.DjlTrainer;
import lyceum.node.LyceumNode;
import lyceum.node.WorkerEngines;
import lyceum.openai.OpenAiClients;
import lyceum.projections.ReadSideProjections;
import lyceum.serving.CheckpointLocator;
import lyceum.serving.DeviceHandoverTrainer;
import lyceum.serving.ManagedServerGenerator;
import lyceum.serving.ServerSettings;
import lyceum.workers.GenerationWorker;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * A Lyceum node in this JVM with what it needs: Cassandra (the embedded node unless contact points
 * name a cluster), Lyceum's tables, the model engines on a gpu node, and the cluster itself.
 */
final class LocalNode implements AutoCloseable {

    private final LyceumNode node;
    private final NodeSettings settings;
    private final WorkerEngines engines;

    private LocalNode(LyceumNode node, NodeSettings settings, WorkerEngines engines) {
        this.node = node;
        this.settings = settings;
        this.engines = engines;
    }

    static LocalNode start(Config config, PrintStream progress) {
        NodeSettings settings = NodeSettings.fromConfig(config);
        startStorage(config, progress);
        WorkerEngines engines = WorkerEngines.none();
        if (settings.hasRole(NodeSettings.GPU)) {
            engines = gpuEngines(config, settings, progress);
        }
        progress.println(
                "starting node " + settings.host() + ":" + settings.port() + " with roles " + settings.roles());
        LyceumNode node =
                LyceumNode.start(settings.systemName(), config, new DatasetCatalog(), settings.dataDir(), engines);
        if (settings.hasRole(NodeSettings.COORDINATOR)) {
            ReadSideProjections.init(node.system());
        }
        return new LocalNode(node, settings, engines);
    }

    /**
     * The model engines of a gpu node: the in-process model, or, when the node's configuration names a
     * server command ({@value ServerSettings#PATH}), one managed inference server per device, which the
     * node's trainer stops (or puts to sleep) before it trains.
     */
    private static WorkerEngines gpuEngines(Config config, NodeSettings settings, PrintStream progress) {
        CheckpointStore checkpoints = new CheckpointStore(settings.dataDir().resolve("checkpoints"));
        ServerSettings servers = ServerSettings.fromConfig(config);
        if (!servers.enabled()) {
            return new WorkerEngines(
                    List.of(new DjlGenerator(checkpoints)), List.of(new DjlTrainer(checkpoints)), new OpenAiClients());
        }
        CheckpointLocator locator = new CheckpointLocator(servers.models(), checkpoints, settings.dataDir());
        List<ManagedServerGenerator> managed = servers.devices().stream()
                .map(device -> new ManagedServerGenerator(servers, device, locator))
                .toList();
        progress.println(
                "managed inference servers (reload = " + servers.reload().name().toLowerCase(java.util.Locale.ROOT)
                        + ") on devices " + servers.devices() + ": " + String.join(" ", servers.command()));
        return new WorkerEngines(
                List.copyOf(managed),
                List.of(new DeviceHandoverTrainer(new DjlTrainer(checkpoints), managed)),
                new OpenAiClients());
    }

    /**
     * Starts (or reuses) the embedded Cassandra when no cluster is configured, and creates the tables.
     */
    static void startStorage(Config config, PrintStream progress) {
        CassandraClientSettings client = CassandraClientSettings.fromConfig(config);
        if (client.embedded()) {
            CassandraServerSettings server = CassandraServerSettings.fromConfig(config);
            progress.println("starting the embedded Cassandra 5 under " + server.dataDir() + " ...");
            // It outlives this command, so the next one (metrics, report, audit) finds it running.
            EmbeddedCassandra cassandra = EmbeddedCassandra.start(server, EmbeddedCassandra.Lifetime.DETACHED);
            progress.println((cassandra.reused() ? "reusing " : "started ") + "Cassandra " + cassandra.version()
                    + " on " + cassandra.contactPoint()
                    + (cassandra.reused() ? "" : " (`lyceum cassandra stop` stops it)"));
        }
        try (CqlSession session = CqlSessions.open(client)) {
            LyceumSchema.create(session, LyceumKeyspaces.fromConfig(config), Replication.fromConfig(config));
        }
    }

    LyceumNode node() {
        return node;
    }

    Path dataDir() {
        return settings.dataDir();
    }

    /** Waits until a worker of the given kind is registered somewhere in the cluster. */
    <T> void awaitWorker(ServiceKey<T> key, Duration within, String what) {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                Receptionist.Listing listing = AskPattern.<Receptionist.Command, Receptionist.Listing>ask(
                                node.system().receptionist(),
                                r -> Receptionist.find(key, r),
                                Duration.ofSeconds(3),
                                node.system().scheduler())
                        .toCompletableFuture()
                        .get(5, TimeUnit.SECONDS);
                Set<?> instances = listing.getServiceInstances(key);
                if (!instances.isEmpty()) {
                    return;
                }
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted");
            } catch (Exception e) {
                // the receptionist answers once the node has joined; ask again
            }
        }
        throw new IllegalStateException("no " + what + " joined the cluster within " + within.toSeconds()
                + " s: start a node with role gpu (lyceum node --role gpu) or give this node that role");
    }

    void awaitGenerationWorker(Duration within) {
        awaitWorker(GenerationWorker.KEY, within, "generation worker");
    }

    @Override
    public void close() {
        node.close();
        // Managed servers are child processes: stop them with the node.
        engines.generators().stream()
                .filter(ManagedServerGenerator.class::isInstance)
                .forEach(generator -> ((ManagedServerGenerator) generator).close());
    }
}
