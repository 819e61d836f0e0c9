package lyceum.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EndpointBenchmarkTest {

    @Test
    void aShortRunSendsEveryRequestOnceThroughEachPathAtEachConcurrency() {
        BenchResult result =
                EndpointBenchmark.run(new EndpointBenchmark.Settings(60, 20, List.of(2, 8), 2), ConfigFactory.empty());

        assertThat(result.benchmark()).isEqualTo("endpoint.samples-per-second");
        // per concurrency, the openai path and both plain clients: the warm-up and two rounds of 60, nothing
        // lost, nothing sent twice
        assertThat(result.details().get("server_answered")).isEqualTo(2L * 3 * (20 + 2 * 60));
        List<?> sizes = (List<?>) result.details().get("sizes");
        List<Object> concurrencies = sizes.stream()
                .map(r -> ((Map<?, ?>) r).get("concurrency"))
                .map(Object.class::cast)
                .toList();
        assertThat(concurrencies).containsExactly(2, 8);
        for (Object size : sizes) {
            Map<?, ?> row = (Map<?, ?>) size;
            assertThat((List<?>) row.get("openai_rounds")).hasSize(2);
            assertThat((List<?>) row.get("plain_rounds")).hasSize(2);
            assertThat((double) row.get("openai_samples_per_second")).isPositive();
        }
        assertThat(result.details().get("concurrency")).isEqualTo(2);
    }
}
