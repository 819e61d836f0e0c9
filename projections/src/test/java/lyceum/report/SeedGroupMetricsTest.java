package lyceum.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import lyceum.metrics.IterationMetrics;
import lyceum.metrics.Uncertainty;
import lyceum.metrics.journal.MetricsFromEvents;
import lyceum.projections.ExperimentScript;
import lyceum.tracking.MetricScalars;
import org.junit.jupiter.api.Test;

class SeedGroupMetricsTest {

    @Test
    void everyFigureIsTheMeanOfTheRunsWithTheirTInterval() {
        Map<String, List<IterationMetrics>> runs = new LinkedHashMap<>();
        for (long seed : new long[] {3, 4, 5}) {
            String id = "g-seed" + seed;
            runs.put(
                    id,
                    MetricsFromEvents.compute(
                            id, ExperimentScript.generate(id, seed, 12, 4, 2, 2).events()));
        }

        SeedGroupMetrics group = SeedGroupMetrics.of("g", runs);

        assertThat(group.experiments()).containsExactly("g-seed3", "g-seed4", "g-seed5");
        assertThat(group.iterations())
                .extracting(SeedGroupMetrics.Iteration::iteration)
                .containsExactly(0, 1, 2);
        int checked = 0;
        for (SeedGroupMetrics.Iteration it : group.iterations()) {
            assertThat(it.runs()).isEqualTo(3);
            for (var entry : it.figures().entrySet()) {
                double[] values = runs.values().stream()
                        .map(metrics -> MetricScalars.of(metrics).get(it.iteration()))
                        .map((SortedMap<String, Double> scalars) -> scalars.get(entry.getKey()))
                        .filter(v -> v != null)
                        .mapToDouble(Double::doubleValue)
                        .toArray();
                SeedGroupMetrics.Figure f = entry.getValue();
                assertThat(f.n()).isEqualTo(values.length);
                assertThat(f.mean())
                        .isCloseTo(java.util.Arrays.stream(values).average().orElseThrow(), within(1e-12));
                assertThat(f.interval()).isEqualTo(Uncertainty.tMean(values));
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(50);
        assertThat(group.iterations().get(1).figures().get("coverage").interval())
                .isNotNull();
        assertThat(group.render())
                .contains("g: 3 runs (g-seed3, g-seed4, g-seed5)")
                .contains("coverage");
    }
}
