package lyceum.benchmarks;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Journal events per second of the sampling phase through the real path (Cluster Sharding, problem
 * actors, the generation pool and a worker, grading, pekko-persistence-cassandra into a Cassandra 5 of
 * its own) against the plain driver writing the same rows into the same table in the same run.
 *
 * <p>Measured: per round, N registered problems × K samples of plain sampling; every problem journals
 * K {@code Sampled} events, K decisions ({@code Accepted}/{@code Rejected}) and the score of its reference
 * rationale ({@code ReferenceScored}), so 2·N·K + N events,
 * counted from the first {@code RunSampling} to the last {@code SamplingSummary}. Generation is
 * {@link InstantGenerator}, so the journal is what limits. Registration is done (and reported) first.
 *
 * <p>Baseline: the rows a warm-up round of problems journaled while sampling, read back and written
 * again for N problems (2·N·K + N rows) under new persistence ids by the plain driver, asynchronously with
 * at most 64 in flight: the best a plain client does on this machine at this moment.
 *
 * <p>Plain and actor rounds alternate; each side reports its best (other processes only ever slow a
 * round down). Details carry every round, and CPU and Cassandra operations per event and per row.
 */
public final class JournalBenchmark {

    /**
     * {@code problems} per round; {@code rounds} actor rounds, between {@code rounds + 1} plain ones. The
     * defaults warm up with a round's worth of problems and time four rounds a side: the JIT compiles the
     * actors' path over the first rounds, and with a warm-up of 200 problems and two rounds the second
     * round of either side ran up to a third faster than its first.
     */
    public record Settings(int problems, int samples, int rounds, int warmupProblems, int plainInFlight) {
        public static Settings defaults() {
            return new Settings(2_000, 8, 4, 2_000, 64);
        }
    }

    private static final int SAMPLING_IN_FLIGHT = 100_000; // all at once, as an experiment's window allows
    private static final int REGISTER_IN_FLIGHT = 1_000;

    private JournalBenchmark() {}

    public static BenchResult run() {
        return run(Settings.defaults(), ConfigFactory.empty());
    }

    /** {@code overrides} tops the configuration, e.g. {@code lyceum.home} when not run by the launcher. */
    public static BenchResult run(Settings settings, Config overrides) {
        return BenchCassandra.run("journal", overrides, (cassandra, progress) -> run(settings, cassandra, progress));
    }

    static BenchResult run(Settings settings, BenchCassandra cassandra, Progress progress) {
        try (BenchNode bench = BenchNode.start(cassandra, List.of(new InstantGenerator()))) {
            ProblemDriver driver = new ProblemDriver(bench.node().sharding(), progress);
            PlainJournalInserts plain =
                    new PlainJournalInserts(cassandra.session(), cassandra.journalKeyspace(), settings.plainInFlight());

            progress.say("warm-up: %d problems x %d samples", settings.warmupProblems(), settings.samples());
            driver.register("warmup", settings.warmupProblems(), REGISTER_IN_FLIGHT);
            driver.sample("warmup", settings.warmupProblems(), settings.samples(), SAMPLING_IN_FLIGHT);
            // sequence_nr 1 is the registration; the rest is what sampling journaled
            List<PlainJournalInserts.Partition> templates = plain.read(
                    IntStream.range(0, settings.warmupProblems())
                            .mapToObj(i -> ProblemDriver.persistenceId("warmup", i))
                            .toList(),
                    2);
            int rows = PlainJournalInserts.rowCount(templates, settings.problems());

            PhaseCost registrationCost = PhaseCost.start(cassandra);
            ProblemDriver.Phase registration =
                    driver.register("measured", settings.rounds() * settings.problems(), REGISTER_IN_FLIGHT);
            Map<String, Object> registrationCosts = registrationCost.stop(registration.problems(), "registration");
            double registrationRate = registration.problems() / registration.seconds();
            progress.say("registered %d problems at %.0f/s", registration.problems(), registrationRate);

            // Plain and actor rounds alternate, plain first and last, so that drifting load from other
            // processes reaches both; each side reports its best round.
            List<Double> plainRates = new ArrayList<>();
            List<Double> actorRates = new ArrayList<>();
            Map<String, Object> plainCosts = null;
            Map<String, Object> actorCosts = null;
            for (int round = 0; round <= settings.rounds(); round++) {
                PhaseCost plainCost = PhaseCost.start(cassandra);
                plainRates.add(rows / seconds(plain.write(templates, settings.problems(), "plain-" + round + "|")));
                plainCosts = plainCost.stop(rows, "row");
                progress.say("plain driver: %d rows at %.0f rows/s", rows, plainRates.get(round));
                if (round == settings.rounds()) {
                    break;
                }
                PhaseCost actorCost = PhaseCost.start(cassandra);
                ProblemDriver.Phase sampling = driver.sample(
                        "measured",
                        round * settings.problems(),
                        settings.problems(),
                        settings.samples(),
                        SAMPLING_IN_FLIGHT);
                // each sample is journaled, then decided once; each problem's reference score once
                long events = 2 * sampling.samples() + sampling.problems();
                actorCosts = actorCost.stop(events, "event");
                actorRates.add(events / sampling.seconds());
                progress.say(
                        "problem actors: %d events (%d Sampled) in %.1f s = %.0f events/s",
                        events, sampling.samples(), sampling.seconds(), actorRates.get(round));
            }
            double measured = Collections.max(actorRates);
            double baseline = Collections.max(plainRates);

            Map<String, Object> details = new LinkedHashMap<>();
            details.put("problems_per_round", settings.problems());
            details.put("samples_per_problem", settings.samples());
            details.put("events_per_round", 2L * settings.problems() * settings.samples() + settings.problems());
            details.put("rows_per_plain_round", rows);
            details.put("events_per_second_by_round", actorRates);
            details.put("plain_rows_per_second_by_round", plainRates);
            details.put("sampled_events_per_second", measured * settings.samples() / (2.0 * settings.samples() + 1));
            details.put("plain_in_flight", settings.plainInFlight());
            details.put("mean_row_event_bytes", meanEventBytes(templates));
            details.put("registrations_per_second", registrationRate);
            details.put("problem_actor_costs_last_round", actorCosts);
            details.put("plain_costs_last_round", plainCosts);
            details.put("registration_costs", registrationCosts);
            details.put(
                    "measured_rule",
                    "Sampled + Accepted/Rejected + ReferenceScored events journaled per second, first"
                            + " RunSampling to last SamplingSummary, best round");
            details.put("baseline_rule", "the same rows by the plain driver, async, best round");
            return BenchResult.of("journal.sampling", measured, baseline, "events/s", details);
        }
    }

    private static double meanEventBytes(List<PlainJournalInserts.Partition> partitions) {
        return partitions.stream()
                .flatMap(p -> p.rows().stream())
                .mapToInt(r -> r.getByteBuffer("event").remaining())
                .average()
                .orElse(0);
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
