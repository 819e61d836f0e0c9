package lyceum.benchmarks;

import java.util.Map;

/**
 * The outcome of one benchmark: the measured figure against a baseline measured in the same run.
 * {@code ratio} is measured over baseline; {@code details} holds any further figures (per-size rows,
 * settings) for the JSON output.
 */
public record BenchResult(
        String benchmark, double measured, double baseline, double ratio, String unit, Map<String, Object> details) {

    public static BenchResult of(
            String benchmark, double measured, double baseline, String unit, Map<String, Object> details) {
        return new BenchResult(benchmark, measured, baseline, measured / baseline, unit, details);
    }
}
