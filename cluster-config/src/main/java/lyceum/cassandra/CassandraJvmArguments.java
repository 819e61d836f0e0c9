package lyceum.cassandra;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of the Cassandra child JVM: the same JDK as the current process, the JDK 17 module
 * flags from Cassandra's conf/jvm17-server.options, and system properties that put everything under the
 * data directory.
 */
final class CassandraJvmArguments {

    /** Marks the process as ours and names its data directory, so a pid file is never trusted blindly. */
    static final String DATA_DIR_MARKER = "-Dlyceum.cassandra.data-dir=";

    /** The JPMS section of Cassandra 5.0's conf/jvm17-server.options. */
    static final List<String> JDK17_MODULE_FLAGS = List.of(
            "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "--add-exports", "java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED",
            "--add-exports", "java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports", "java.rmi/sun.rmi.server=ALL-UNNAMED",
            "--add-exports", "java.sql/java.sql=ALL-UNNAMED",
            "--add-exports", "java.base/java.lang.ref=ALL-UNNAMED",
            "--add-exports", "jdk.unsupported/sun.misc=ALL-UNNAMED",
            "--add-exports", "jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
            "--add-exports", "jdk.attach/sun.tools.attach=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang.module=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.loader=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.reflect=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.math=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.module=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.util.jar=ALL-UNNAMED",
            "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
            "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens", "java.base/java.io=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens", "jdk.compiler/com.sun.tools.javac=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang=ALL-UNNAMED",
            "--add-opens", "java.base/java.util=ALL-UNNAMED");

    /** The G1 and Netty settings of conf/jvm17-server.options, sized for a small development heap. */
    static final List<String> JVM_FLAGS = List.of(
            "-XX:+UseG1GC",
            "-XX:+ParallelRefProcEnabled",
            "-XX:MaxTenuringThreshold=1",
            "-XX:MaxGCPauseMillis=300",
            "-XX:+ExitOnOutOfMemoryError",
            "-Xss256k",
            "-Djava.net.preferIPv4Stack=true",
            "-Djdk.attach.allowAttachSelf=true",
            "-Dio.netty.tryReflectionSetAccessible=true",
            "-Dio.netty.allocator.useCacheForAllThreads=true",
            "-Dio.netty.allocator.maxOrder=11");

    static final String MAIN_CLASS = "org.apache.cassandra.service.CassandraDaemon";

    private CassandraJvmArguments() {}

    static List<String> build(CassandraServerSettings s, CassandraClasspath classpath, Path yaml, Path logback) {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable().toString());
        command.add("-Xms256m");
        command.add("-Xmx" + s.maxHeap());
        command.addAll(JVM_FLAGS);
        command.addAll(JDK17_MODULE_FLAGS);
        classpath.jammJar().ifPresent(jar -> command.add("-javaagent:" + jar));
        command.add("-Dcassandra.config=" + yaml.toUri());
        command.add("-Dcassandra.storagedir=" + s.dataDir());
        command.add("-Dcassandra.logdir=" + s.logDir());
        command.add("-Dlogback.configurationFile=" + logback);
        // Otherwise Cassandra closes stdout and stderr once up; kept open, late crashes reach stdout.log.
        command.add("-Dcassandra-foreground=yes");
        // A single seed node has no peers to wait for.
        command.add("-Dcassandra.skip_wait_for_gossip_to_settle=0");
        // Creates the default superuser at once rather than 10 s after startup; CassandraRoles replaces it.
        command.add("-Dcassandra.superuser_setup_delay_ms=0");
        // No cassandra.jmx.local.port or cassandra.jmx.remote.port: Cassandra then opens no JMX port at all.
        command.add("-XX:HeapDumpPath=" + s.logDir());
        command.add("-XX:ErrorFile=" + s.logDir().resolve("hs_err_%p.log"));
        command.add(DATA_DIR_MARKER + s.dataDir());
        command.add("-cp");
        command.add(classpath.value());
        command.add(MAIN_CLASS);
        return command;
    }

    static Path javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }
}
