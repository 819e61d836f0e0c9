package lyceum.cli;

import com.typesafe.config.Config;
import java.util.concurrent.Callable;
import lyceum.cassandra.CassandraClientSettings;
import lyceum.cassandra.CassandraCredentials;
import lyceum.cassandra.CassandraPorts;
import lyceum.cassandra.CassandraServerSettings;
import lyceum.cassandra.CassandraStatus;
import lyceum.cassandra.EmbeddedCassandra;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Start, stop and query the embedded Cassandra 5 (or query the configured external cluster). */
@Command(
        name = "cassandra",
        mixinStandardHelpOptions = true,
        description = "Manage the embedded Cassandra 5 node.",
        subcommands = {CassandraCommand.Start.class, CassandraCommand.Stop.class, CassandraCommand.Status.class})
final class CassandraCommand implements Runnable {

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.err);
    }

    /** What every subcommand takes: the node configuration, and --json for its status. */
    abstract static class Subcommand implements Callable<Integer> {
        @Mixin
        ConfigOptions config;

        @Option(names = "--json", description = "Print one JSON object.")
        boolean json;

        void report(CassandraStatus status) {
            Json.print(json, status, () -> status + System.lineSeparator());
        }
    }

    @Command(
            name = "start",
            mixinStandardHelpOptions = true,
            description = "Start the embedded Cassandra in the background (or reuse the running one).")
    static final class Start extends Subcommand {
        @Override
        public Integer call() {
            Config c = config.load();
            if (!CassandraClientSettings.fromConfig(c).embedded()) {
                throw new IllegalArgumentException(
                        "lyceum.cassandra.contact-points names an external cluster; the embedded node is not used");
            }
            System.err.println("starting the embedded Cassandra under "
                    + CassandraServerSettings.fromConfig(c).dataDir() + " ...");
            EmbeddedCassandra cassandra =
                    EmbeddedCassandra.start(CassandraServerSettings.fromConfig(c), EmbeddedCassandra.Lifetime.DETACHED);
            if (cassandra.reused()) {
                System.err.println("reusing the running node (pid " + cassandra.pid() + ")");
            }
            System.err.println("Lyceum's login is in "
                    + CassandraCredentials.path(cassandra.settings().dataDir()) + ", its ports in "
                    + CassandraPorts.path(cassandra.settings().dataDir()));
            report(cassandra.status());
            return 0;
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop the embedded Cassandra.")
    static final class Stop extends Subcommand {
        @Override
        public Integer call() {
            CassandraServerSettings server = CassandraServerSettings.fromConfig(config.load());
            boolean stopped = EmbeddedCassandra.stop(server);
            if (!json) {
                System.err.println(stopped ? "stopped" : "no embedded Cassandra was running");
            }
            report(EmbeddedCassandra.status(server));
            return 0;
        }
    }

    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            description = "Whether Cassandra answers, where, and its version.")
    static final class Status extends Subcommand {
        @Override
        public Integer call() {
            Config c = config.load();
            CassandraClientSettings client = CassandraClientSettings.fromConfig(c);
            CassandraStatus status = client.embedded()
                    ? EmbeddedCassandra.status(CassandraServerSettings.fromConfig(c))
                    : CassandraStatus.check(client);
            report(status);
            return 0;
        }
    }
}
