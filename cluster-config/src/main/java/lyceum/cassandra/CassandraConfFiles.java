package lyceum.cassandra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the cassandra.yaml and logback.xml of a single loopback node whose files all live under the data
 * directory. Small thread pools and caches: the node shares the machine with Lyceum's own JVM.
 */
final class CassandraConfFiles {

    /** Stored in system.local on first start; Cassandra refuses to start if it changes later. */
    static final String CLUSTER_NAME = "Lyceum";

    private CassandraConfFiles() {}

    static Path writeYaml(CassandraServerSettings s) {
        Path dir = s.dataDir();
        // Without allocate_tokens_for_local_replication_factor: the token allocator waits ring_delay (30 s)
        // before choosing tokens on first start, and a single node owns the whole ring anyway.
        String yaml = """
        cluster_name: %s
        num_tokens: 16
        partitioner: org.apache.cassandra.dht.Murmur3Partitioner
        authenticator: PasswordAuthenticator
        authorizer: CassandraAuthorizer
        role_manager: CassandraRoleManager
        data_file_directories:
          - %s
        commitlog_directory: %s
        saved_caches_directory: %s
        hints_directory: %s
        cdc_raw_directory: %s
        %s
        # A synced write waits for its commit log group; on a loaded machine Cassandra's 2 s default
        # fails journal writes that would succeed. The driver waits 10 s (lyceum/persistence.conf).
        write_request_timeout: 8000ms
        seed_provider:
          - class_name: org.apache.cassandra.locator.SimpleSeedProvider
            parameters:
              - seeds: "%s:%d"
        listen_address: %s
        rpc_address: %s
        storage_port: %d
        native_transport_port: %d
        start_native_transport: true
        endpoint_snitch: SimpleSnitch
        concurrent_reads: 4
        concurrent_writes: 4
        concurrent_counter_writes: 4
        concurrent_materialized_view_writes: 2
        concurrent_compactors: 1
        native_transport_max_threads: 32
        file_cache_size: 64MiB
        key_cache_size: 16MiB
        """.formatted(
                        CLUSTER_NAME,
                        quoted(dir.resolve("data")),
                        quoted(dir.resolve("commitlog")),
                        quoted(dir.resolve("saved_caches")),
                        quoted(dir.resolve("hints")),
                        quoted(dir.resolve("cdc_raw")),
                        s.commitlogSync().yaml(),
                        s.host(),
                        s.storagePort(),
                        s.host(),
                        s.host(),
                        s.storagePort(),
                        s.nativePort());
        return write(s.confDir().resolve("cassandra.yaml"), yaml);
    }

    /** Cassandra's logs go to files under the data directory, never to the console of the Lyceum CLI. */
    static Path writeLogback(CassandraServerSettings s) {
        String xml = """
        <configuration scan="false">
          <appender name="SYSTEMLOG" class="ch.qos.logback.core.rolling.RollingFileAppender">
            <file>%1$s</file>
            <rollingPolicy class="ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy">
              <fileNamePattern>%2$s/system.log.%%d{yyyy-MM-dd}.%%i.gz</fileNamePattern>
              <maxFileSize>50MB</maxFileSize>
              <maxHistory>7</maxHistory>
              <totalSizeCap>1GB</totalSizeCap>
            </rollingPolicy>
            <encoder>
              <pattern>%%-5level [%%thread] %%date{ISO8601} %%F:%%L - %%msg%%n</pattern>
            </encoder>
          </appender>
          <root level="INFO">
            <appender-ref ref="SYSTEMLOG"/>
          </root>
        </configuration>
        """.formatted(xmlText(s.systemLog()), xmlText(s.logDir()));
        return write(s.confDir().resolve("logback.xml"), xml);
    }

    private static String quoted(Path path) {
        return "'" + path.toString().replace("'", "''") + "'";
    }

    private static String xmlText(Path path) {
        return path.toString().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static Path write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
