package lyceum.dashboard;

import com.datastax.oss.driver.api.core.CqlSession;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lyceum.cassandra.CassandraClientSettings;
import lyceum.cassandra.CqlSessions;
import lyceum.cassandra.LyceumKeyspaces;
import lyceum.events.SampleId;
import lyceum.experiment.ExperimentActor;
import lyceum.metrics.IterationMetrics;
import lyceum.metrics.ProblemSummary;
import lyceum.projections.metrics.MetricsQuery;
import lyceum.replay.ExperimentDiff;
import lyceum.replay.ExportFormat;
import lyceum.replay.JournalReader;
import lyceum.replay.ProblemHistory;
import lyceum.replay.Replay;
import lyceum.replay.ReplayOptions;
import lyceum.replay.SampleAudit;
import lyceum.replay.SampleAuditor;
import lyceum.replay.TrainingExport;
import lyceum.tracking.MetricScalars;

/**
 * What the dashboard shows, each from the read path its command uses: status, metrics, history, audit,
 * export and diff. It computes nothing of its own. Blocking: call it off the HTTP dispatcher.
 */
public final class DashboardData implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper().findAndRegisterModules();

    /** Which problems of an iteration a drill-down lists. */
    public enum ProblemFilter {
        ALL,
        UNCOVERED,
        HARDEST,
        HARDEST_UNCOVERED;

        static ProblemFilter parse(String text) {
            try {
                return valueOf(text.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "filter '" + text + "' is not one of all, uncovered, hardest," + " hardest-uncovered");
            }
        }
    }

    /** One problem of an iteration as the metrics counted it. */
    public record ProblemRow(
            String problemId,
            int difficultyBucket,
            int samples,
            int roundZeroCorrect,
            int correctAllRounds,
            int accepted) {}

    private final JournalReader reader;
    private final CqlSession session;
    private final MetricsQuery metrics;

    private DashboardData(JournalReader reader, CqlSession session, MetricsQuery metrics) {
        this.reader = reader;
        this.session = session;
        this.metrics = metrics;
    }

    /** Opens the journal and the read side of the node configuration's Cassandra. */
    public static DashboardData open(Config config) {
        JournalReader reader = JournalReader.open(config);
        try {
            CqlSession session = CqlSessions.open(CassandraClientSettings.fromConfig(config));
            return new DashboardData(
                    reader,
                    session,
                    MetricsQuery.create(
                            session, LyceumKeyspaces.fromConfig(config).readSide()));
        } catch (RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    JournalReader reader() {
        return reader;
    }

    /** Every experiment, as {@code lyceum status --json}. */
    public List<ExperimentActor.Status> experiments() {
        List<ExperimentActor.Status> out = new ArrayList<>();
        for (String id : reader.experimentIds()) {
            out.add(ExperimentActor.Status.fromJournal(id, reader.experimentEvents(id)));
        }
        return out;
    }

    public ExperimentActor.Status experiment(String id) {
        var events = reader.experimentEvents(id);
        if (events.isEmpty()) {
            throw new NotFound("no experiment '" + id + "' in the journal");
        }
        return ExperimentActor.Status.fromJournal(id, events);
    }

    /**
     * As {@code lyceum metrics --json}, with each iteration's scalars under their interval names for the
     * charts.
     */
    public Map<String, Object> metrics(String id) {
        ExperimentActor.Status summary = experiment(id);
        List<IterationMetrics> iterations = metrics.storedOrComputed(id);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("experiment", summary);
        out.put("iterations", iterations);
        out.put("scalars", MetricScalars.of(iterations));
        return out;
    }

    /** The problems behind an iteration's figures, hardest and least covered first. */
    public Map<String, Object> problems(String id, int iteration, String filterName) {
        ProblemFilter filter = ProblemFilter.parse(filterName);
        experiment(id);
        List<ProblemSummary> all = metrics.problemSummaries(id, iteration);
        int hardest =
                all.stream().mapToInt(ProblemSummary::difficultyBucket).max().orElse(-1);
        List<ProblemRow> rows = all.stream()
                .filter(p -> switch (filter) {
                    case ALL -> true;
                    case UNCOVERED -> p.correctAllRounds() == 0;
                    case HARDEST -> p.difficultyBucket() == hardest;
                    case HARDEST_UNCOVERED -> p.difficultyBucket() == hardest && p.correctAllRounds() == 0;
                })
                .map(p -> new ProblemRow(
                        p.problemId(),
                        p.difficultyBucket(),
                        p.samples(),
                        p.roundZeroCorrect(),
                        p.correctAllRounds(),
                        p.accepted()))
                .sorted(java.util.Comparator.comparingInt(ProblemRow::difficultyBucket)
                        .reversed()
                        .thenComparingInt(ProblemRow::correctAllRounds)
                        .thenComparing(ProblemRow::problemId))
                .toList();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("experiment", id);
        out.put("iteration", iteration);
        out.put("filter", filter.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        out.put("hardest_bucket", hardest < 0 ? null : hardest);
        out.put("problems_in_iteration", all.size());
        out.put("problems", rows);
        return out;
    }

    /** As {@code lyceum history}. */
    public ProblemHistory history(String id, String problemId) {
        try {
            return ProblemHistory.of(id, problemId, reader.problemHistory(id, problemId));
        } catch (IllegalArgumentException e) {
            throw new NotFound(e.getMessage());
        }
    }

    /** As {@code lyceum audit}. */
    public SampleAudit audit(String sampleId) {
        SampleId id = SampleAuditor.locate(sampleId);
        try {
            return SampleAuditor.audit(
                    sampleId,
                    reader.problemHistory(id.experimentId(), id.problemId()),
                    reader.experimentHistory(id.experimentId()),
                    null);
        } catch (IllegalArgumentException e) {
            throw new NotFound(e.getMessage());
        }
    }

    /** As {@code lyceum export}: the records, one JSON object each. */
    public Map<String, Object> export(String id, int iteration, String format) throws Exception {
        ExportFormat exportFormat = ExportFormat.parse(format);
        experiment(id);
        StringWriter lines = new StringWriter();
        TrainingExport.Summary summary = TrainingExport.run(reader, id, iteration, exportFormat, lines, quiet());
        List<Object> records = new ArrayList<>();
        for (String line : lines.toString().split("\n")) {
            if (!line.isBlank()) {
                records.add(MAPPER.readTree(line));
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("experiment", id);
        out.put("iteration", iteration);
        out.put("format", exportFormat.key());
        out.put("problems", summary.problems());
        out.put("records", records);
        return out;
    }

    /** As {@code lyceum diff}: both recomputed from their journals. */
    public ExperimentDiff diff(String a, String b) {
        experiment(a);
        experiment(b);
        ReplayOptions options = ReplayOptions.defaults(quiet());
        return ExperimentDiff.of(
                a,
                Replay.run(reader, a, options).metrics(),
                b,
                Replay.run(reader, b, options).metrics());
    }

    private static PrintStream quiet() {
        return new PrintStream(OutputStream.nullOutputStream());
    }

    @Override
    public void close() {
        session.close();
        reader.close();
    }

    /** An id the journal does not hold: 404 with the message. */
    public static final class NotFound extends RuntimeException {
        public NotFound(String message) {
            super(message);
        }
    }
}
