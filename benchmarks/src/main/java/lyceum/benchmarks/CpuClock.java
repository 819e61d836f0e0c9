package lyceum.benchmarks;

import com.typesafe.config.Config;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import lyceum.cassandra.CassandraClientSettings;
import lyceum.cassandra.CassandraServerSettings;
import lyceum.cassandra.EmbeddedCassandra;

/**
 * CPU time used so far by this JVM and by the embedded Cassandra's process: split by process, it says
 * whether the actors or the database spend a run's time.
 */
final class CpuClock {

    /** Linux reports process times in clock ticks of 1/100 s on every common configuration. */
    private static final double TICKS_PER_SECOND = 100.0;

    record Reading(double benchmarkSeconds, double cassandraSeconds) {
        Reading minus(Reading earlier) {
            return new Reading(
                    benchmarkSeconds - earlier.benchmarkSeconds, cassandraSeconds - earlier.cassandraSeconds);
        }
    }

    private final long cassandraPid;

    CpuClock(long cassandraPid) {
        this.cassandraPid = cassandraPid;
    }

    /**
     * The embedded node {@code config} uses, if it runs; with contact points set (an external Cassandra)
     * or no node running, the Cassandra figures are NaN.
     */
    static CpuClock ofConfigured(Config config) {
        long pid = CassandraClientSettings.fromConfig(config).embedded()
                ? EmbeddedCassandra.runningPid(CassandraServerSettings.fromConfig(config))
                        .orElse(-1L)
                : -1L;
        return new CpuClock(pid);
    }

    Reading read() {
        return new Reading(jvmSeconds(), processSeconds(cassandraPid));
    }

    /** This JVM's CPU time so far. */
    static double jvmSeconds() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime() / 1e9;
        }
        return Double.NaN;
    }

    /** utime + stime from /proc/PID/stat; NaN with no process (pid -1) or where there is no /proc. */
    private static double processSeconds(long pid) {
        if (pid < 0) {
            return Double.NaN;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name in parentheses may hold spaces: count fields after its closing parenthesis.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
