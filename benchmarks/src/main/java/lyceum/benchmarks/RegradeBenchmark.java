package lyceum.benchmarks;

import com.typesafe.config.Config;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import lyceum.cassandra.CassandraClientSettings;
import lyceum.cassandra.CqlSessions;
import lyceum.grading.Grader;
import lyceum.replay.AnswerGrader;
import lyceum.replay.JournalReader;
import lyceum.replay.Replay;
import lyceum.replay.ReplayOptions;

/**
 * Events per second of {@code lyceum replay --regrade} (every sampled and evaluated answer graded
 * again with the current grader, as the command does) against a plain replay of the same journal,
 * runs alternating, in the same run. The aim is a re-grading replay within 1.5 times the plain
 * one's time, a ratio of at least 0.67.
 *
 * <p>It replays the replay benchmark's own journal ({@link ReplayBenchmark}, written once and reused):
 * GSM8K-style rationales ending "The answer is N", most samples of a problem repeating one of a few
 * final answers, as real samples do.
 */
public final class RegradeBenchmark {

    /**
     * Timed runs of each side by default: a re-grading replay of the default journal takes most of a
     * minute on two shared cores, so one pair per invocation (after a warm-up), and the benchmark is
     * run several times for a spread.
     */
    static final int RUNS = 1;

    private RegradeBenchmark() {}

    /** The default run on the configured Cassandra (the embedded one unless contact points are set). */
    public static BenchResult run() {
        return ReplayBenchmark.onConfiguredCassandra(
                config -> run(config, ReplayBenchmark.DEFAULT_EVENTS, RUNS, System.err));
    }

    /**
     * @param config a node configuration naming a running Cassandra
     * @param events events in the journal (rounded to whole problems)
     * @param runs timed runs of each side, alternating; the best of each counts
     */
    public static BenchResult run(Config config, int events, int runs, PrintStream progress) {
        int problems = Math.max(1, events / BenchJournal.eventsPerProblem());
        String experimentId = ReplayBenchmark.experimentId(problems);
        Config bench = ReplayBenchmark.benchConfig(config);
        Map<String, Object> details = new LinkedHashMap<>();
        try (var session = CqlSessions.open(CassandraClientSettings.fromConfig(config))) {
            ReplayBenchmark.createKeyspaces(session, config);
        }
        details.put("journal_write_seconds", ReplayBenchmark.ensureJournal(bench, experimentId, problems, progress));
        List<Double> plainSeconds = new ArrayList<>();
        List<Double> regradeSeconds = new ArrayList<>();
        Replay.Result bestPlain = null;
        Replay.Result bestRegrade = null;
        try (JournalReader reader = JournalReader.open(bench)) {
            progress(progress, "warm-up replay");
            Replay.run(reader, experimentId, options(null, progress));
            for (int r = 1; r <= runs; r++) {
                Replay.Result plain = Replay.run(reader, experimentId, options(null, progress));
                plainSeconds.add(plain.seconds());
                progress(
                        progress,
                        String.format(
                                Locale.ROOT,
                                "run %d: plain replay of %d events in %.2f s",
                                r,
                                plain.events(),
                                plain.seconds()));
                // A new grader per run, as each `lyceum replay --regrade` has: no memory carried between runs.
                Replay.Result regrade = Replay.run(reader, experimentId, options(AnswerGrader.current(), progress));
                regradeSeconds.add(regrade.seconds());
                progress(
                        progress,
                        String.format(
                                Locale.ROOT,
                                "run %d: re-grading replay of %d events in %.2f s",
                                r,
                                regrade.events(),
                                regrade.seconds()));
                bestPlain = bestPlain == null || plain.seconds() < bestPlain.seconds() ? plain : bestPlain;
                bestRegrade = bestRegrade == null || regrade.seconds() < bestRegrade.seconds() ? regrade : bestRegrade;
            }
        }
        if (bestRegrade.events() != bestPlain.events()) {
            throw new IllegalStateException("the re-grading replay read " + bestRegrade.events()
                    + " events, the plain one " + bestPlain.events());
        }
        details.put("experiment_id", experimentId);
        details.put("events", bestPlain.events());
        details.put("problems", bestPlain.problems());
        details.put("parallelism", ReplayBenchmark.PARALLELISM);
        details.put("cores", Runtime.getRuntime().availableProcessors());
        details.put("runs", runs);
        details.put("plain_seconds", plainSeconds);
        details.put("regrade_seconds", regradeSeconds);
        details.put("regrade_over_plain_time", bestRegrade.seconds() / bestPlain.seconds());
        details.put("changed_verdicts", bestRegrade.regrade().count());
        details.put("answers_read_differently", bestRegrade.regrade().answersChanged());
        details.put("grader_version", Grader.VERSION);
        details.put("measured_is", "replay --regrade: journal read + re-grading every answer + metrics, events/s");
        details.put("baseline_is", "plain replay of the same journal, events/s");
        return BenchResult.of(
                "regrade", bestRegrade.eventsPerSecond(), bestPlain.eventsPerSecond(), "events/s", details);
    }

    private static ReplayOptions options(AnswerGrader grader, PrintStream progress) {
        return new ReplayOptions(null, grader, ReplayBenchmark.PARALLELISM, 0, progress);
    }

    private static void progress(PrintStream out, String line) {
        out.println("[regrade-bench] " + line);
    }
}
