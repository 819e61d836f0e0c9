package lyceum.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import lyceum.net.FreePorts;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real actor systems on loopback with TLS forced on, over key stores made by the JDK's keytool: nodes
 * holding the cluster's certificate join; a node with a certificate the cluster does not trust does not.
 */
class RemoteTlsTest {

    static final String STORE_PASSWORD = "store-pass-for-test";

    @TempDir
    static Path stores;

    static Path clusterKeys;
    static Path clusterTrust;
    static Path strangerKeys;
    static Path strangerTrust;

    final List<ActorSystem<Void>> systems = new ArrayList<>();

    @BeforeAll
    static void makeCertificates() throws Exception {
        clusterKeys = keyPair("cluster");
        clusterTrust = trustStore("cluster-trust", "cluster");
        strangerKeys = keyPair("stranger");
        // The stranger trusts the cluster's certificate: what keeps it out is the cluster's check of the stranger's.
        strangerTrust = trustStore("stranger-trust", "cluster", "stranger");
    }

    @AfterEach
    void stopSystems() throws Exception {
        // All at once: a node's coordinated shutdown waits out its cluster-leave phases, and a node that
        // keeps failing TLS handshakes with a stopped peer takes longer still on a loaded machine.
        systems.forEach(ActorSystem::terminate);
        for (ActorSystem<Void> system : systems) {
            system.getWhenTerminated().toCompletableFuture().get(120, TimeUnit.SECONDS);
        }
    }

    @Test
    void twoNodesWithTheClustersCertificateJoinOverTls() throws Exception {
        ActorSystem<Void> seed = node(clusterKeys, clusterTrust);
        ActorSystem<Void> second = node(clusterKeys, clusterTrust);
        assertThat(seed.settings().config().getString("pekko.remote.artery.transport"))
                .isEqualTo("tls-tcp");

        Cluster.get(seed)
                .manager()
                .tell(Join.create(Cluster.get(seed).selfMember().address()));
        Cluster.get(second)
                .manager()
                .tell(Join.create(Cluster.get(seed).selfMember().address()));

        awaitUp(second, 60);
        assertThat(upMembers(seed)).isEqualTo(2);
    }

    @Test
    void aNodeWithACertificateTheClusterDoesNotTrustIsRefused() throws Exception {
        ActorSystem<Void> seed = node(clusterKeys, clusterTrust);
        Cluster.get(seed)
                .manager()
                .tell(Join.create(Cluster.get(seed).selfMember().address()));
        awaitUp(seed, 60);
        ActorSystem<Void> stranger = node(strangerKeys, strangerTrust);

        Cluster.get(stranger)
                .manager()
                .tell(Join.create(Cluster.get(seed).selfMember().address()));
        Thread.sleep(5_000);
        // A trusted node asking after the stranger gets in: the cluster was admitting members all along.
        ActorSystem<Void> trusted = node(clusterKeys, clusterTrust);
        Cluster.get(trusted)
                .manager()
                .tell(Join.create(Cluster.get(seed).selfMember().address()));
        awaitUp(trusted, 60);

        assertThat(Cluster.get(stranger).selfMember().status()).isNotEqualTo(MemberStatus.up());
        assertThat(Cluster.get(seed).state().getMembers())
                .extracting(m -> m.address())
                .containsExactlyInAnyOrder(
                        Cluster.get(seed).selfMember().address(),
                        Cluster.get(trusted).selfMember().address());
    }

    @Test
    void tlsWithoutItsPasswordVariablesIsAStartupErrorNamingThem() {
        Config config = LyceumConfig.load(
                Optional.empty(),
                ConfigFactory.parseMap(Map.of(
                        "lyceum.remote.tls.enabled", true,
                        "lyceum.remote.tls.key-store", clusterKeys.toString(),
                        "lyceum.remote.tls.trust-store", clusterTrust.toString())));

        assertThatThrownBy(() -> RemoteSecurity.check(config))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(RemoteSecurity.KEY_STORE_PASSWORD_ENV)
                .hasMessageContaining(RemoteSecurity.TRUST_STORE_PASSWORD_ENV);
    }

    @Test
    void tlsWithAMissingStoreNamesTheFile() {
        Path missing = stores.resolve("no-such-keystore.p12");
        Config config = tlsConfig(missing, clusterTrust, FreePorts.next());

        assertThatThrownBy(() -> RemoteSecurity.check(config))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lyceum.remote.tls.key-store")
                .hasMessageContaining(missing.toString());
    }

    @Test
    void aNonLoopbackAddressNeedsTlsOrInsecure() {
        Config plain =
                LyceumConfig.load(Optional.empty(), ConfigFactory.parseMap(Map.of("lyceum.node.host", "0.0.0.0")));
        assertThatThrownBy(() -> RemoteSecurity.check(plain))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0.0.0.0")
                .hasMessageContaining("--insecure");

        Config insecure = LyceumConfig.load(
                Optional.empty(),
                ConfigFactory.parseMap(Map.of("lyceum.node.host", "0.0.0.0", "lyceum.remote.insecure", true)));
        assertThat(RemoteSecurity.check(insecure))
                .get()
                .asString()
                .contains("WARNING")
                .contains("0.0.0.0");

        Config loopbackCanonicalWideBind = LyceumConfig.load(
                Optional.empty(), ConfigFactory.parseMap(Map.of("pekko.remote.artery.bind.hostname", "0.0.0.0")));
        assertThatThrownBy(() -> RemoteSecurity.check(loopbackCanonicalWideBind))
                .hasMessageContaining("0.0.0.0");

        Config tls = tlsConfig(clusterKeys, clusterTrust, FreePorts.next());
        Config tlsOnAnyAddress = ConfigFactory.parseMap(Map.of("pekko.remote.artery.bind.hostname", "0.0.0.0"))
                .withFallback(tls);
        assertThat(RemoteSecurity.check(tlsOnAnyAddress)).isEmpty();

        assertThat(RemoteSecurity.check(LyceumConfig.load(Optional.empty()))).isEmpty();

        Config oneSided = ConfigFactory.parseMap(
                        Map.of("pekko.remote.artery.ssl.config-ssl-engine.require-mutual-authentication", false))
                .withFallback(tls);
        assertThatThrownBy(() -> RemoteSecurity.check(oneSided)).hasMessageContaining("require-mutual-authentication");
    }

    private ActorSystem<Void> node(Path keyStore, Path trustStore) {
        Config config = tlsConfig(keyStore, trustStore, FreePorts.next());
        assertThat(RemoteSecurity.check(config)).isEmpty();
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "Lyceum", config);
        systems.add(system);
        return system;
    }

    /** Lyceum's own configuration with TLS on; the passwords stand in for their environment variables. */
    private static Config tlsConfig(Path keyStore, Path trustStore, int port) {
        Map<String, Object> overrides = new HashMap<>();
        overrides.put("lyceum.node.port", port);
        overrides.put("lyceum.node.seed-nodes", List.of());
        overrides.put("lyceum.remote.tls.enabled", true);
        overrides.put("lyceum.remote.tls.key-store", keyStore.toString());
        overrides.put("lyceum.remote.tls.trust-store", trustStore.toString());
        overrides.put("lyceum.remote.tls.key-store-password", STORE_PASSWORD);
        overrides.put("lyceum.remote.tls.trust-store-password", STORE_PASSWORD);
        overrides.put("pekko.cluster.jmx.multi-mbeans-in-same-jvm", "on");
        return LyceumConfig.load(Optional.empty(), ConfigFactory.parseMap(overrides));
    }

    private static void awaitUp(ActorSystem<Void> system, int seconds) throws InterruptedException {
        for (int i = 0; i < seconds * 10 && Cluster.get(system).selfMember().status() != MemberStatus.up(); i++) {
            Thread.sleep(100);
        }
        assertThat(Cluster.get(system).selfMember().status()).isEqualTo(MemberStatus.up());
    }

    private static long upMembers(ActorSystem<Void> system) {
        return java.util.stream.StreamSupport.stream(
                        Cluster.get(system).state().getMembers().spliterator(), false)
                .filter(m -> m.status() == MemberStatus.up())
                .count();
    }

    /** A PKCS12 key store holding a fresh self-signed key pair under alias {@code name}. */
    private static Path keyPair(String name) throws Exception {
        Path store = stores.resolve(name + "-keys.p12");
        keytool(
                "-genkeypair",
                "-alias",
                name,
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-validity",
                "2",
                "-dname",
                "CN=" + name,
                "-storetype",
                "PKCS12",
                "-keystore",
                store.toString(),
                "-storepass",
                STORE_PASSWORD,
                "-keypass",
                STORE_PASSWORD);
        keytool(
                "-exportcert",
                "-alias",
                name,
                "-keystore",
                store.toString(),
                "-storepass",
                STORE_PASSWORD,
                "-file",
                stores.resolve(name + ".crt").toString());
        return store;
    }

    /** A PKCS12 trust store holding the certificates of the named key pairs. */
    private static Path trustStore(String name, String... trusted) throws Exception {
        Path store = stores.resolve(name + ".p12");
        for (String alias : trusted) {
            keytool(
                    "-importcert",
                    "-noprompt",
                    "-alias",
                    alias,
                    "-file",
                    stores.resolve(alias + ".crt").toString(),
                    "-storetype",
                    "PKCS12",
                    "-keystore",
                    store.toString(),
                    "-storepass",
                    STORE_PASSWORD);
        }
        return store;
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("keytool " + String.join(" ", args) + " failed: " + output);
        }
    }
}
