package lyceum.cli;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.concurrent.Callable;
import lyceum.benchmarks.BenchResult;
import lyceum.benchmarks.GenerateBenchmark;
import lyceum.benchmarks.MetricsBenchmark;
import lyceum.benchmarks.ReplayBenchmark;
import lyceum.benchmarks.ScaleBenchmark;
import lyceum.benchmarks.TrainBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Benchmarks, each measured against a baseline in the same run and printed as a ratio. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Run a benchmark: generate, train, metrics, replay, regrade, journal, workers, scale, endpoint.")
final class BenchCommand implements Callable<Integer> {

    @Parameters(
            paramLabel = "NAME",
            description = "generate | train | metrics | replay | regrade | journal | workers | scale | endpoint")
    String name;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Option(
            names = "--sizes",
            split = ",",
            paramLabel = "N,N,...",
            description = "scale only: the numbers of problems, e.g. 10000,100000,1000000 (default 10000,100000).")
    List<Integer> sizes;

    @Override
    public Integer call() {
        if (sizes != null && !"scale".equals(name)) {
            throw new IllegalArgumentException("--sizes is for the scale benchmark only, not '" + name + "'");
        }
        if (sizes != null && sizes.stream().anyMatch(n -> n <= 0)) {
            throw new IllegalArgumentException("--sizes: every size must be positive, got " + sizes);
        }
        BenchResult result = switch (name) {
            case "generate" -> GenerateBenchmark.run();
            case "train" -> TrainBenchmark.run();
            case "metrics" -> MetricsBenchmark.run();
            case "replay" -> ReplayBenchmark.run();
            case "regrade" -> lyceum.benchmarks.RegradeBenchmark.run();
            case "journal" -> lyceum.benchmarks.JournalBenchmark.run();
            case "workers" -> lyceum.benchmarks.WorkersBenchmark.run();
            case "scale" ->
                sizes == null
                        ? ScaleBenchmark.run()
                        : ScaleBenchmark.run(
                                ScaleBenchmark.Settings.defaults().withSizes(sizes), ConfigFactory.empty());
            case "endpoint" -> lyceum.benchmarks.EndpointBenchmark.run();
            default ->
                throw new IllegalArgumentException("unknown benchmark '" + name
                        + "': generate, train, metrics, replay, regrade, journal, workers, scale or endpoint");
        };
        if (json) {
            Json.print(result);
        } else {
            System.out.printf(
                    "%s: %.4g %s against a baseline of %.4g %s: ratio %.3f%n",
                    result.benchmark(),
                    result.measured(),
                    result.unit(),
                    result.baseline(),
                    result.unit(),
                    result.ratio());
            result.details().forEach((k, v) -> System.out.println("  " + k + ": " + v));
        }
        return 0;
    }
}
