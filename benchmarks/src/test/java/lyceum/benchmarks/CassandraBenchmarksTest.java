package lyceum.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.InstanceOfAssertFactories.LIST;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The benchmarks that journal, at tiny sizes, on one Cassandra 5 of their own for the whole class. */
class CassandraBenchmarksTest {

    static BenchCassandra cassandra;

    @BeforeAll
    static void startCassandra() {
        // Surefire runs in the module directory; the Cassandra classpath file is under the project root.
        String home = Path.of("..").toAbsolutePath().normalize().toString();
        cassandra = BenchCassandra.start(
                ConfigFactory.parseMap(Map.of("lyceum.home", home, "lyceum.cassandra.embedded.max-heap", "768M")),
                new Progress("test"));
    }

    @AfterAll
    static void stopCassandra() {
        if (cassandra != null) {
            cassandra.close();
        }
    }

    @Test
    void journalBenchmarkComparesTheActorPathWithPlainInsertsOfTheSameRows() {
        BenchResult result =
                JournalBenchmark.run(new JournalBenchmark.Settings(30, 4, 1, 8, 16), cassandra, new Progress("test"));
        assertThat(result.benchmark()).isEqualTo("journal.sampling");
        assertThat(result.unit()).isEqualTo("events/s");
        assertThat(result.measured()).isPositive();
        assertThat(result.baseline()).isPositive();
        assertThat(result.ratio()).isFinite().isPositive();
        assertThat(result.details()).containsEntry("events_per_round", 270L);
        // a registration, then 4 samples, 4 decisions and a reference score journaled per warm-up problem, copied
        // per plain partition
        assertThat(result.details()).containsEntry("rows_per_plain_round", 30 * 9);
        assertThat(result.details().get("events_per_second_by_round"))
                .asInstanceOf(LIST)
                .containsExactly(result.measured());
        assertThat(result.details().get("plain_rows_per_second_by_round"))
                .asInstanceOf(LIST)
                .hasSize(2)
                .contains(result.baseline());
        // a problem's generations arrive together and are journaled together: far fewer writes than events
        Map<?, ?> costs = (Map<?, ?>) result.details().get("problem_actor_costs_last_round");
        Map<?, ?> operations = (Map<?, ?>) costs.get("cassandra_operations_per_event");
        assertThat((double) operations.get("writes:messages")).isPositive().isLessThan(0.5);
    }

    @Test
    void scaleBenchmarkReportsHeapAndThroughputPerSize() {
        BenchResult result = ScaleBenchmark.run(
                new ScaleBenchmark.Settings(List.of(100, 200), 50, Duration.ZERO, 100),
                cassandra,
                new Progress("test"));
        assertThat(result.benchmark()).isEqualTo("scale.first-sample");
        assertThat(result.unit()).isEqualTo("problems/s");
        List<?> sizes = (List<?>) result.details().get("sizes");
        assertThat(sizes).hasSize(2);
        Map<?, ?> smallest = (Map<?, ?>) sizes.get(0);
        Map<?, ?> largest = (Map<?, ?>) sizes.get(1);
        // every size is compared, above baselineUpTo on that many problems; the result is the largest's
        assertThat(largest.get("baseline_problems_per_second")).isEqualTo(result.baseline());
        assertThat(largest.get("compared_problems_per_second")).isEqualTo(result.measured());
        assertThat(smallest.get("compared_problems_per_round")).isEqualTo(12);
        assertThat(largest.get("compared_problems_per_round")).isEqualTo(12);
        // the compared rounds journaled their own problems' registrations with their work
        Map<?, ?> comparedCosts = (Map<?, ?>) smallest.get("compared_costs");
        assertThat((double) ((Map<?, ?>) comparedCosts.get("cassandra_operations_per_problem")).get("writes:messages"))
                .isPositive();
        assertThat(smallest.containsKey("baseline_costs")).isTrue();
        assertThat(largest.get("problems")).isEqualTo(200);
        assertThat((double) largest.get("problems_per_second")).isPositive();
        assertThat((double) largest.get("journal_events_per_second"))
                .isEqualTo(4 * (double) largest.get("problems_per_second"), within(1e-6));
        // Heap per problem is a difference of two heap readings: GC can make it negative at tiny sizes.
        assertThat((double) largest.get("heap_bytes_per_problem")).isFinite();
        // far below the active-entity limit, so every problem and warm-up problem is still in memory
        assertThat(largest.get("active_entities")).isEqualTo(250);
        // problems spread over the configured shards only: each new shard costs a serial allocation
        assertThat(result.details()).containsEntry("problem_shards", 100);
        assertThat((int) largest.get("shards")).isGreaterThan(1).isLessThanOrEqualTo(100);
        // each problem wrote its registration with its work, all before its reply
        Map<?, ?> costs = (Map<?, ?>) largest.get("costs");
        Map<?, ?> operations = (Map<?, ?>) costs.get("cassandra_operations_per_problem");
        assertThat((double) operations.get("writes:messages")).isPositive();
    }
}
