package lyceum.cli;

import com.datastax.oss.driver.api.core.CqlSession;
import com.typesafe.config.Config;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import lyceum.cassandra.CassandraClientSettings;
import lyceum.cassandra.CqlSessions;
import lyceum.cassandra.LyceumKeyspaces;
import lyceum.experiment.ExperimentActor;
import lyceum.experiment.config.ExperimentConfig;
import lyceum.metrics.IterationMetrics;
import lyceum.projections.metrics.MetricsQuery;
import lyceum.projections.metrics.MetricsStage;

/** Starts an experiment on a running node and follows it to its end with periodic progress lines. */
final class ExperimentRunner {

    private static final Duration POLL = Duration.ofSeconds(2);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);
    private static final Duration METRICS_WAIT = Duration.ofSeconds(90);
    private static final int START_ATTEMPTS = 4;

    private ExperimentRunner() {}

    static String newExperimentId() {
        return "exp-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static ExperimentActor.Status run(
            LocalNode local, String experimentId, ExperimentConfig config, PrintStream progress) throws Exception {
        ExperimentActor.StartReply reply = start(local, experimentId, config, progress);
        if (reply instanceof ExperimentActor.StartRejected rejected) {
            throw new IllegalStateException(rejected.experimentId() + ": " + rejected.reason());
        }
        return follow(local, experimentId, progress);
    }

    /**
     * Asks the coordinator to start the experiment. On a loaded node the first Start can outlast its ask
     * while the experiment is already journaled; a repeated Start with the same config answers Started,
     * so asking again (a bounded number of times) is safe and does not start it twice.
     */
    private static ExperimentActor.StartReply start(
            LocalNode local, String experimentId, ExperimentConfig config, PrintStream progress) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return local.node()
                        .startExperiment(experimentId, config, CodeVersion.current())
                        .toCompletableFuture()
                        .get(60, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                if (!(cause instanceof TimeoutException) || attempt == START_ATTEMPTS) {
                    throw e;
                }
                progress.println(
                        experimentId + ": the coordinator has not answered the start yet (" + Errors.describe(cause)
                                + "); asking again, attempt " + (attempt + 1) + " of " + START_ATTEMPTS);
            }
        }
    }

    static ExperimentActor.Status follow(LocalNode local, String experimentId, PrintStream progress) throws Exception {
        String lastLine = "";
        long lastPrinted = 0;
        while (true) {
            ExperimentActor.Status status;
            try {
                status = local.node().status(experimentId).toCompletableFuture().get(15, TimeUnit.SECONDS);
            } catch (Exception e) {
                progress.println(experimentId + ": waiting for the coordinator (" + Errors.describe(e) + ")");
                Thread.sleep(POLL.toMillis());
                continue;
            }
            if (!status.state().equals("running")) {
                progress.println(experimentId + ": " + status.state()
                        + (status.failure() != null ? ": " + status.failure() : ""));
                return status;
            }
            String line = progressLine(status);
            long now = System.nanoTime();
            if (!line.equals(lastLine)
                    && (now - lastPrinted > PROGRESS_EVERY.toNanos() || !samePhase(line, lastLine))) {
                progress.println(line);
                lastLine = line;
                lastPrinted = now;
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    private static boolean samePhase(String a, String b) {
        return a.replaceAll("\\d+/\\d+.*", "").equals(b.replaceAll("\\d+/\\d+.*", ""));
    }

    /**
     * Waits (a bounded time) until the projections have stored the metrics of the experiment's last
     * iteration, so that `lyceum metrics` right after a run shows all of it.
     */
    static List<IterationMetrics> awaitMetrics(
            LocalNode local, Config config, String experimentId, PrintStream progress) throws Exception {
        try (CqlSession session = CqlSessions.open(CassandraClientSettings.fromConfig(config))) {
            MetricsQuery query = MetricsQuery.create(
                    session, LyceumKeyspaces.fromConfig(config).readSide());
            int last = local.node()
                    .status(experimentId)
                    .toCompletableFuture()
                    .get(10, TimeUnit.SECONDS)
                    .iteration();
            long deadline = System.nanoTime() + METRICS_WAIT.toNanos();
            // The last iteration's metrics are first stored when its sampling ends, without its evaluation.
            while (!completed(query, experimentId, last) && System.nanoTime() < deadline) {
                progress.println(experimentId + ": waiting for the projections to store iteration " + last + " ...");
                Thread.sleep(3000);
            }
            List<IterationMetrics> metrics = query.storedMetrics(experimentId);
            if (!completed(query, experimentId, last)) {
                progress.println(experimentId + ": the projections have not stored iteration " + last
                        + " yet; computing it from the read models");
                metrics = query.compute(experimentId);
            }
            return metrics;
        }
    }

    private static boolean completed(MetricsQuery query, String experimentId, int iteration) {
        return query.stored(experimentId).stream()
                .anyMatch(
                        m -> m.iteration() == iteration && m.stage() == MetricsStage.COMPLETED && m.metrics() != null);
    }

    static String progressLine(ExperimentActor.Status s) {
        StringBuilder line = new StringBuilder(s.id())
                .append(": iteration ")
                .append(s.iteration())
                .append('/')
                .append(s.iterations())
                .append(' ')
                .append(s.phase());
        if (s.total() > 1) {
            int width = 20;
            int filled = (int) Math.round(width * (double) s.done() / s.total());
            line.append(" [")
                    .append("#".repeat(filled))
                    .append(" ".repeat(width - filled))
                    .append("] ")
                    .append(s.done())
                    .append('/')
                    .append(s.total());
        }
        return line.toString();
    }
}
