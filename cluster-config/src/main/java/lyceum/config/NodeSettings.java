package lyceum.config;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.List;

/** One cluster node: its address, roles, the seed nodes it joins and its data directory. */
public record NodeSettings(
        String systemName, String host, int port, List<String> roles, List<String> seedNodes, Path dataDir) {

    public static final String COORDINATOR = "coordinator";
    public static final String GPU = "gpu";
    /** Every role a node may have. */
    public static final List<String> ROLES = List.of(COORDINATOR, GPU);

    public NodeSettings {
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("lyceum.node.roles is empty: a node needs one or both of " + ROLES);
        }
        roles.forEach(role -> checkRole(role, "lyceum.node.roles"));
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

    /** Rejects a role that is not one of {@link #ROLES}; {@code where} names the setting or flag it came from. */
    public static void checkRole(String role, String where) {
        if (!ROLES.contains(role)) {
            throw new IllegalArgumentException(
                    where + ": unknown role '" + role + "'; the roles are " + String.join(" and ", ROLES));
        }
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }
}
