package lyceum.cli;

import com.typesafe.config.Config;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import lyceum.dashboard.DashboardData;
import lyceum.dashboard.DashboardServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The live dashboard over the journal and the read side, until stopped. */
@Command(
        name = "ui",
        mixinStandardHelpOptions = true,
        description =
                "Serve a live web dashboard: experiments and their progress, every metric per iteration as charts,"
                        + " the problems behind a figure, a problem's history, a sample's audit, an iteration's training records,"
                        + " two experiments side by side. It reads the same Cassandra as the nodes (next to a running coordinator"
                        + " or on its own) and needs no network beyond it.",
        footer = {
            "",
            "Example:",
            "  LYCEUM_UI_TOKEN=s3cret lyceum ui --port 8080 --token-env LYCEUM_UI_TOKEN",
            "  then open http://127.0.0.1:8080/?token=s3cret once"
        })
final class UiCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Mixin
    ListenOptions listen;

    @Option(
            names = "--port",
            paramLabel = "PORT",
            defaultValue = "8080",
            description = "Port to listen on (default ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Override
    public Integer call() throws Exception {
        String token = listen.token();
        var c = config.startStorage();
        Running running = start(c, listen.host, port, token, System.err);
        StopSignal stop = new StopSignal("lyceum-ui-shutdown", running::close);
        System.out.println("http://" + listen.host + ":" + running.server().port() + "/");
        System.out.flush();
        System.err.println("stop it with Ctrl-C or SIGTERM");
        stop.await();
        return 0;
    }

    /** A dashboard serving, and the reads it serves from. */
    record Running(DashboardServer server, DashboardData data) implements AutoCloseable {
        @Override
        public void close() {
            server.close();
            data.close();
        }
    }

    /** Starts the dashboard over the configuration's Cassandra (for {@code lyceum ui} and {@code node --ui-port}). */
    static Running start(Config c, String host, int port, String token, PrintStream messages) throws Exception {
        DashboardData data = DashboardData.open(c);
        DashboardServer server;
        try {
            server = DashboardServer.start(new InetSocketAddress(host, port), data, token);
        } catch (Exception e) {
            data.close();
            throw new IllegalArgumentException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        ListenOptions.warnIfOpen(host, token, "the dashboard (every experiment)", messages);
        messages.println("dashboard on http://" + host + ":" + server.port() + "/");
        return new Running(server, data);
    }
}
