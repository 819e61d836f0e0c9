package lyceum.cli;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import lyceum.dashboard.SavedReport;
import lyceum.experiment.ExperimentActor;
import lyceum.experiment.config.ExperimentConfig;
import lyceum.experiment.config.ExperimentConfigLoader;
import lyceum.metrics.IterationMetrics;
import lyceum.replay.JournalReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The whole loop on a laptop: the embedded Cassandra, a one-node cluster with both roles, a synthetic
 * arithmetic dataset, a small transformer trained from scratch (M_0), then self-improvement iterations.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = "Run a small self-improvement experiment end to end and print a per-iteration table.")
final class DemoCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Option(
            names = "--compare",
            description = "Run vanilla and guided (state-reset) sampling on the same data and seeds.")
    boolean compare;

    @Option(names = "--json", description = "Print one JSON object at the end instead of the tables.")
    boolean json;

    @Option(names = "--iterations", description = "Self-improvement iterations after M_0 (default: the demo's).")
    Integer iterations;

    @Override
    public Integer call() throws Exception {
        List<String> strategies = compare ? List.of("vanilla", "state-reset") : List.of("vanilla");
        List<DemoTable> tables = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        List<Path> reports = new ArrayList<>();
        List<DemoVerdicts.Facts> facts = new ArrayList<>();
        boolean ok = true;
        try (LocalNode local = LocalNode.start(config.load(), System.err)) {
            local.awaitGenerationWorker(java.time.Duration.ofSeconds(30));
            for (String strategy : strategies) {
                ExperimentConfig experiment = demoExperiment(strategy, iterations);
                String id = ExperimentRunner.newExperimentId();
                ids.add(id);
                System.err.println("demo: experiment " + id + " (" + strategy + "), " + experiment.iterations()
                        + " iterations on " + experiment.dataset().synthetic().trainCount() + " training problems");
                ExperimentActor.Status status = ExperimentRunner.run(local, id, experiment, System.err);
                ok &= status.state().equals("finished");
            }
            try (JournalReader reader = JournalReader.open(config.load())) {
                for (int i = 0; i < ids.size(); i++) {
                    facts.add(facts(reader, ids.get(i), strategies.get(i)));
                }
            }
            for (int i = 0; i < ids.size(); i++) {
                List<IterationMetrics> metrics =
                        ExperimentRunner.awaitMetrics(local, config.load(), ids.get(i), System.err);
                tables.add(DemoTable.of(ids.get(i), strategies.get(i), metrics));
                reports.add(SavedReport.write(
                                ids.get(i),
                                null,
                                metrics,
                                local.dataDir().resolve("reports").resolve(ids.get(i)))
                        .toAbsolutePath());
            }
        }
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("experiments", tables.stream().map(DemoTable::toJson).toList());
            out.put("reports", reports.stream().map(Path::toString).toList());
            out.put("experiment_ids", ids);
            out.put("verdicts", DemoVerdicts.lines(facts));
            Json.print(out);
        } else {
            tables.forEach(t -> System.out.println(t.render()));
            DemoVerdicts.lines(facts).forEach(System.out::println);
            reports.forEach(r -> System.out.println("report: " + r));
            ids.forEach(System.out::println);
        }
        return ok ? 0 : 1;
    }

    /** Every problem's events of the experiment, reduced one problem at a time. */
    private DemoVerdicts.Facts facts(JournalReader reader, String experimentId, String strategy) {
        DemoVerdicts.Facts facts = new DemoVerdicts.Facts(
                strategy, demoExperiment(strategy, iterations).acceptance().requireValidSteps());
        reader.await(reader.problemStreams(experimentId, lyceum.replay.Replay.DEFAULT_PARALLELISM)
                .runForeach(facts::add, reader.system()));
        return facts;
    }

    /** The demo's experiment file under {@code strategy}; {@code iterations} null keeps the file's. */
    static ExperimentConfig demoExperiment(String strategy, Integer iterations) {
        var demo = ConfigFactory.parseResources("demo-experiment.conf");
        var overrides = new LinkedHashMap<String, Object>();
        overrides.put("experiment.strategy.name", strategy);
        overrides.put("experiment.name", "demo-" + strategy);
        if (iterations != null) {
            overrides.put("experiment.iterations", iterations);
        }
        return ExperimentConfigLoader.fromConfig(
                ConfigFactory.parseMap(overrides).withFallback(demo), "demo");
    }
}
