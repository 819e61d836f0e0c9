package lyceum.config;

import com.typesafe.config.Config;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether a node may start its remoting as configured. Remoting that binds beyond loopback carries
 * cluster membership and work (training among it), so it needs TLS with mutual authentication, or an
 * explicit {@code lyceum.remote.insecure}. With TLS on, every store password must come from its
 * environment variable: Pekko would otherwise fall back to its built-in default password silently.
 */
public record RemoteSecurity(String bindHost, boolean tls, boolean mutualAuthentication, boolean insecure) {

    public static final String KEY_STORE_PASSWORD_ENV = "LYCEUM_TLS_KEY_STORE_PASSWORD";
    public static final String TRUST_STORE_PASSWORD_ENV = "LYCEUM_TLS_TRUST_STORE_PASSWORD";

    /** The address Artery binds: its bind hostname when set, else the canonical one. */
    public static RemoteSecurity fromConfig(Config config) {
        String bind = config.getString("pekko.remote.artery.bind.hostname");
        return new RemoteSecurity(
                bind.isBlank() ? config.getString("pekko.remote.artery.canonical.hostname") : bind,
                config.getBoolean("lyceum.remote.tls.enabled"),
                config.getBoolean("pekko.remote.artery.ssl.config-ssl-engine.require-mutual-authentication"),
                config.getBoolean("lyceum.remote.insecure"));
    }

    /**
     * Refuses a configuration a node must not start with (an IllegalArgumentException naming the setting,
     * flag or variable to fix); returns the warning to print for an insecure one.
     */
    public static Optional<String> check(Config config) {
        RemoteSecurity remote = fromConfig(config);
        if (remote.tls()) {
            requireTlsMaterial(config);
            if (!remote.mutualAuthentication()) {
                throw new IllegalArgumentException(
                        "pekko.remote.artery.ssl.config-ssl-engine.require-mutual-authentication is off: with TLS on, "
                                + "Lyceum requires both nodes of a connection to present a trusted certificate");
            }
            return Optional.empty();
        }
        if (isLoopback(remote.bindHost())) {
            return Optional.empty();
        }
        if (!remote.insecure()) {
            throw new IllegalArgumentException("remoting binds " + remote.bindHost()
                    + ", which is not a loopback address, over plain TCP: anyone "
                    + "who reaches the port could join the cluster. Turn on TLS with mutual authentication "
                    + "(lyceum.remote.tls.enabled = on, key and trust stores, " + KEY_STORE_PASSWORD_ENV + " and "
                    + TRUST_STORE_PASSWORD_ENV + ") or accept the risk with --insecure (lyceum.remote.insecure = on)");
        }
        return Optional.of("WARNING: remoting binds " + remote.bindHost() + " over plain TCP without authentication "
                + "(--insecure): anyone who reaches this port can join the cluster and send it work");
    }

    private static void requireTlsMaterial(Config config) {
        Config tls = config.getConfig("lyceum.remote.tls");
        List<String> missing = new ArrayList<>();
        if (!tls.hasPath("key-store-password")) {
            missing.add(KEY_STORE_PASSWORD_ENV);
        }
        if (!tls.hasPath("trust-store-password")) {
            missing.add(TRUST_STORE_PASSWORD_ENV);
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("lyceum.remote.tls.enabled is on but " + String.join(" and ", missing)
                    + (missing.size() == 1 ? " is" : " are") + " not set: set the store passwords in the environment "
                    + "(lyceum.remote.tls.key-store-password / trust-store-password)");
        }
        for (String store : List.of("key-store", "trust-store")) {
            Path file = Path.of(tls.getString(store));
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("lyceum.remote.tls." + store + " = " + file
                        + ": no such file (see keytool -genkeypair / -importcert)");
            }
        }
    }

    /** A name that does not resolve is not known to be loopback. */
    static boolean isLoopback(String host) {
        if (host.isBlank()) {
            return false; // InetAddress reads "" as localhost; Artery does not
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
