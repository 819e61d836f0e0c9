package lyceum.config;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.List;

/** One cluster node: its address, roles, the seed nodes it joins and its data directory. */
public record NodeSettings(
    String systemName,
    String host,
    int port,
    List<String> roles,
    List<String> seedNodes,
    Path dataDir) {

  public static final String COORDINATOR = "coordinator";
  public static final String GPU = "gpu";

  public NodeSettings {
    roles = List.copyOf(roles);
    seedNodes = List.copyOf(seedNodes);
    dataDir = dataDir.toAbsolutePath().normalize();
  }

  public static NodeSettings fromConfig(Config config) {
    Config node = config.getConfig("lyceum.node");
    return new NodeSettings(
        config.getString("lyceum.system-name"),
        node.getString("host"),
        node.getInt("port"),
        node.getStringList("roles"),
        node.getStringList("seed-nodes"),
        Path.of(node.getString("data-dir")));
  }

  public boolean hasRole(String role) {
    return roles.contains(role);
  }
}
