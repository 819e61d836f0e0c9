package lyceum.cli;

import com.typesafe.config.Config;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import lyceum.config.NodeSettings;
import lyceum.config.RemoteSecurity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Starts one cluster node and keeps it running until it is stopped. */
@Command(
        name = "node",
        mixinStandardHelpOptions = true,
        description = "Start a cluster node (coordinator, gpu or both) and run until stopped.")
final class NodeCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Option(
            names = "--role",
            paramLabel = "ROLE",
            description = "coordinator or gpu; repeat for both (default: the config's roles).")
    List<String> roles;

    @Option(
            names = "--host",
            description = "Address to bind (default: the config's lyceum.node.host). "
                    + "An address beyond loopback needs TLS (lyceum.remote.tls) or --insecure.")
    String host;

    @Option(names = "--port", description = "Cluster port (default: the config's lyceum.node.port).")
    Integer port;

    @Option(
            names = "--seed",
            paramLabel = "ADDRESS",
            description = "Seed node address, e.g. pekko://Lyceum@127.0.0.1:25520; repeatable.")
    List<String> seeds;

    @Option(
            names = "--insecure",
            description = "Allow plain TCP remoting on a non-loopback address: "
                    + "anyone who reaches the port can join the cluster. Prints a warning.")
    boolean insecure;

    @Option(
            names = "--ui-port",
            paramLabel = "PORT",
            description = "Also serve the dashboard (as lyceum ui) on this " + "port of --ui-host.")
    Integer uiPort;

    @Option(
            names = "--ui-host",
            paramLabel = "HOST",
            defaultValue = "127.0.0.1",
            description = "Address of the dashboard with --ui-port (default ${DEFAULT-VALUE}).")
    String uiHost;

    @Option(names = "--ui-token-env", paramLabel = "VAR", description = "As lyceum ui --token-env, for --ui-port.")
    String uiTokenEnv;

    @Override
    public Integer call() throws Exception {
        String uiToken = ListenOptions.token(uiTokenEnv, "--ui-token-env");
        Config nodeConfig = nodeConfig(System.err);
        LocalNode local = LocalNode.start(nodeConfig, System.err);
        UiCommand.Running ui;
        try {
            ui = uiPort == null ? null : UiCommand.start(nodeConfig, uiHost, uiPort, uiToken, System.err);
        } catch (Exception e) {
            local.close();
            throw e;
        }
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            if (ui != null) {
                                ui.close();
                            }
                            local.close();
                        },
                        "lyceum-node-shutdown"));
        System.err.println("node up with roles " + local.node().roles() + "; stop it with Ctrl-C or SIGTERM");
        local.node().system().getWhenTerminated().toCompletableFuture().get();
        return 0;
    }

    /**
     * The node's configuration from its flags, checked before anything starts: plain remoting beyond
     * loopback without --insecure and TLS without its passwords are refused; --insecure prints a warning.
     */
    Config nodeConfig(PrintStream warnings) {
        Map<String, Object> overrides = new HashMap<>();
        if (roles != null) {
            roles.forEach(role -> NodeSettings.checkRole(role, "--role"));
            overrides.put("lyceum.node.roles", roles);
        }
        if (host != null) {
            overrides.put("lyceum.node.host", host);
        }
        if (port != null) {
            overrides.put("lyceum.node.port", port);
        }
        if (seeds != null) {
            overrides.put("lyceum.node.seed-nodes", seeds);
        }
        if (insecure) {
            overrides.put("lyceum.remote.insecure", true);
        }
        Config loaded = config.load(overrides);
        RemoteSecurity.check(loaded).ifPresent(warnings::println);
        return loaded;
    }
}
