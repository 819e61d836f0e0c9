package lyceum.cassandra;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where Lyceum's Cassandra sessions connect. With {@code lyceum.cassandra.contact-points} empty, that is
 * the embedded node on loopback, at the ports and with the credentials recorded in its data directory
 * ({@link CassandraPorts}, {@link CassandraCredentials}); otherwise an external cluster, with optional
 * credentials taken from LYCEUM_CASSANDRA_USERNAME and LYCEUM_CASSANDRA_PASSWORD (through the config's
 * {@code ${?VAR}}), which the embedded node ignores.
 *
 * <p>{@code embeddedDataDir} names the embedded node's data directory; {@link #resolved()} reads it again
 * when a session opens, since the node may have been started (on other ports, with new credentials)
 * after these settings were made.
 */
public record CassandraClientSettings(
        boolean embedded,
        List<String> contactPoints,
        String localDatacenter,
        Optional<String> username,
        Optional<String> password,
        Optional<Path> embeddedDataDir) {

    public CassandraClientSettings {
        contactPoints = List.copyOf(contactPoints);
        contactPoints.forEach(CassandraClientSettings::address);
    }

    public static CassandraClientSettings fromConfig(Config config) {
        Config c = config.getConfig("lyceum.cassandra");
        List<String> configured = c.getStringList("contact-points");
        if (configured.isEmpty()) {
            return embedded(CassandraServerSettings.fromConfig(config));
        }
        return new CassandraClientSettings(
                false,
                configured,
                c.getString("local-datacenter"),
                optional(c, "username"),
                optional(c, "password"),
                Optional.empty());
    }

    /** The embedded node of this data directory: its recorded ports and credentials, if any yet. */
    public static CassandraClientSettings embedded(CassandraServerSettings server) {
        Path dataDir = server.dataDir();
        String contactPoint =
                CassandraPorts.read(dataDir).map(CassandraPorts::contactPoint).orElse(server.contactPoint());
        Optional<CassandraCredentials> credentials = CassandraCredentials.read(dataDir);
        return new CassandraClientSettings(
                true,
                List.of(contactPoint),
                CassandraServerSettings.DATACENTER,
                credentials.map(CassandraCredentials::username),
                credentials.map(CassandraCredentials::password),
                Optional.of(dataDir));
    }

    /** For the embedded node, the ports and credentials its data directory records now. */
    public CassandraClientSettings resolved() {
        if (embeddedDataDir.isEmpty()) {
            return this;
        }
        Path dataDir = embeddedDataDir.get();
        Optional<CassandraCredentials> credentials = CassandraCredentials.read(dataDir);
        return new CassandraClientSettings(
                true,
                CassandraPorts.read(dataDir).map(p -> List.of(p.contactPoint())).orElse(contactPoints),
                localDatacenter,
                credentials.map(CassandraCredentials::username),
                credentials.map(CassandraCredentials::password),
                embeddedDataDir);
    }

    /** These settings as the driver's own options, rooted at its {@code datastax-java-driver} section. */
    public Config driverConfig(boolean withCredentials) {
        Map<String, Object> values = new HashMap<>();
        values.put("basic.contact-points", contactPoints);
        values.put("basic.load-balancing-policy.local-datacenter", localDatacenter);
        if (withCredentials && authenticated()) {
            values.put("advanced.auth-provider.class", "PlainTextAuthProvider");
            values.put("advanced.auth-provider.username", username.get());
            values.put("advanced.auth-provider.password", password.orElse(""));
        }
        return ConfigFactory.parseMap(values, "Lyceum's Cassandra client settings");
    }

    public List<InetSocketAddress> addresses() {
        return contactPoints.stream().map(CassandraClientSettings::address).toList();
    }

    public boolean authenticated() {
        return username.isPresent();
    }

    /** "host:port"; the port defaults to CQL's 9042. */
    static InetSocketAddress address(String contactPoint) {
        int colon = contactPoint.lastIndexOf(':');
        if (colon < 0) {
            return InetSocketAddress.createUnresolved(contactPoint.strip(), 9042);
        }
        try {
            return InetSocketAddress.createUnresolved(
                    contactPoint.substring(0, colon).strip(),
                    Integer.parseInt(contactPoint.substring(colon + 1).strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("contact point '" + contactPoint + "' is not host:port", e);
        }
    }

    private static Optional<String> optional(Config c, String path) {
        return c.hasPath(path) && !c.getString(path).isBlank() ? Optional.of(c.getString(path)) : Optional.empty();
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return "CassandraClientSettings[embedded="
                + embedded
                + ", contactPoints="
                + contactPoints
                + ", localDatacenter="
                + localDatacenter
                + ", username="
                + username.orElse("(none)")
                + ", password="
                + (password.isPresent() ? "(set)" : "(none)")
                + embeddedDataDir.map(d -> ", embeddedDataDir=" + d).orElse("")
                + "]";
    }
}
