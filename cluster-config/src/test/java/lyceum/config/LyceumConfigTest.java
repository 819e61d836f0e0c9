package lyceum.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lyceum.cassandra.CassandraClientSettings;
import lyceum.cassandra.CassandraServerSettings;
import lyceum.cassandra.LyceumKeyspaces;
import lyceum.cassandra.Replication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The surefire configuration sets lyceum.home to the project root and LYCEUM_CASSANDRA_USERNAME /
 * LYCEUM_CASSANDRA_PASSWORD, as the launcher script and a deployment would.
 */
class LyceumConfigTest {

    static final String PASSWORD = "s3cret-test-password";

    final Config config = LyceumConfig.load(Optional.empty());

    @Test
    void bindsTheMarkerInterfaceToJacksonCbor() {
        assertThat(config.getConfig("pekko.actor.serialization-bindings")
                        .root()
                        .unwrapped()
                        .get("lyceum.events.LyceumSerializable"))
                .isEqualTo("jackson-cbor");
        assertThat(config.getBoolean("pekko.actor.allow-java-serialization")).isFalse();
        assertThat(config.hasPath("pekko.actor.serializers.jackson-cbor")).isTrue();
    }

    @Test
    void clusterUsesTheSplitBrainResolverWithKeepMajority() {
        assertThat(config.getString("pekko.actor.provider")).isEqualTo("cluster");
        assertThat(config.getString("pekko.cluster.downing-provider-class"))
                .isEqualTo("org.apache.pekko.cluster.sbr.SplitBrainResolverProvider");
        assertThat(config.getString("pekko.cluster.split-brain-resolver.active-strategy"))
                .isEqualTo("keep-majority");
        assertThat(config.getDuration("pekko.cluster.split-brain-resolver.stable-after"))
                .isPositive();
    }

    @Test
    void aDefaultNodeIsACoordinatorAndGpuNodeThatJoinsItself() {
        NodeSettings node = NodeSettings.fromConfig(config);

        assertThat(node.roles()).containsExactly("coordinator", "gpu");
        assertThat(node.host()).isEqualTo("127.0.0.1");
        assertThat(node.port()).isEqualTo(25520);
        assertThat(node.seedNodes()).containsExactly("pekko://Lyceum@127.0.0.1:25520");
        assertThat(config.getStringList("pekko.cluster.roles")).containsExactly("coordinator", "gpu");
        assertThat(config.getStringList("pekko.cluster.seed-nodes")).isEqualTo(node.seedNodes());
        assertThat(config.getString("pekko.remote.artery.canonical.hostname")).isEqualTo("127.0.0.1");
        assertThat(config.getString("pekko.remote.artery.transport")).isEqualTo("tcp");
    }

    @Test
    void dataAndTheCassandraClasspathLiveUnderTheProjectRoot() {
        Path home = Path.of(System.getProperty("lyceum.home")).toAbsolutePath().normalize();
        CassandraServerSettings server = CassandraServerSettings.fromConfig(config);

        assertThat(NodeSettings.fromConfig(config).dataDir()).isEqualTo(home.resolve("data"));
        assertThat(server.dataDir()).isEqualTo(home.resolve("data/cassandra"));
        assertThat(server.classpathFile()).isEqualTo(home.resolve("cassandra-server/target/cassandra.classpath"));
        assertThat(server.nativePort()).isEqualTo(9042);
    }

    @Test
    void persistenceUsesCassandraWithTagsAndNoAutocreate() {
        assertThat(config.getString("pekko.persistence.journal.plugin"))
                .isEqualTo("pekko.persistence.cassandra.journal");
        assertThat(config.getString("pekko.persistence.snapshot-store.plugin"))
                .isEqualTo("pekko.persistence.cassandra.snapshot");
        assertThat(config.getBoolean("pekko.persistence.cassandra.events-by-tag.enabled"))
                .isTrue();
        assertThat(config.getString("pekko.persistence.cassandra.events-by-tag.bucket-size"))
                .isEqualTo("Day");
        assertThat(config.getBoolean("pekko.persistence.cassandra.journal.keyspace-autocreate"))
                .isFalse();
        assertThat(config.getBoolean("pekko.persistence.cassandra.journal.tables-autocreate"))
                .isFalse();
        assertThat(LyceumKeyspaces.fromConfig(config))
                .isEqualTo(new LyceumKeyspaces("lyceum_journal", "lyceum_snapshot", "lyceum_offsets", "lyceum"));
        assertThat(Replication.fromConfig(config)).isEqualTo(Replication.simple(1));
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        Replication.fromConfig(ConfigFactory.parseString("lyceum.cassandra.replication-factor = 0")
                                .withFallback(config)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("lyceum.cassandra.replication-factor must be at least 1, found 0");
        assertThat(config.getString("pekko.projection.cassandra.offset-store.keyspace"))
                .isEqualTo("lyceum_offsets");
    }

    @Test
    void shardingPassivatesWithABoundAndForgetsEntities() {
        assertThat(config.getBoolean("pekko.cluster.sharding.remember-entities"))
                .isFalse();
        assertThat(config.getString("pekko.cluster.sharding.passivation.strategy"))
                .isEqualTo("default-strategy");
        assertThat(config.getInt("pekko.cluster.sharding.passivation.default-strategy.active-entity-limit"))
                .isEqualTo(100000);
    }

    @Test
    void theDriverPointsAtTheEmbeddedNodeByDefault(@TempDir Path dataDir) {
        // a data folder where no node has run yet: the project's own may record the ports of an earlier run
        Config config = LyceumConfig.load(
                Optional.empty(), ConfigFactory.parseMap(Map.of("lyceum.node.data-dir", dataDir.toString())));
        assertThat(config.getStringList("datastax-java-driver.basic.contact-points"))
                .containsExactly("127.0.0.1:9042");
        assertThat(config.getString("datastax-java-driver.basic.load-balancing-policy.local-datacenter"))
                .isEqualTo("datacenter1");
        assertThat(CassandraClientSettings.fromConfig(config).embedded()).isTrue();
    }

    @Test
    void credentialsComeFromTheEnvironmentReachTheDriverOfAnExternalClusterAndAreNeverPrinted() {
        Config external = LyceumConfig.load(
                Optional.empty(),
                ConfigFactory.parseMap(Map.of("lyceum.cassandra.contact-points", List.of("db1:9042"))));
        CassandraClientSettings cassandra = CassandraClientSettings.fromConfig(external);

        assertThat(cassandra.username()).contains("lyceum-test-user");
        assertThat(cassandra.password()).contains(PASSWORD);
        assertThat(external.getString("datastax-java-driver.advanced.auth-provider.class"))
                .isEqualTo("PlainTextAuthProvider");
        assertThat(external.getString("datastax-java-driver.advanced.auth-provider.password"))
                .isEqualTo(PASSWORD);
        assertThat(cassandra.toString()).doesNotContain(PASSWORD).contains("lyceum-test-user");
    }

    @Test
    void theEmbeddedNodeTakesItsPortsAndCredentialsFromItsDataDirectoryNotTheEnvironment(@TempDir Path dir)
            throws IOException {
        Config embedded = LyceumConfig.load(
                Optional.empty(), ConfigFactory.parseMap(Map.of("lyceum.cassandra.embedded.data-dir", dir.toString())));
        assertThat(CassandraClientSettings.fromConfig(embedded).username()).isEmpty();
        assertThat(embedded.hasPath("datastax-java-driver.advanced.auth-provider.class"))
                .isFalse();

        Files.writeString(
                dir.resolve("ports.json"), "{\"host\":\"127.0.0.1\",\"nativePort\":19142,\"storagePort\":17100}");
        Files.writeString(dir.resolve("credentials.json"), "{\"username\":\"lyceum\",\"password\":\"from-the-file\"}");
        CassandraClientSettings resolved =
                CassandraClientSettings.fromConfig(embedded).resolved();

        assertThat(resolved.contactPoints()).containsExactly("127.0.0.1:19142");
        assertThat(resolved.username()).contains("lyceum");
        assertThat(resolved.password()).contains("from-the-file");
        assertThat(resolved.driverConfig(true).getString("advanced.auth-provider.password"))
                .isEqualTo("from-the-file");
        assertThat(config.getString("pekko.persistence.cassandra.session-provider"))
                .isEqualTo("lyceum.cassandra.LyceumSessionProvider");
        assertThat(config.getString("pekko.projection.cassandra.session-config.session-provider"))
                .isEqualTo("lyceum.cassandra.LyceumSessionProvider");
    }

    @Test
    void aUserFileAndOverridesLayerOverTheDefaults(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("lyceum.conf");
        Files.writeString(file, """
        lyceum.node { host = "10.1.2.3", port = 25600, roles = [gpu] }
        lyceum.cassandra { contact-points = ["db1:9042", "db2:9142"], local-datacenter = "dc-west" }
        lyceum.remote.tls.enabled = on
        """);
        Config loaded = LyceumConfig.load(Optional.of(file), ConfigFactory.parseMap(Map.of("lyceum.node.port", 25601)));
        NodeSettings node = NodeSettings.fromConfig(loaded);

        assertThat(node.roles()).containsExactly("gpu");
        assertThat(node.port()).isEqualTo(25601);
        assertThat(node.seedNodes()).containsExactly("pekko://Lyceum@10.1.2.3:25601");
        assertThat(loaded.getInt("pekko.remote.artery.canonical.port")).isEqualTo(25601);
        assertThat(loaded.getString("pekko.remote.artery.transport")).isEqualTo("tls-tcp");
        assertThat(loaded.getString("pekko.remote.artery.ssl.config-ssl-engine.key-store"))
                .endsWith("/tls/keystore.p12");
        assertThat(loaded.getStringList("datastax-java-driver.basic.contact-points"))
                .isEqualTo(List.of("db1:9042", "db2:9142"));
        assertThat(loaded.getString("datastax-java-driver.basic.load-balancing-policy.local-datacenter"))
                .isEqualTo("dc-west");
        assertThat(CassandraClientSettings.fromConfig(loaded).embedded()).isFalse();
    }

    @Test
    void aMissingUserFileIsAnError(@TempDir Path dir) {
        assertThatThrownBy(() -> LyceumConfig.load(Optional.of(dir.resolve("nope.conf"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nope.conf");
    }
}
