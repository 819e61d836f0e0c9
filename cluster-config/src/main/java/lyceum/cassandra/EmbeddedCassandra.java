// Stays whole: one child process's life (launch or reuse, ports, readiness, stop).
package lyceum.cassandra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import lyceum.net.FreePorts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Apache Cassandra 5 on loopback, run as a child JVM with its files under a data
 * directory. The pid file in that directory makes it visible across CLI invocations: a later start
 * reuses it, and stop or status from another process find it.
 *
 * <p>Its ports are the configured ones unless another process holds them; then free ones, recorded in
 * {@link CassandraPorts} for every client of the data directory. It requires a password: Lyceum's
 * credentials are generated into the data directory on first start ({@link CassandraRoles}).
 *
 * <p>{@link #close()} stops the node only if this handle launched it; a reused node is left running.
 */
public final class EmbeddedCassandra implements AutoCloseable {

    /** What happens to a node this JVM launches when this JVM exits. */
    public enum Lifetime {
        /** Outlives this JVM, in its own session so a Ctrl-C in the terminal does not reach it. */
        DETACHED,
        /** A shutdown hook of this JVM stops it (tests and the demo). */
        WITH_THIS_JVM
    }

    private static final Logger log = LoggerFactory.getLogger(EmbeddedCassandra.class);
    private static final Duration POLL = Duration.ofMillis(250);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);
    private static final int LOG_TAIL_LINES = 25;
    private static final List<Path> SETSID = List.of(Path.of("/usr/bin/setsid"), Path.of("/bin/setsid"));

    private final CassandraServerSettings settings;
    private final ProcessHandle process;
    private final boolean reused;
    private final String version;
    private final Thread shutdownHook;

    private EmbeddedCassandra(
            CassandraServerSettings settings,
            ProcessHandle process,
            boolean reused,
            String version,
            Thread shutdownHook) {
        this.settings = settings;
        this.process = process;
        this.reused = reused;
        this.version = version;
        this.shutdownHook = shutdownHook;
    }

    /**
     * Returns the node recorded in the data directory if it is alive, otherwise launches one and waits
     * until it answers CQL.
     *
     * @throws CassandraStartException when a port is taken by something else, the classpath file is
     *     missing, Cassandra exits during startup, or it does not answer within the start timeout
     */
    public static synchronized EmbeddedCassandra start(CassandraServerSettings settings, Lifetime lifetime) {
        createDirectories(settings.dataDir());
        // Serialises concurrent starts on one data directory across processes (and, with synchronized,
        // across threads: a JVM may hold a file lock only once).
        try (FileChannel channel = FileChannel.open(
                        settings.dataDir().resolve("cassandra.lock"),
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE);
                FileLock ignored = channel.lock()) {
            Optional<EmbeddedCassandra> running = reuse(settings);
            if (running.isPresent()) {
                return running.get();
            }
            return launch(settings, lifetime);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + settings.dataDir(), e);
        }
    }

    /** The pid of the node recorded in the data directory, if it is running. */
    public static Optional<Long> runningPid(CassandraServerSettings settings) {
        return runningProcess(settings).map(ProcessHandle::pid);
    }

    private static Optional<ProcessHandle> runningProcess(CassandraServerSettings settings) {
        return CassandraPidFile.read(settings.dataDir()).flatMap(recorded -> live(recorded, settings.dataDir()));
    }

    /** The status of the node recorded in the data directory, or of whatever answers on its port. */
    public static CassandraStatus status(CassandraServerSettings settings) {
        Optional<CassandraPidFile> recorded = CassandraPidFile.read(settings.dataDir());
        if (recorded.isPresent() && live(recorded.get(), settings.dataDir()).isPresent()) {
            return CqlProbe.status(CassandraClientSettings.embedded(
                    settings.withAddress(recorded.get().host(), recorded.get().nativePort())));
        }
        // not running: probe where it last ran (it may have taken free ports), else the configured port
        CassandraServerSettings where = CassandraPorts.read(settings.dataDir())
                .map(p -> settings.withAddress(p.host(), p.nativePort()))
                .orElse(settings);
        return CqlProbe.status(new CassandraClientSettings(
                true,
                List.of(where.contactPoint()),
                CassandraServerSettings.DATACENTER,
                Optional.empty(),
                Optional.empty(),
                Optional.empty()));
    }

    /**
     * Stops the node recorded in the data directory, whichever process started it.
     *
     * @return whether a running node was stopped
     */
    public static boolean stop(CassandraServerSettings settings) {
        Optional<ProcessHandle> process = runningProcess(settings);
        process.ifPresent(p -> terminate(p, settings.stopGrace()));
        CassandraPidFile.delete(settings.dataDir());
        return process.isPresent();
    }

    public long pid() {
        return process.pid();
    }

    /** True when start found this node already running rather than launching it. */
    public boolean reused() {
        return reused;
    }

    public String host() {
        return settings.host();
    }

    /** The CQL port it listens on: the configured one, or a free one if another process held that. */
    public int nativePort() {
        return settings.nativePort();
    }

    /** "host:port", for the driver's contact points. */
    public String contactPoint() {
        return settings.contactPoint();
    }

    /** The release_version the node reported when it became ready. */
    public String version() {
        return version;
    }

    public CassandraServerSettings settings() {
        return settings;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public CassandraStatus status() {
        return CqlProbe.status(clientSettings());
    }

    /** How Lyceum's clients reach and log into this node. */
    public CassandraClientSettings clientSettings() {
        return CassandraClientSettings.embedded(settings);
    }

    /** Stops the node (SIGTERM, then a forced kill after the grace period) and removes its pid file. */
    public void stop() {
        removeShutdownHook(shutdownHook);
        stopAndForget(settings, process);
    }

    @Override
    public void close() {
        if (!reused) {
            stop();
        }
    }

    private static Optional<EmbeddedCassandra> reuse(CassandraServerSettings requested) {
        Optional<CassandraPidFile> recorded = CassandraPidFile.read(requested.dataDir());
        if (recorded.isEmpty()) {
            return Optional.empty();
        }
        Optional<ProcessHandle> process = live(recorded.get(), requested.dataDir());
        if (process.isEmpty()) {
            log.info("Removing stale Cassandra pid file {}", CassandraPidFile.path(requested.dataDir()));
            CassandraPidFile.delete(requested.dataDir());
            return Optional.empty();
        }
        CassandraServerSettings settings =
                requested.withAddress(recorded.get().host(), recorded.get().nativePort());
        if (settings.nativePort() != requested.nativePort() || !settings.host().equals(requested.host())) {
            log.warn(
                    "Cassandra from {} already runs on {}, not on the requested {}:{}; using it",
                    requested.dataDir(),
                    settings.contactPoint(),
                    requested.host(),
                    requested.nativePort());
        }
        // It may have been launched moments ago by another process and still be starting.
        String version = awaitReady(settings, process.get(), Optional.empty());
        log.info("Reusing Cassandra {} (pid {}) on {}", version, process.get().pid(), settings.contactPoint());
        return Optional.of(new EmbeddedCassandra(settings, process.get(), true, version, null));
    }

    private static EmbeddedCassandra launch(CassandraServerSettings configured, Lifetime lifetime) {
        int nativePort = portFor(configured, configured.nativePort(), "native (CQL) port", -1);
        int storagePort = portFor(configured, configured.storagePort(), "storage port", nativePort);
        CassandraServerSettings settings = configured.withPorts(nativePort, storagePort);
        // Clients of this data directory find the node here, whichever ports it got.
        new CassandraPorts(settings.host(), nativePort, storagePort).write(settings.dataDir());
        CassandraClasspath classpath = CassandraClasspath.read(settings.classpathFile());
        Path yaml = CassandraConfFiles.writeYaml(settings);
        Path logback = CassandraConfFiles.writeLogback(settings);
        createDirectories(settings.logDir());

        List<String> command = new ArrayList<>();
        if (lifetime == Lifetime.DETACHED) {
            SETSID.stream().filter(Files::isExecutable).findFirst().ifPresent(s -> command.add(s.toString()));
        }
        command.addAll(CassandraJvmArguments.build(settings, classpath, yaml, logback));
        log.info(
                "Starting Cassandra on {} (data {}, log {})",
                settings.contactPoint(),
                settings.dataDir(),
                settings.systemLog());
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .directory(settings.dataDir().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(
                            settings.stdoutLog().toFile()))
                    .start();
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new CassandraStartException("cannot launch " + command.get(0), e);
        }
        ProcessHandle handle = process.toHandle();
        new CassandraPidFile(process.pid(), settings.host(), settings.nativePort()).write(settings.dataDir());
        Thread hook = lifetime == Lifetime.WITH_THIS_JVM ? addShutdownHook(settings, handle) : null;
        long t0 = System.nanoTime();
        try {
            String version = awaitReady(settings, handle, Optional.of(process));
            log.info(
                    "Cassandra {} ready on {} in {} s (pid {})",
                    version,
                    settings.contactPoint(),
                    String.format("%.1f", (System.nanoTime() - t0) / 1e9),
                    process.pid());
            return new EmbeddedCassandra(settings, handle, false, version, hook);
        } catch (RuntimeException e) {
            removeShutdownHook(hook);
            stopAndForget(settings, handle);
            throw e;
        }
    }

    /** Polls until the node answers CQL; fails fast if the process dies. */
    private static String awaitReady(CassandraServerSettings settings, ProcessHandle process, Optional<Process> child) {
        long t0 = System.nanoTime();
        long nextProgress = PROGRESS_EVERY.toNanos();
        CassandraRoles roles = new CassandraRoles(settings);
        while (true) {
            if (!process.isAlive()) {
                String exit = child.map(p -> " with code " + p.exitValue()).orElse("");
                throw new CassandraStartException("Cassandra (pid "
                        + process.pid()
                        + ") exited"
                        + exit
                        + " during startup. "
                        + logTails(settings));
            }
            if (CqlProbe.speaksCql(settings.host(), settings.nativePort())) {
                Optional<String> version = roles.login();
                if (version.isPresent()) {
                    return version.get();
                }
            }
            long elapsed = System.nanoTime() - t0;
            if (elapsed > settings.startTimeout().toNanos()) {
                throw new CassandraStartException("Cassandra (pid "
                        + process.pid()
                        + ") did not answer CQL on "
                        + settings.contactPoint()
                        + " within "
                        + settings.startTimeout().toSeconds()
                        + " s (lyceum.cassandra.embedded.start-timeout). "
                        + logTails(settings));
            }
            if (elapsed > nextProgress) {
                log.info(
                        "Waiting for Cassandra on {} ({} s)...",
                        settings.contactPoint(),
                        TimeUnit.NANOSECONDS.toSeconds(elapsed));
                nextProgress += PROGRESS_EVERY.toNanos();
            }
            sleep(POLL);
        }
    }

    /**
     * The configured port if nothing holds it, else a free one: another checkout's Cassandra on the
     * default ports does not keep this one from starting.
     */
    private static int portFor(CassandraServerSettings settings, int port, String what, int taken) {
        if (port != taken && CqlProbe.bindable(settings.host(), port)) {
            return port;
        }
        int free;
        do {
            free = FreePorts.next();
        } while (free == taken);
        String occupant = port == taken
                ? "this node's other port"
                : CqlProbe.speaksCql(settings.host(), port)
                        ? "a Cassandra not started from " + settings.dataDir()
                        : "another process";
        log.warn(
                "The {} {} on {} is held by {}; the embedded Cassandra of {} uses {} instead (recorded in {})",
                what,
                port,
                settings.host(),
                occupant,
                settings.dataDir(),
                free,
                CassandraPorts.path(settings.dataDir()));
        return free;
    }

    /** The recorded process, if it is alive and still a Cassandra of this data directory. */
    private static Optional<ProcessHandle> live(CassandraPidFile recorded, Path dataDir) {
        return ProcessHandle.of(recorded.pid()).filter(ProcessHandle::isAlive).filter(p -> runsFrom(p, dataDir));
    }

    /** Guards against a recycled pid (after a reboot, say) naming an unrelated process. */
    private static boolean runsFrom(ProcessHandle process, Path dataDir) {
        String marker = CassandraJvmArguments.DATA_DIR_MARKER + dataDir;
        ProcessHandle.Info info = process.info();
        Optional<String[]> arguments = info.arguments();
        if (arguments.isPresent()) {
            return Arrays.asList(arguments.get()).contains(marker);
        }
        // Some platforms hide other processes' arguments: then the pid file is all we have.
        return info.commandLine().map(c -> c.contains(marker)).orElse(true);
    }

    private static void terminate(ProcessHandle process, Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        log.info("Stopping Cassandra (pid {})", process.pid());
        // SIGTERM: Cassandra's own shutdown hook drains memtables and closes the commit log.
        process.destroy();
        try {
            process.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
            log.info("Cassandra (pid {}) stopped", process.pid());
        } catch (TimeoutException e) {
            log.warn(
                    "Cassandra (pid {}) still running {} s after SIGTERM; killing it",
                    process.pid(),
                    grace.toSeconds());
            process.destroyForcibly();
            awaitExit(process, Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitExit(ProcessHandle process, Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            log.error("Cassandra (pid {}) did not exit after a forced kill", process.pid());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void stopAndForget(CassandraServerSettings settings, ProcessHandle process) {
        terminate(process, settings.stopGrace());
        Optional<CassandraPidFile> recorded = CassandraPidFile.read(settings.dataDir());
        if (recorded.isPresent() && recorded.get().pid() == process.pid()) {
            CassandraPidFile.delete(settings.dataDir());
        }
    }

    private static Thread addShutdownHook(CassandraServerSettings settings, ProcessHandle process) {
        Thread hook = new Thread(() -> stopAndForget(settings, process), "cassandra-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    private static void removeShutdownHook(Thread hook) {
        if (hook != null && Thread.currentThread() != hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // The hook is running or about to; it does the same work.
            }
        }
    }

    private static String logTails(CassandraServerSettings settings) {
        return "Last lines of "
                + settings.systemLog()
                + ":\n"
                + LogTail.of(settings.systemLog(), LOG_TAIL_LINES)
                + "\nLast lines of "
                + settings.stdoutLog()
                + ":\n"
                + LogTail.of(settings.stdoutLog(), 10);
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CassandraStartException("interrupted while waiting for Cassandra", e);
        }
    }
}
