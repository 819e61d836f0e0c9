package lyceum.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import lyceum.metrics.IterationMetrics;
import lyceum.metrics.Uncertainty;
import lyceum.tracking.MetricScalars;

/**
 * One experiment run under several seeds (a seed group): every figure of {@link MetricScalars} per
 * iteration as its mean over the seeds' runs, with Student's t interval across them
 * ({@link Uncertainty#tMean}). A figure a run does not define in an iteration (say, pass@k of a size it
 * did not sample) is averaged over the runs that do, and {@code n} says how many.
 *
 * @param experiments the runs, one per seed, in seed order
 */
public record SeedGroupMetrics(
        @JsonProperty("group") String group,
        @JsonProperty("experiments") List<String> experiments,
        @JsonProperty("iterations") List<Iteration> iterations) {

    /** A figure across the runs: its mean, sample standard deviation and 95% t interval (null for one run). */
    public record Figure(
            @JsonProperty("mean") double mean,
            @JsonProperty("sd") Double sd,
            @JsonProperty("n") int n,
            @JsonProperty("interval") Uncertainty.Interval interval,
            @JsonProperty("runs") List<Double> runs) {

        static Figure of(List<Double> runs) {
            double[] values = runs.stream().mapToDouble(Double::doubleValue).toArray();
            double mean = java.util.Arrays.stream(values).average().orElseThrow();
            Double sd = null;
            if (values.length > 1) {
                double sum = 0;
                for (double v : values) {
                    sum += (v - mean) * (v - mean);
                }
                sd = Math.sqrt(sum / (values.length - 1));
            }
            return new Figure(mean, sd, values.length, Uncertainty.tMean(values), List.copyOf(runs));
        }
    }

    /** One iteration: how many runs reached it, and each figure across them, by name. */
    public record Iteration(
            @JsonProperty("iteration") int iteration,
            @JsonProperty("runs") int runs,
            @JsonProperty("figures") SortedMap<String, Figure> figures) {}

    /** {@code runs}: each run's metrics by its experiment id, in seed order. */
    public static SeedGroupMetrics of(String group, Map<String, List<IterationMetrics>> runs) {
        SortedMap<Integer, SortedMap<String, List<Double>>> values = new TreeMap<>();
        SortedMap<Integer, Integer> reached = new TreeMap<>();
        runs.values()
                .forEach(metrics -> MetricScalars.of(metrics).forEach((iteration, scalars) -> {
                    reached.merge(iteration, 1, Integer::sum);
                    scalars.forEach((name, value) -> values.computeIfAbsent(iteration, t -> new TreeMap<>())
                            .computeIfAbsent(name, k -> new ArrayList<>())
                            .add(value));
                }));
        List<Iteration> iterations = new ArrayList<>();
        values.forEach((iteration, byName) -> {
            SortedMap<String, Figure> figures = new TreeMap<>();
            byName.forEach((name, list) -> figures.put(name, Figure.of(list)));
            iterations.add(
                    new Iteration(iteration, reached.get(iteration), Collections.unmodifiableSortedMap(figures)));
        });
        return new SeedGroupMetrics(group, List.copyOf(runs.keySet()), List.copyOf(iterations));
    }

    /** The figures as the dashboard's page draws them: means as scalars, t intervals as bands. */
    public SortedMap<Integer, SortedMap<String, Double>> means() {
        SortedMap<Integer, SortedMap<String, Double>> out = new TreeMap<>();
        iterations.forEach(it -> {
            SortedMap<String, Double> means = new TreeMap<>();
            it.figures().forEach((name, f) -> means.put(name, f.mean()));
            out.put(it.iteration(), means);
        });
        return out;
    }

    /** The plain-text table: per iteration, each figure's mean, its interval and the runs behind it. */
    public String render() {
        StringBuilder out = new StringBuilder();
        out.append(group)
                .append(": ")
                .append(experiments.size())
                .append(" runs (")
                .append(String.join(", ", experiments))
                .append("); mean across runs with its 95% t interval\n");
        for (Iteration it : iterations) {
            out.append("\niteration ")
                    .append(it.iteration())
                    .append(" (")
                    .append(it.runs())
                    .append(" runs)\n");
            out.append(
                    String.format(Locale.ROOT, "  %-56s %12s  %-27s %3s%n", "figure", "mean", "95% t interval", "n"));
            it.figures()
                    .forEach((name, f) -> out.append(String.format(
                            Locale.ROOT,
                            "  %-56s %12s  %-27s %3d%n",
                            name,
                            number(f.mean()),
                            f.interval() == null
                                    ? MetricColumn.NONE
                                    : "[" + number(f.interval().low()) + ", "
                                            + number(f.interval().high()) + "]",
                            f.n())));
        }
        return out.toString();
    }

    static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e12
                ? Long.toString((long) value)
                : String.format(Locale.ROOT, "%.4f", value);
    }
}
