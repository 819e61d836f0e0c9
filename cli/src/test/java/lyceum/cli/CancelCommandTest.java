package lyceum.cli;

import static lyceum.cli.CommandLineRun.lyceum;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import lyceum.cli.CommandLineRun.Outcome;
import lyceum.config.LyceumConfig;
import lyceum.experiment.ExperimentActor;
import lyceum.experiment.Ids;
import lyceum.experiment.config.ExperimentConfigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `lyceum cancel` on a real node and Cassandra: an experiment that cannot go on (no gpu node, so its
 * sampling never ends) is cancelled after its node stopped, `lyceum status --json` says so, and a node
 * started again does not resume it.
 */
class CancelCommandTest {

    @TempDir
    Path dir;

    private Path nodeConfig() throws Exception {
        return SharedCassandraNode.writeConfig(dir, "coordinator-only.conf", "coordinator");
    }

    private static JsonNode statusOf(String experimentId, Outcome status) throws Exception {
        for (JsonNode e : Json.MAPPER.readTree(status.out()).get("experiments")) {
            if (e.get("id").asText().equals(experimentId)) {
                return e;
            }
        }
        throw new AssertionError(experimentId + " not in " + status.out());
    }

    private static ExperimentActor.Status actorStatus(LocalNode local, String experimentId) throws Exception {
        return local.node().status(experimentId).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void aStuckExperimentIsCancelledShownCancelledAndNotResumed() throws Exception {
        Path file = nodeConfig();
        Config config = LyceumConfig.load(Optional.of(file), ConfigFactory.empty());
        String id = "stuck-" + UUID.randomUUID().toString().substring(0, 8);
        try (LocalNode local = LocalNode.start(config, System.err)) {
            var reply = local.node()
                    .startExperiment(
                            id,
                            ExperimentConfigLoader.parse(
                                    "experiment { iterations = 1, dataset.synthetic { train-count = 4, test-count = 2 }, dataset.held-in-count = 2 }"),
                            "test")
                    .toCompletableFuture()
                    .get(60, TimeUnit.SECONDS);
            assertThat(reply).isEqualTo(new ExperimentActor.Started(id));
            assertThat(actorStatus(local, id).state()).isEqualTo("running");
        }

        Outcome cancel = lyceum("cancel", id, "--config", file.toString(), "--reason", "no gpu node today");
        Outcome status = lyceum("status", "--json", "--config", file.toString());

        assertThat(cancel.exitCode()).as(cancel.everything()).isZero();
        assertThat(cancel.out()).isEqualTo(id + ": cancelled\n");
        JsonNode cancelled = statusOf(id, status);
        assertThat(cancelled.get("state").asText()).isEqualTo("cancelled");
        assertThat(cancelled.get("failure").asText())
                .isEqualTo("cancelled by " + CancelCommand.user() + ": no gpu node today");

        Outcome again = lyceum("cancel", id, "--config", file.toString());
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.lastError())
                .isEqualTo("lyceum cancel: experiment " + id + " is cancelled, not running ("
                        + cancelled.get("failure").asText() + ")");

        try (LocalNode local = LocalNode.start(config, System.err)) {
            assertThat(actorStatus(local, id).state())
                    .as("not resumed on a node start")
                    .isEqualTo("cancelled");
        }
    }

    @Test
    void anUnknownOrMalformedIdIsAClearError() throws Exception {
        Path file = nodeConfig();

        Outcome unknown = lyceum("cancel", "no-such-experiment", "--config", file.toString());
        Outcome malformed = lyceum("cancel", "../escape", "--config", file.toString());
        Outcome run = lyceum("run", "missing.conf", "--id", "a|b", "--config", file.toString());

        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.lastError())
                .isEqualTo(
                        "lyceum cancel: no experiment no-such-experiment in the journal (lyceum status --all lists them)");
        assertThat(malformed.exitCode()).isEqualTo(1);
        assertThat(malformed.lastError())
                .isEqualTo("lyceum cancel: experiment id '../escape' is not allowed: use " + Ids.EXPERIMENT_RULE);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.lastError())
                .isEqualTo("lyceum run: --id: experiment id 'a|b' is not allowed: use " + Ids.EXPERIMENT_RULE);
    }
}
