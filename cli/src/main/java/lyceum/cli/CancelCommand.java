package lyceum.cli;

import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import lyceum.experiment.ExperimentActor;
import lyceum.experiment.Ids;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Ends a running experiment CANCELLED through its coordinator, which journals who cancelled it and
 * when, so it does not resume on the next node start. Joins the cluster as a coordinator (without
 * models): the coordinator of a stopped experiment starts here, reads its journal and ends it.
 */
@Command(
        name = "cancel",
        mixinStandardHelpOptions = true,
        description =
                "End a running experiment CANCELLED (journaled with who and when); it does not resume on the next node start.")
final class CancelCommand implements Callable<Integer> {

    private static final Duration ASK = Duration.ofSeconds(60);

    @Parameters(paramLabel = "EXP", description = "The experiment id.")
    String experimentId;

    @Mixin
    ConfigOptions config;

    @Option(
            names = "--reason",
            defaultValue = "cancelled from the command line",
            description = "Why, journaled with the cancel.")
    String reason;

    @Option(
            names = "--port",
            description = "Cluster port of this short-lived node (default: the config's lyceum.node.port).")
    Integer port;

    @Option(
            names = "--seed",
            paramLabel = "ADDRESS",
            description = "Seed node of a running cluster, e.g. pekko://Lyceum@127.0.0.1:25520; repeatable.")
    List<String> seeds;

    @Override
    public Integer call() throws Exception {
        String idError = Ids.experimentIdError(experimentId);
        if (idError != null) {
            throw new IllegalArgumentException(idError);
        }
        Map<String, Object> overrides = new HashMap<>();
        overrides.put("lyceum.node.roles", List.of("coordinator"));
        if (port != null) {
            overrides.put("lyceum.node.port", port);
        }
        if (seeds != null) {
            overrides.put("lyceum.node.seed-nodes", seeds);
        }
        var c = config.load(overrides);
        ExperimentActor.Status summary = ConfigOptions.readJournal(c, reader -> {
            if (!reader.experimentIds().contains(experimentId)) {
                throw new IllegalArgumentException(
                        "no experiment " + experimentId + " in the journal (lyceum status --all lists them)");
            }
            return ExperimentActor.Status.fromJournal(experimentId, reader.experimentEvents(experimentId));
        });
        if (!summary.state().equals("running")) {
            throw new IllegalStateException("experiment " + experimentId + " is " + summary.state() + ", not running"
                    + (summary.failure() == null ? "" : " (" + summary.failure() + ")"));
        }
        try (LocalNode local = LocalNode.start(c, System.err)) {
            ExperimentActor.CancelReply reply = local.node()
                    .sharding()
                    .entityRefFor(ExperimentActor.ENTITY_KEY, experimentId)
                    .<ExperimentActor.CancelReply>ask(r -> new ExperimentActor.Cancel(user(), reason, r), ASK)
                    .toCompletableFuture()
                    .get(ASK.toSeconds() + 5, TimeUnit.SECONDS);
            if (reply instanceof ExperimentActor.CancelRejected rejected) {
                throw new IllegalStateException(rejected.reason());
            }
            System.out.println(experimentId + ": cancelled");
            return 0;
        }
    }

    /** Who cancels: user@host. */
    static String user() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "unknown-host";
        }
        return System.getProperty("user.name") + "@" + host;
    }
}
