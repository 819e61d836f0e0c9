package lyceum.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkersBenchmarkTest {

    @Test
    void aShortRunReportsTheBusyShareAndThroughputOfEachWorkerCount() {
        BenchResult result = WorkersBenchmark.run(
                new WorkersBenchmark.Settings(
                        List.of(1, 2),
                        Duration.ofMillis(5),
                        Duration.ofNanos(100_000),
                        Duration.ofMillis(500),
                        Duration.ofSeconds(1)),
                ConfigFactory.empty());

        assertThat(result.benchmark()).isEqualTo("workers.busy-share");
        assertThat(result.baseline()).isEqualTo(1.0);
        assertThat(result.ratio()).isFinite().isPositive();
        List<?> sizes = (List<?>) result.details().get("sizes");
        assertThat(sizes).hasSize(2);
        for (Object size : sizes) {
            Map<?, ?> row = (Map<?, ?>) size;
            assertThat((double) row.get("busy_share")).isBetween(0.3, 1.1);
            assertThat((double) row.get("requests_per_second")).isPositive();
            // the devices cannot be beaten: 32 requests take at least 5 + 32 x 0.1 ms
            assertThat((double) row.get("throughput_share")).isLessThanOrEqualTo(1.0);
        }
        assertThat(((Map<?, ?>) sizes.get(1)).get("workers")).isEqualTo(2);
        assertThat(result.measured())
                .isEqualTo(sizes.stream()
                        .mapToDouble(r -> (double) ((Map<?, ?>) r).get("busy_share"))
                        .min()
                        .orElseThrow());
    }
}
