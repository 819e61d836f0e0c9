package lyceum.cli;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import lyceum.config.NodeSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Starts one cluster node and keeps it running until it is stopped. */
@Command(name = "node", mixinStandardHelpOptions = true,
    description = "Start a cluster node (coordinator, gpu or both) and run until stopped.")
final class NodeCommand implements Callable<Integer> {

  @Mixin ConfigOptions config;

  @Option(names = "--role", paramLabel = "ROLE", description = "coordinator or gpu; repeat for both (default: the config's roles).")
  List<String> roles;

  @Option(names = "--host", description = "Address to bind (default: the config's lyceum.node.host).")
  String host;

  @Option(names = "--port", description = "Cluster port (default: the config's lyceum.node.port).")
  Integer port;

  @Option(names = "--seed", paramLabel = "ADDRESS", description = "Seed node address, e.g. pekko://Lyceum@127.0.0.1:25520; repeatable.")
  List<String> seeds;

  @Override
  public Integer call() throws Exception {
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
    LocalNode local = LocalNode.start(config.load(overrides), System.err);
    Runtime.getRuntime().addShutdownHook(new Thread(local::close, "lyceum-node-shutdown"));
    System.err.println("node up with roles " + local.node().roles() + "; stop it with Ctrl-C or SIGTERM");
    local.node().system().getWhenTerminated().toCompletableFuture().get();
    return 0;
  }
}
