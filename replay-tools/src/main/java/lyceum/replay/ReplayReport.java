package lyceum.replay;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Locale;
import lyceum.metrics.IterationMetrics;
import lyceum.metrics.MetricsVersion;
import lyceum.report.MetricsTable;

/**
 * What {@code lyceum replay --json} prints: the recomputed metrics in the shape of
 * {@code lyceum metrics --json}, how they differ from what the read side stored, and with
 * {@code --regrade} the verdicts that changed and what that did to each metric.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ReplayReport(
        String experiment,
        List<IterationMetrics> iterations,
        MetricsComparison differences,
        RegradeSummary changedVerdicts,
        Stats replay) {

    /** How the replay went. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Stats(
            long events,
            int problems,
            double seconds,
            double eventsPerSecond,
            Integer asOfIteration,
            String metricsVersion,
            long repeatsIgnored) {}

    /** {@code stored}: what the read side holds (MetricsQuery.storedMetrics), compared up to the cut. */
    public static ReplayReport of(Replay.Result result, List<IterationMetrics> stored, Integer asOfIteration) {
        List<IterationMetrics> storedInRange = stored.stream()
                .filter(m -> asOfIteration == null || m.iteration() <= asOfIteration)
                .toList();
        return new ReplayReport(
                result.experimentId(),
                result.metrics(),
                MetricsComparison.between(storedInRange, result.metrics()),
                result.regrade(),
                new Stats(
                        result.events(),
                        result.problems(),
                        result.seconds(),
                        result.eventsPerSecond(),
                        asOfIteration,
                        MetricsVersion.CURRENT,
                        result.repeatsIgnored()));
    }

    /** The plain-text report. */
    public String render() {
        StringBuilder out = new StringBuilder();
        out.append("Recomputed metrics of ")
                .append(experiment)
                .append(replay.asOfIteration() == null ? "" : " as of iteration " + replay.asOfIteration())
                .append(" (")
                .append(replay.events())
                .append(" events, ")
                .append(replay.problems())
                .append(" problems)\n\n");
        out.append(MetricsTable.render(iterations)).append('\n');
        out.append("Against the stored read-side metrics: ");
        if (differences.identical()) {
            out.append("identical in every metric of iterations ")
                    .append(differences.comparedIterations())
                    .append(".\n");
        } else {
            out.append(differences.metrics().size()).append(" difference(s)");
            if (!differences.onlyAfter().isEmpty()) {
                out.append("; not stored: iterations ").append(differences.onlyAfter());
            }
            if (!differences.onlyBefore().isEmpty()) {
                out.append("; stored but not recomputed: iterations ").append(differences.onlyBefore());
            }
            out.append('\n');
            appendDifferences(out, differences.metrics(), "stored", "recomputed");
        }
        if (changedVerdicts != null) {
            RegradeSummary r = changedVerdicts;
            out.append(String.format(
                    Locale.ROOT,
                    "%nRe-graded with %s: %d verdict(s) changed (%d samples, %d evaluations, %d refinements):"
                            + " %d now correct, %d now wrong, of which %d were accepted for training;"
                            + " %d other answers read differently.%n",
                    String.join(", ", r.graderVersions()),
                    r.count(),
                    r.samples(),
                    r.evaluations(),
                    r.refinements(),
                    r.nowCorrect(),
                    r.nowWrong(),
                    r.acceptedNowWrong(),
                    r.answersChanged()));
            for (ChangedVerdict c : r.listed()) {
                out.append(String.format(
                        Locale.ROOT,
                        "  %s (%s): %s -> %s, answer %s -> %s%s%n",
                        c.id(),
                        c.kind(),
                        c.wasCorrect() ? "correct" : "wrong",
                        c.nowCorrect() ? "correct" : "wrong",
                        c.extractedBefore(),
                        c.extractedAfter(),
                        c.decision() == null ? "" : ", " + c.decision()));
            }
            if (r.count() > r.listed().size()) {
                out.append("  ... ")
                        .append(r.count() - r.listed().size())
                        .append(" more (first ")
                        .append(r.listedCap())
                        .append(" by id listed)\n");
            }
            out.append("Effect on the metrics (journaled verdicts -> re-graded):\n");
            appendDifferences(out, r.metricEffects(), "journaled", "re-graded");
        }
        return out.toString();
    }

    private static void appendDifferences(
            StringBuilder out, List<MetricDifference> diffs, String before, String after) {
        if (diffs.isEmpty()) {
            out.append("  none\n");
        }
        for (MetricDifference d : diffs) {
            out.append(String.format(
                    Locale.ROOT,
                    "  iteration %d %-40s %s %s, %s %s%n",
                    d.iteration(),
                    d.metric(),
                    before,
                    d.before(),
                    after,
                    d.after()));
        }
    }
}
