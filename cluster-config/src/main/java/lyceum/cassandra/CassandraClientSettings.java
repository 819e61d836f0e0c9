package lyceum.cassandra;

import com.typesafe.config.Config;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;

/**
 * Where Lyceum's Cassandra sessions connect. With {@code lyceum.cassandra.contact-points} empty, that is
 * the embedded node on loopback; otherwise an external cluster, with optional credentials taken from
 * LYCEUM_CASSANDRA_USERNAME and LYCEUM_CASSANDRA_PASSWORD (through the config's {@code ${?VAR}}).
 */
public record CassandraClientSettings(
    boolean embedded,
    List<String> contactPoints,
    String localDatacenter,
    Optional<String> username,
    Optional<String> password) {

  public CassandraClientSettings {
    contactPoints = List.copyOf(contactPoints);
    contactPoints.forEach(CassandraClientSettings::address);
  }

  public static CassandraClientSettings fromConfig(Config config) {
    Config c = config.getConfig("lyceum.cassandra");
    List<String> configured = c.getStringList("contact-points");
    Optional<String> username = optional(c, "username");
    Optional<String> password = optional(c, "password");
    if (configured.isEmpty()) {
      CassandraServerSettings server = CassandraServerSettings.fromConfig(config);
      return new CassandraClientSettings(
          true, List.of(server.contactPoint()), CassandraServerSettings.DATACENTER, username, password);
    }
    return new CassandraClientSettings(
        false, configured, c.getString("local-datacenter"), username, password);
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
      throw new IllegalArgumentException(
          "contact point '" + contactPoint + "' is not host:port", e);
    }
  }

  private static Optional<String> optional(Config c, String path) {
    return c.hasPath(path) && !c.getString(path).isBlank()
        ? Optional.of(c.getString(path))
        : Optional.empty();
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
        + "]";
  }
}
