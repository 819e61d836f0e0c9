package lyceum.benchmarks;

import java.util.LinkedHashMap;
import java.util.Map;

/** Where one phase's time went: CPU of each process and Cassandra mutations per table, per unit of work. */
final class PhaseCost {

    private final CpuClock cpu;
    private final TableWriteCounts tables;
    private final CpuClock.Reading cpuAtStart;
    private final Map<String, Long> tablesAtStart;

    private PhaseCost(CpuClock cpu, TableWriteCounts tables) {
        this.cpu = cpu;
        this.tables = tables;
        this.cpuAtStart = cpu.read();
        this.tablesAtStart = tables.read();
    }

    static PhaseCost start(BenchCassandra cassandra) {
        return new PhaseCost(
                new CpuClock(cassandra.pid()), new TableWriteCounts(cassandra.session(), cassandra.journalKeyspace()));
    }

    /** CPU milliseconds per unit in each process and Cassandra operations per unit by table. */
    Map<String, Object> stop(long units, String unit) {
        CpuClock.Reading used = cpu.read().minus(cpuAtStart);
        Map<String, Object> cost = new LinkedHashMap<>();
        cost.put("benchmark_jvm_cpu_ms_per_" + unit, 1000 * used.benchmarkSeconds() / units);
        cost.put("cassandra_cpu_ms_per_" + unit, 1000 * used.cassandraSeconds() / units);
        cost.put("cassandra_operations_per_" + unit, TableWriteCounts.perUnit(tablesAtStart, tables.read(), units));
        return cost;
    }
}
