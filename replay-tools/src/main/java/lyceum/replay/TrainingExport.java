package lyceum.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import lyceum.problem.Prompts;

/**
 * Writes an iteration's training data as JSON Lines in one of the {@link ExportFormat}s, reading the
 * journal problem by problem (a few at once) so memory holds only the problems in flight.
 */
public final class TrainingExport {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TrainingExport() {}

    /**
     * @param records lines written
     * @param pairSources for DPO, pairs per {@link TrainingRecords} source; empty otherwise
     */
    public record Summary(
            String experimentId,
            int iteration,
            ExportFormat format,
            long records,
            int problems,
            Map<String, Long> pairSources) {}

    public static Summary run(
            JournalReader reader,
            String experimentId,
            int iteration,
            ExportFormat format,
            Writer out,
            PrintStream progress) {
        Progress tracker = new Progress("export " + experimentId, 0, progress);
        long[] written = {0};
        Map<String, Long> sources = new TreeMap<>();
        Prompts prompts = JournaledPrompts.of(reader.experimentEvents(experimentId));
        reader.await(reader.problemStreams(experimentId, Replay.DEFAULT_PARALLELISM)
                .runForeach(
                        events -> {
                            List<Map<String, Object>> records = TrainingRecords.of(events, iteration, format, prompts);
                            for (Map<String, Object> record : records) {
                                write(out, record);
                                written[0]++;
                                Object source = record.get("pair_source");
                                if (source != null) {
                                    sources.merge(source.toString(), 1L, Long::sum);
                                }
                            }
                            tracker.problem(events.size());
                        },
                        reader.system()));
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (tracker.problems() == 0) {
            throw new IllegalArgumentException("no problems of experiment '" + experimentId + "' in the journal");
        }
        return new Summary(experimentId, iteration, format, written[0], tracker.problems(), sources);
    }

    private static void write(Writer out, Map<String, Object> record) {
        try {
            out.write(MAPPER.writeValueAsString(record));
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the export", e);
        }
    }
}
