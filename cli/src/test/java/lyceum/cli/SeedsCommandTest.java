package lyceum.cli;

import static lyceum.cli.CommandLineRun.lyceum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import lyceum.cli.CommandLineRun.Outcome;
import lyceum.config.LyceumConfig;
import lyceum.events.ExperimentEvent.ExperimentStarted;
import lyceum.replay.JournalReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `lyceum run --seeds` on a real node, model and Cassandra: a small synthetic experiment run under two
 * seeds is two experiments, each journaled with its seed, and `lyceum metrics` of the group gives each
 * figure as the mean of the two runs' figures with Student's t interval across them; a bad seed list is
 * refused naming the value.
 */
class SeedsCommandTest {

    /** t.ppf(0.975, 1), the 95% two-sided quantile of Student's t with one degree of freedom (two runs). */
    private static final double T_ONE_DF = 12.706204736174696;

    @TempDir
    Path dir;

    private Path nodeConfig() throws Exception {
        return SharedCassandraNode.writeConfig(dir, "node.conf", "coordinator", "gpu");
    }

    private Path experimentFile() throws Exception {
        return Files.writeString(dir.resolve("tiny.conf"), TinyExperiment.config("seeds-test", 48));
    }

    @Test
    void twoSeedsAreTwoExperimentsWhoseGroupMetricsAreTheMeanOfTheirs() throws Exception {
        Path node = nodeConfig();
        String group = "seeds-" + UUID.randomUUID().toString().substring(0, 8);

        Outcome run = lyceum(
                "run",
                experimentFile().toString(),
                "--seeds",
                "1,2",
                "--id",
                group,
                "--json",
                "--config",
                node.toString());

        assertThat(run.exitCode()).as(run.everything()).isZero();
        JsonNode runs = Json.MAPPER.readTree(run.out()).get("runs");
        assertThat(runs).hasSize(2);
        assertThat(runs.get(0).get("experiment").asText()).isEqualTo(group + "-seed1");
        assertThat(runs.get(1).get("experiment").asText()).isEqualTo(group + "-seed2");
        assertThat(runs).allSatisfy(r -> assertThat(r.get("state").asText()).isEqualTo("finished"));
        Config config = LyceumConfig.load(Optional.of(node), ConfigFactory.empty());
        try (JournalReader reader = JournalReader.open(config)) {
            for (long seed : new long[] {1, 2}) {
                ExperimentStarted started = (ExperimentStarted)
                        reader.experimentEvents(group + "-seed" + seed).get(0);
                assertThat(Json.MAPPER
                                .readTree(started.configJson())
                                .get("seed")
                                .asLong())
                        .isEqualTo(seed);
            }
        }

        JsonNode first = metrics(group + "-seed1", node);
        JsonNode second = metrics(group + "-seed2", node);
        JsonNode aggregate = metrics(group, node);

        assertThat(aggregate.get("experiments"))
                .extracting(JsonNode::asText)
                .containsExactly(group + "-seed1", group + "-seed2");
        assertThat(aggregate.get("iterations")).hasSize(2);
        int compared = 0;
        for (JsonNode iteration : aggregate.get("iterations")) {
            int t = iteration.get("iteration").asInt();
            assertThat(iteration.get("runs").asInt()).isEqualTo(2);
            for (String figure : List.of(
                    "problems",
                    "samples",
                    "accepted",
                    "coverage",
                    "greedy_accuracy.held-out",
                    "greedy_accuracy.held-in",
                    "length.original.p50")) {
                Double a = scalar(first, t, figure);
                Double b = scalar(second, t, figure);
                JsonNode f = iteration.get("figures").get(figure);
                if (a == null || b == null) {
                    continue;
                }
                compared++;
                assertThat(f.get("mean").asDouble())
                        .as("%s in iteration %d", figure, t)
                        .isCloseTo((a + b) / 2, within(1e-12));
                assertThat(f.get("n").asInt()).isEqualTo(2);
                double half = T_ONE_DF * Math.abs(a - b) / 2; // s = |a - b| / √2, and s / √2
                assertThat(f.get("interval").get("low").asDouble()).isCloseTo((a + b) / 2 - half, within(1e-9));
                assertThat(f.get("interval").get("high").asDouble()).isCloseTo((a + b) / 2 + half, within(1e-9));
                assertThat(f.get("interval").get("method").asText()).isEqualTo("t");
            }
        }
        assertThat(compared).as("figures both runs have").isGreaterThanOrEqualTo(10);

        // diff of the group with itself: every delta is zero
        Outcome diff = lyceum("diff", group, group, "--json", "--config", node.toString());
        assertThat(diff.exitCode()).as(diff.everything()).isZero();
        for (JsonNode iteration : Json.MAPPER.readTree(diff.out()).get("iterations")) {
            assertThat(iteration.get("metrics"))
                    .isNotEmpty()
                    .allSatisfy(f -> assertThat(f.get("delta").asDouble()).isZero());
        }
        Outcome report =
                lyceum("report", group, "--out", dir.resolve("report").toString(), "--config", node.toString());
        assertThat(report.exitCode()).as(report.everything()).isZero();
        assertThat(Files.readString(dir.resolve("report/static/data.js"))).contains("\"group\":\"" + group + "\"");
    }

    @Test
    void aBadSeedListIsRefusedNamingTheValue() throws Exception {
        Outcome run = lyceum("run", experimentFile().toString(), "--seeds", "1,x2");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.lastError())
                .isEqualTo("lyceum run: --seeds 1,x2: 'x2' is not an integer seed"
                        + " (expected integers separated by commas, such as 1,2,3)");
    }

    private static JsonNode metrics(String id, Path node) throws Exception {
        Outcome out = lyceum("metrics", id, "--json", "--config", node.toString());
        assertThat(out.exitCode()).as(out.everything()).isZero();
        return Json.MAPPER.readTree(out.out());
    }

    /** A figure of one experiment's `metrics --json` by its dotted path, null where absent. */
    private static Double scalar(JsonNode experiment, int iteration, String path) {
        for (JsonNode m : experiment.get("iterations")) {
            if (m.get("iteration").asInt() == iteration) {
                JsonNode node = m;
                for (String part : path.split("\\.")) {
                    node = node.get(part);
                    if (node == null) {
                        return null;
                    }
                }
                return node.isNumber() ? node.asDouble() : null;
            }
        }
        return null;
    }
}
